"""What the reading stage produces: spans of text with where they were read and how sure the reader was.

Coordinates are in page units: PDF points (1/72 in) for PDF pages, pixels for images, with the origin at
the top-left corner of the page as the reviewer sees it (after any rotation the reader corrected). Word and Excel
files have no pages of their own: their paragraphs, tables and cells are laid out on notional pages in points
(source "office"), so that the same geometric readers apply, and each span names where it is in the file (`ref`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1

SpanSource = Literal["text_layer", "ocr", "office"]


class Span(BaseModel):
    """One line (or cell) of text on one page."""

    text: str
    page: int = Field(ge=1, description="1-based page number within the file")
    bbox: BBox
    confidence: float = Field(ge=0.0, le=1.0)
    source: SpanSource
    ref: str | None = Field(None, description="where in a file without pages the text stands (Word: 表格 1 第 3 行"
                                              "第 2 列; Excel: 工作表“申报表” C5)")


class Cell(BaseModel):
    """One cell of a table: its place in the grid, its box and its text (wrapped lines joined)."""

    row: int = Field(ge=0)
    col: int = Field(ge=0)
    bbox: BBox
    text: str = ""
    row_span: int = Field(1, ge=1)
    col_span: int = Field(1, ge=1)


TableSource = Literal["pdf_rules", "pdf_text_columns", "image_rules", "office"]
RULED: tuple[TableSource, ...] = ("pdf_rules", "image_rules", "office")  # drawn rules, not aligned text


class Table(BaseModel):
    """A table found on a page, from its ruling lines (a PDF's drawn rules or the lines of a scan)."""

    page: int = Field(ge=1)
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell] = Field(default_factory=list)
    source: TableSource
    settings: dict[str, str | float | int] = Field(default_factory=dict, description="finder settings used")

    def grid(self) -> list[list[str]]:
        """Rows of cell texts; a spanning cell's text stands in its first row and column."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if c.row < self.n_rows and c.col < self.n_cols:
                out[c.row][c.col] = c.text
        return out


class SealText(BaseModel):
    """What the ring of a round red seal on a scanned page says, as read (pipeline/ocr/seals.py): the seal is
    left out of the page's spans, and its readings are only used once matched to a registered body."""

    page: int = Field(ge=1)
    bbox: BBox
    readings: list[str] = Field(description="the ring's text read at several depths of the ring, in order")
    confidence: float = Field(ge=0.0, le=1.0)


class PageText(BaseModel):
    """One page of a file, read."""

    page: int = Field(ge=1)
    width: float
    height: float
    source: SpanSource
    rotation: int = Field(0, description="clockwise degrees the reader turned the page to read it")
    spans: list[Span] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list, description="ruled tables found on the page")
    seals: list[SealText] = Field(default_factory=list, description="round red seals read on a scanned page")
    reason: str = Field("", description="why this page was read the way it was (text layer usable, OCR because …)")
    warning: str = Field("", description="what a reviewer must know about this page's reading (e.g. a text layer "
                                         "that was not trusted); shown in the draft")

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.spans)


class FileText(BaseModel):
    """Every page of one uploaded file."""

    file: str
    sha256: str
    media_type: str
    pages: list[PageText] = Field(default_factory=list)


class DocumentText(BaseModel):
    """One document found in a file (a file may hold several: a scanned 合订本), with its spans."""

    file: str
    sha256: str
    pages: list[int]
    type: str
    type_evidence: list[str] = Field(default_factory=list)
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    spans: list[Span] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    seals: list[SealText] = Field(default_factory=list)
    region: str | None = Field(None, description="part of the page when two documents share it (top/bottom/left/right)")
