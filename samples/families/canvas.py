"""Pages as drawing lists (text, rules, boxes, seals) in PDF points, origin top-left; portrait or landscape.

`Sheet` places text and tables on one page; `Flow` runs text and tables over as many pages as they need, with
running headers and footers ("第 x 页 共 y 页") and a table's header repeated on every page it continues on.
Text is wrapped character by character (as Chinese typesetting does), so names break at arbitrary points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from samples.render.fonts import text_width

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
INK = (28, 28, 30)
RED = (200, 30, 36)
GREY = (120, 120, 124)
SEAL_RED = (214, 36, 42)


@dataclass
class Text:
    text: str
    x: float  # left edge
    y: float  # top of the em box
    size: float
    font: str
    color: tuple[int, int, int] = INK
    spacing: float = 0.0  # extra advance after every character (letter-spaced labels and titles)
    bold: bool = False


@dataclass
class Stroke:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.6
    color: tuple[int, int, int] = INK


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[int, int, int] | None = None
    stroke: tuple[int, int, int] | None = INK
    width: float = 0.6


@dataclass
class Seal:
    cx: float
    cy: float
    r: float
    text: str


@dataclass
class Page:
    w: float
    h: float
    texts: list[Text] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    seals: list[Seal] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.w > self.h


class LayoutError(ValueError):
    pass


def width(text: str, size: float, font: str, spacing: float = 0.0) -> float:
    return text_width(font, size, text) + spacing * len(text)


def wrap(text: str, avail: float, size: float, font: str, first: float | None = None) -> list[str]:
    """Break text into lines no wider than `avail` (the first line `first`), at any character, keeping closing
    punctuation off the start of a line as Chinese typesetting does (the character before it moves down too)."""
    lines: list[str] = []
    cur = ""
    limit = first if first is not None else avail
    for ch in text:
        if cur and width(cur + ch, size, font) > limit:
            if ch in "，。、；：）》〕】”’！？" and len(cur) > 1:
                # kinsoku: closing punctuation never starts a line; carry the last character down with it
                lines.append(cur[:-1])
                cur, limit = cur[-1] + ch, avail
                continue
            lines.append(cur)
            cur, limit = ch, avail
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines or [""]


class Sheet:
    """One page being drawn; `font` is the body face."""

    def __init__(self, size: tuple[float, float], font: str, margin: tuple[float, float, float, float] = (60, 60, 60, 60)):
        self.page = Page(*size)
        self.font = font
        self.left, self.top, self.right_margin, self.bottom_margin = margin

    @property
    def w(self) -> float:
        return self.page.w

    @property
    def h(self) -> float:
        return self.page.h

    @property
    def right(self) -> float:
        return self.page.w - self.right_margin

    @property
    def bottom(self) -> float:
        return self.page.h - self.bottom_margin

    def put(self, text: str, x: float | None, y: float, size: float, align: str = "left", *, font: str | None = None,
            color=INK, spacing: float = 0.0, bold: bool = False, x1: float | None = None) -> tuple[float, float]:
        """Draw one line; `align` centre/right is within [x, x1] (default the margins). Returns its x range."""
        if not text:
            return (x or self.left, x or self.left)
        font = font or self.font
        w = width(text, size, font, spacing) - spacing
        lo = self.left if x is None else x
        hi = self.right if x1 is None else x1
        if align == "center":
            x0 = (lo + hi - w) / 2
        elif align == "right":
            x0 = hi - w
        else:
            x0 = lo
        if x0 < 8 or x0 + w > self.page.w - 8:
            raise LayoutError(f"line too wide for the page: {text!r}")
        self.page.texts.append(Text(text, x0, y, size, font, color, spacing, bold))
        return (x0, x0 + w)

    def para(self, text: str, x: float, y: float, avail: float, size: float, leading: float, *, indent: float = 0.0,
             font: str | None = None, color=INK) -> float:
        """A wrapped paragraph; the first line indented by `indent`. Returns the y after it."""
        font = font or self.font
        for k, line in enumerate(wrap(text, avail, size, font, first=avail - indent)):
            self.put(line, x + (indent if k == 0 else 0), y, size, font=font, color=color)
            y += leading
        return y

    def hline(self, x0: float, x1: float, y: float, w: float = 0.6, color=INK) -> None:
        self.page.strokes.append(Stroke(x0, y, x1, y, w, color))

    def vline(self, x: float, y0: float, y1: float, w: float = 0.6, color=INK) -> None:
        self.page.strokes.append(Stroke(x, y0, x, y1, w, color))

    def box(self, x0: float, y0: float, x1: float, y1: float, *, fill=None, stroke=INK, w: float = 0.6) -> None:
        self.page.boxes.append(Box(x0, y0, x1, y1, fill, stroke, w))

    def frame(self, inset: float, color, w: float = 2.0, double: bool = True) -> None:
        self.box(inset, inset, self.w - inset, self.h - inset, stroke=color, w=w)
        if double:
            self.box(inset + 6, inset + 6, self.w - inset - 6, self.h - inset - 6, stroke=color, w=0.6)

    def seal(self, cx: float, cy: float, r: float, text: str) -> None:
        self.page.seals.append(Seal(cx, cy, r, text))

    def qr(self, x: float, y: float, side: float, seed: int) -> None:
        """A QR-like block of modules (decoration: it encodes nothing)."""
        n = 21
        m = side / n
        bits = seed or 1
        for i in range(n):
            for j in range(n):
                if (i < 8 and j < 8) or (i < 8 and j >= n - 8) or (i >= n - 8 and j < 8):
                    continue  # finder patterns below
                bits = (bits * 1103515245 + 12345) & 0x7FFFFFFF
                if (bits >> 16) % 2:
                    self.box(x + j * m, y + i * m, x + (j + 1) * m, y + (i + 1) * m, fill=INK, stroke=None)
        for fx, fy in ((x, y), (x + (n - 7) * m, y), (x, y + (n - 7) * m)):
            self.box(fx, fy, fx + 7 * m, fy + 7 * m, fill=INK, stroke=None)
            self.box(fx + m, fy + m, fx + 6 * m, fy + 6 * m, fill=(255, 255, 255), stroke=None)
            self.box(fx + 2 * m, fy + 2 * m, fx + 5 * m, fy + 5 * m, fill=INK, stroke=None)


# ---------------------------------------------------------------------------------------------------------------
# Tables

Cell = str | Sequence[str]  # a string is wrapped to the column; a list gives lines, each wrapped


@dataclass
class TableStyle:
    rules: str = "grid"  # grid | hlines (horizontal rules between rows) | open (top, under the header, bottom) | none
    size: float = 10.5
    leading: float = 15.0
    pad: float = 5.0
    header_fill: tuple[int, int, int] | None = None
    align: Sequence[str] | None = None  # per column: left | center
    header_bold: bool = False
    col_fill: Sequence[tuple[int, int, int] | None] | None = None  # per body column (shaded label cells)


def cell_lines(cell: Cell, avail: float, size: float, font: str) -> list[str]:
    parts = [cell] if isinstance(cell, str) else list(cell)
    out: list[str] = []
    for p in parts:
        out += wrap(p, avail, size, font)
    return out


def _laid_rows(rows, widths, st: TableStyle, font: str) -> list[list[list[str]]]:
    return [[cell_lines(c, w - 2 * st.pad, st.size, font) for c, w in zip(row, widths)] for row in rows]


class Flow:
    """Content poured top to bottom over pages of one size; header(sheet, n) draws a running head and returns the y
    where the body starts; footer(sheet, n, total) is drawn when the document is finished."""

    def __init__(self, size, font: str, margin=(60, 60, 60, 60),
                 header: Callable[[Sheet, int], float] | None = None,
                 footer: Callable[[Sheet, int, int], None] | None = None):
        self.size, self.font, self.margin = size, font, margin
        self.header, self.footer = header, footer
        self.sheets: list[Sheet] = []
        self.y = 0.0
        self.new_page()

    @property
    def sheet(self) -> Sheet:
        return self.sheets[-1]

    def new_page(self) -> Sheet:
        s = Sheet(self.size, self.font, self.margin)
        self.sheets.append(s)
        self.y = self.header(s, len(self.sheets)) if self.header else s.top
        return s

    def room(self, h: float) -> None:
        if self.y + h > self.sheet.bottom:
            self.new_page()

    def gap(self, h: float) -> None:
        self.y += h

    def line(self, text: str, size: float, leading: float, align: str = "left", **kw) -> None:
        self.room(leading)
        self.sheet.put(text, kw.pop("x", None), self.y, size, align, **kw)
        self.y += leading

    def para(self, text: str, size: float, leading: float, *, indent: float = 0.0, x: float | None = None,
             avail: float | None = None, align: str = "left", **kw) -> None:
        """A wrapped paragraph (first line indented); align='center' centres every line within the measure."""
        s = self.sheet
        x0 = s.left if x is None else x
        avail = (s.right - x0) if avail is None else avail
        for k, ln in enumerate(wrap(text, avail, size, kw.get("font") or self.font, first=avail - indent)):
            self.room(leading)
            if align == "center":
                self.sheet.put(ln, x0, self.y, size, "center", x1=x0 + avail, **kw)
            else:
                self.sheet.put(ln, x0 + (indent if k == 0 else 0), self.y, size, **kw)
            self.y += leading

    def table(self, widths: Sequence[float], header: Sequence[Sequence[Cell]], rows: Sequence[Sequence[Cell]],
              st: TableStyle, *, x: float | None = None, split_rows: bool = True,
              group_rows: Sequence[int] = ()) -> list[tuple[int, int]]:
        """Draw a table; the header rows are repeated on every page. A row too tall for the rest of the page is
        split there (its remaining lines continue under the repeated header) when `split_rows`. Rows whose index
        is in `group_rows` are a single cell spanning all columns (a group heading such as 一等奖（3项）).
        Returns the page index (0-based) and line count on that page of every row's first part."""
        x0 = self.sheet.left if x is None else x
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        if xs[-1] > self.sheet.w - 20:
            raise LayoutError(f"table wider than the page: {sum(widths):.0f} pt")
        font = self.font
        head = _laid_rows(header, widths, st, font)
        span = xs[-1] - xs[0]
        body = []
        for i, row in enumerate(rows):
            if i in group_rows:
                body.append([cell_lines(row[0], span - 2 * st.pad, st.size, font)])
            else:
                body.append([cell_lines(c, w - 2 * st.pad, st.size, font) for c, w in zip(row, widths)])
        where: list[tuple[int, int]] = []

        def row_h(n_lines: int) -> float:
            return n_lines * st.leading + 2 * st.pad - (st.leading - st.size) + 2

        def draw_row(cells, y, n_from, n_to, is_head, group=False):
            n = n_to - n_from
            h = row_h(n)
            s = self.sheet
            if is_head and st.header_fill:
                s.box(xs[0], y, xs[-1], y + h, fill=st.header_fill, stroke=None)
            elif not is_head and not group and st.col_fill:
                for ci, fill in enumerate(st.col_fill):
                    if fill:
                        s.box(xs[ci], y, xs[ci + 1], y + h, fill=fill, stroke=None)
            cols = [(xs[0], xs[-1])] if group else list(zip(xs, xs[1:]))
            for ci, (lines, (cx0, cx1)) in enumerate(zip(cells, cols)):
                align = "center" if is_head else ((st.align[ci] if st.align and not group else "left"))
                for k, ln in enumerate(lines[n_from:n_to]):
                    ty = y + st.pad + 1 + k * st.leading
                    if align == "center":
                        s.put(ln, cx0, ty, st.size, "center", x1=cx1, bold=is_head and st.header_bold)
                    else:
                        s.put(ln, cx0 + st.pad, ty, st.size, bold=is_head and st.header_bold)
            if st.rules == "grid":
                s.hline(xs[0], xs[-1], y)
                s.hline(xs[0], xs[-1], y + h)
                for xv in ([xs[0], xs[-1]] if group else xs):
                    s.vline(xv, y, y + h)
            elif st.rules == "hlines":
                s.hline(xs[0], xs[-1], y + h, 0.5)
            return h

        def draw_header():
            s = self.sheet
            if st.rules in ("hlines", "open"):
                s.hline(xs[0], xs[-1], self.y, 1.0)
            for cells in head:
                n = max(len(c) for c in cells)
                self.y += draw_row(cells, self.y, 0, n, True)
            if st.rules == "open":
                s.hline(xs[0], xs[-1], self.y, 0.6)

        head_h = sum(row_h(max(len(c) for c in cells)) for cells in head)
        self.room(head_h + row_h(1))
        draw_header()
        for i, cells in enumerate(body):
            group = i in group_rows
            n = max(len(c) for c in cells)
            start = 0
            first = True
            while start < n:
                fit = int((self.sheet.bottom - self.y - 2 * st.pad - 2 + (st.leading - st.size)) // st.leading)
                if fit >= n - start:
                    take = n - start
                elif split_rows and fit >= 1 and start == 0 and n - start >= 2:
                    take = fit
                elif fit >= 1 and start > 0:
                    take = min(fit, n - start)
                else:
                    self._close_table(st, xs)
                    self.new_page()
                    draw_header()
                    continue
                if first:
                    where.append((len(self.sheets) - 1, take))
                    first = False
                self.y += draw_row(cells, self.y, start, start + take, False, group)
                start += take
                if start < n:
                    self._close_table(st, xs)
                    self.new_page()
                    draw_header()
        self._close_table(st, xs)
        return where

    def _close_table(self, st: TableStyle, xs) -> None:
        if st.rules == "open":
            self.sheet.hline(xs[0], xs[-1], self.y, 1.0)

    def finish(self) -> list[Page]:
        n = len(self.sheets)
        if self.footer:
            for k, s in enumerate(self.sheets):
                self.footer(s, k + 1, n)
        return [s.page for s in self.sheets]
