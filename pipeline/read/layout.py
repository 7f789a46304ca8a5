"""Reading order and a joined view of a page's spans.

Layout breaks lines where the writer's box ended, not where the words end: an organisation name can start on
one line and finish on the next. Extractors therefore search `TextView.text`, in which the lines of a page are
joined without separators when the join looks like a broken line, and map every match back to the spans it
came from (for the evidence).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from models.reading import Span

# Punctuation after which a line break is a real break (a sentence or a field ends).
_HARD_END = set("。；：:;！？!?）)」』】")


def _height(s: Span) -> float:
    return max(1.0, s.bbox[3] - s.bbox[1])


def _overlaps_none(s: Span, row: list[Span]) -> bool:
    """The span stands beside the row's spans, not under one of them (a cell's second line is not the row's)."""
    return all(s.bbox[0] >= r.bbox[2] or s.bbox[2] <= r.bbox[0] for r in row)


def rows(spans: list[Span]) -> list[list[Span]]:
    """Groups spans into visual rows (top to bottom), each row left to right.

    Two spans share a row when their vertical centres are closer than half the smaller height; this keeps
    table cells of one row together and separates tightly set lines.
    """
    ordered = sorted(spans, key=lambda s: ((s.bbox[1] + s.bbox[3]) / 2, s.bbox[0]))
    out: list[list[Span]] = []
    for s in ordered:
        cy = (s.bbox[1] + s.bbox[3]) / 2
        if out:
            row = out[-1]
            rcy = statistics.fmean((r.bbox[1] + r.bbox[3]) / 2 for r in row)
            h = min(_height(s), min(_height(r) for r in row))
            # a skewed scan's row drops from cell to cell: near the span added last and not far from the row
            last = (row[-1].bbox[1] + row[-1].bbox[3]) / 2
            if abs(cy - rcy) < 0.5 * h or (abs(cy - last) < 0.5 * h and abs(cy - rcy) < 1.0 * h
                                           and _overlaps_none(s, row)):
                row.append(s)
                continue
        out.append([s])
    return [sorted(r, key=lambda s: s.bbox[0]) for r in out]


def reading_order(spans: list[Span]) -> list[Span]:
    return [s for row in rows(spans) for s in row]


@dataclass
class Piece:
    start: int
    end: int
    span: Span


class TextView:
    """The text of some pages as one string, with every character traceable to its span."""

    def __init__(self, spans: list[Span], join_broken_lines: bool = True):
        self.pieces: list[Piece] = []
        parts: list[str] = []
        pos = 0
        by_page: dict[int, list[Span]] = {}
        for s in spans:
            by_page.setdefault(s.page, []).append(s)
        for page in sorted(by_page):
            page_rows = rows(by_page[page])
            right = max((r[-1].bbox[2] for r in page_rows), default=0.0)
            left = min((r[0].bbox[0] for r in page_rows), default=0.0)
            prev_row: list[Span] | None = None
            for row in page_rows:
                if prev_row is not None:
                    sep = "\n"
                    if join_broken_lines and _broken(prev_row, row, left, right):
                        sep = ""
                    parts.append(sep)
                    pos += len(sep)
                for i, s in enumerate(row):
                    if i:
                        parts.append("\t")  # cells of one row stay distinguishable
                        pos += 1
                    self.pieces.append(Piece(pos, pos + len(s.text), s))
                    parts.append(s.text)
                    pos += len(s.text)
                prev_row = row
            parts.append("\n\f")  # page break
            pos += 2
        self.text = "".join(parts)

    def spans_for(self, start: int, end: int) -> list[Span]:
        """The spans that the characters [start, end) of `text` came from."""
        return [p.span for p in self.pieces if p.start < end and p.end > start]


def _broken(prev: list[Span], row: list[Span], left: float, right: float) -> bool:
    """Whether `row` continues `prev`: prev ran to the right edge of the text, mid-phrase, and both are
    single runs of CJK text (table rows and field lists keep their breaks)."""
    if len(prev) != 1 or len(row) != 1:
        return False
    last, first = prev[0].text[-1:], row[0].text[:1]
    if not last or last in _HARD_END or not (_is_cjk(last) and _is_cjk(first)):
        return False
    h = _height(prev[0])
    if row[0].bbox[1] - prev[0].bbox[3] > 1.2 * h:
        return False  # a paragraph gap, not a wrapped line
    long_line = prev[0].bbox[2] - prev[0].bbox[0] >= 0.6 * max(1.0, right - left)
    return long_line and prev[0].bbox[2] >= right - 2.5 * h and row[0].bbox[0] <= prev[0].bbox[0] + h


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
