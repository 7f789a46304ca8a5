"""Tables whose columns are only aligned (no ruling lines: web prints, OCR'd text layers), rebuilt as grids.

The table starts at a header row whose first cell is 序号. Column edges are where the text under the header starts
(left edges that recur), since a header cell can be merged with its neighbour by OCR or wrap onto a second line.
A span that runs over a column edge (OCR joins two cells when the gap is narrow) is cut there by its characters'
positions, which for CJK print are evenly spaced. A line whose first column is empty continues the row above: a
cell that wraps. The table ends at running text (a sentence), a date line or the page's end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from models.reading import Span
from pipeline.extract.geometry import Row
from pipeline.extract.values import squash

_SEQ_HEAD = re.compile(r"^(?:序号|序)$")
_SEQ = re.compile(r"^\d{1,3}$")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|[〇零一二三四五六七八九]{4}年")


@dataclass
class AlignedRow:
    cells: list[str]
    spans: list[Span] = field(default_factory=list)


@dataclass
class AlignedTable:
    page: int
    head: list[str]
    rows: list[AlignedRow]

    def column(self, *words: str) -> int | None:
        """The first column whose header carries one of `words` (in order of preference)."""
        for w in words:
            for i, h in enumerate(self.head):
                if w in h:
                    return i
        return None


def _height(row: Row) -> float:
    return max(1.0, min(s.bbox[3] - s.bbox[1] for s in row.spans))


def _edges(body: list[Row], tol: float) -> list[float]:
    """Left edges that recur in the body (at least twice), merged within `tol`."""
    xs = sorted(s.bbox[0] for row in body for s in row.spans)
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [min(g) for g in groups if len(g) >= 2]


def advance(ch: str) -> float:
    """A character's advance in ems: CJK and full-width forms one, Latin letters, digits and spaces about half."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


def _cut(span: Span, edges: list[float], tol: float) -> dict[int, str]:
    """The span's characters by column: each character's centre, the span's width shared by their advances."""
    text = span.text.replace("\t", "")
    if not text:
        return {}
    x0, x1 = span.bbox[0], span.bbox[2]
    widths = [advance(ch) for ch in text]
    em = (x1 - x0) / sum(widths)
    out: dict[int, str] = {}
    pos = x0
    for ch, w in zip(text, widths):
        centre = pos + 0.5 * w * em
        pos += w * em
        col = max((k for k, e in enumerate(edges) if e - tol <= centre), default=0)
        out[col] = out.get(col, "") + ch
    return out


def _ends(row: Row) -> bool:
    t = squash(row.text.replace("\t", ""))
    return "。" in t or len(t) > 80 or bool(_DATE.search(t)) and len(row.spans) == 1


def aligned_tables(rows: list[Row]) -> list[AlignedTable]:
    out: list[AlignedTable] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        cells = [squash(s.text) for s in row.spans]
        if len(cells) < 3 or not _SEQ_HEAD.match(cells[0]):
            i += 1
            continue
        h = _height(row)
        j = i + 1
        body: list[Row] = []
        while j < len(rows) and rows[j].page == row.page and not _ends(rows[j]):
            body.append(rows[j])
            j += 1
        # a header cell wrapped onto a second line: short pieces with no number in the first column
        head_rows = [row]
        while body and not _SEQ.match(squash(body[0].spans[0].text)) and \
                all(len(squash(s.text)) <= 6 for s in body[0].spans):
            head_rows.append(body.pop(0))
        edges = _edges(body, 1.2 * h)
        if len(edges) < 2:
            i = j
            continue
        tol = 0.5 * h
        head = [""] * len(edges)
        for hr in head_rows:
            for s in hr.spans:
                for col, piece in _cut(s, edges, tol).items():
                    head[col] += piece
        table = AlignedTable(row.page, head, [])
        for br in body:
            parts = [""] * len(edges)
            for s in br.spans:
                for col, piece in _cut(s, edges, tol).items():
                    parts[col] += piece
            first = squash(parts[0])
            on_edges = all(min(abs(s.bbox[0] - e) for e in edges) <= 1.2 * h for s in br.spans)
            if not _SEQ.match(first) and not on_edges:
                break  # a line that starts between the columns (the signature block): the table has ended
            if _SEQ.match(first) or not table.rows:
                table.rows.append(AlignedRow(parts, list(br.spans)))
            else:
                if first:  # a non-number in the first column: not this table's row
                    break
                last = table.rows[-1]
                last.cells = [a + b for a, b in zip(last.cells, parts)]
                last.spans += br.spans
        for r in table.rows:
            r.cells = [c.strip() for c in r.cells]
        if table.rows:
            out.append(table)
        i = j
    return out
