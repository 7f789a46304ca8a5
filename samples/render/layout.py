"""Where each declared line goes on an A4 page, in PDF points with the origin at the top-left.

One layout per kind of page a reviewer sees (certificate, letter, credit report, award list, standard cover …).
Lines are never wrapped: the truth declares visual lines, so a line that does not fit is an authoring error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from samples.render.fonts import text_width
from samples.truth_model import Page

PAGE_W, PAGE_H = 595.28, 841.89
INK = (28, 28, 30)


@dataclass
class Text:
    text: str
    x: float  # left edge
    y: float  # top of the em box
    size: float
    font: str
    color: tuple[int, int, int] = INK


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8
    color: tuple[int, int, int] = INK


@dataclass
class SealMark:
    cx: float
    cy: float
    r: float
    text: str


@dataclass
class PageLayout:
    texts: list[Text] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    seal: SealMark | None = None


class LayoutError(ValueError):
    pass


class _Builder:
    def __init__(self, page: Page, font: str, left: float, right: float):
        self.page, self.font, self.left, self.right = page, font, left, right
        self.out = PageLayout()

    def put(self, text: str, y: float, size: float, align: str = "left", x: float | None = None,
            font: str | None = None, color=INK) -> Text:
        font = font or self.font
        w = text_width(font, size, text)
        if align == "center":
            x0 = (PAGE_W - w) / 2
        elif align == "right":
            x0 = (x if x is not None else self.right) - w
        else:
            x0 = x if x is not None else self.left
        if x0 < 20 or x0 + w > PAGE_W - 20:
            raise LayoutError(f"line too wide for the page (page {self.page.page}): {text!r}")
        t = Text(text, x0, y, size, font, color)
        self.out.texts.append(t)
        return t

    def frame(self, margin: float, color, width: float = 2.0, double: bool = True) -> None:
        for m, wd in ([(margin, width), (margin + 6, 0.6)] if double else [(margin, width)]):
            x0, y0, x1, y1 = m, m, PAGE_W - m, PAGE_H - m
            self.out.rules += [Rule(x0, y0, x1, y0, wd, color), Rule(x1, y0, x1, y1, wd, color),
                               Rule(x1, y1, x0, y1, wd, color), Rule(x0, y1, x0, y0, wd, color)]

    def table(self, rows: list[list[str]], y: float, size: float, grid: bool) -> float:
        """Columns sized to their widest cell; returns the y below the table."""
        ncol = max(len(r) for r in rows)
        pad = 6.0
        widths = [0.0] * ncol
        for r in rows:
            for i, c in enumerate(r):
                widths[i] = max(widths[i], text_width(self.font, size, c) + 2 * pad)
        avail = self.right - self.left
        if sum(widths) > avail:
            raise LayoutError(f"table too wide on page {self.page.page}: {rows[0]!r}")
        extra = (avail - sum(widths)) / ncol
        widths = [w + extra for w in widths]
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + w)
        row_h = size * 2.0
        for r in rows:
            for i, c in enumerate(r):
                self.put(c, y + (row_h - size) / 2, size, x=xs[i] + pad)
            if grid:
                self.out.rules.append(Rule(xs[0], y, xs[-1], y, 0.6))
                self.out.rules += [Rule(x, y, x, y + row_h, 0.6) for x in xs]
            y += row_h
        if grid:
            self.out.rules.append(Rule(xs[0], y, xs[-1], y, 0.6))
        return y

    def form_table(self, rows: list[list[str]], y: float, size: float) -> float:
        """A form's ruled table: columns sized by the rows that fill every column; a shorter row's last cell spans
        the rest of the row (申报单位 | the name across three columns), its inner rules left out."""
        ncol = max(len(r) for r in rows)
        pad = 5.0
        widths = [0.0] * ncol
        for r in rows:
            if len(r) == ncol:
                for i, c in enumerate(r):
                    widths[i] = max(widths[i], text_width(self.font, size, c) + 2 * pad)
        avail = self.right - self.left
        if sum(widths) > avail:
            raise LayoutError(f"form too wide on page {self.page.page}: {[r for r in rows if len(r) == ncol][0]!r}")
        extra = (avail - sum(widths)) / ncol
        widths = [w + extra for w in widths]
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + w)
        row_h = size * 2.2
        for r in rows:
            edges = [xs[0]]
            col = 0
            for i, c in enumerate(r[:-1]):  # a cell of a short row spans as many columns as its text needs
                end = col + 1
                while end < ncol - (len(r) - 1 - i) and xs[end] - xs[col] < text_width(self.font, size, c) + 2 * pad:
                    end += 1
                edges.append(xs[end])
                col = end
            edges.append(xs[-1])
            for i, c in enumerate(r):
                if text_width(self.font, size, c) + 2 * pad > edges[i + 1] - edges[i]:
                    raise LayoutError(f"form cell too wide on page {self.page.page}: {c!r}")
                self.put(c, y + (row_h - size) / 2, size, x=edges[i] + pad)
            self.out.rules.append(Rule(xs[0], y, xs[-1], y, 0.6))
            self.out.rules += [Rule(x, y, x, y + row_h, 0.6) for x in edges]
            y += row_h
        self.out.rules.append(Rule(xs[0], y, xs[-1], y, 0.6))
        return y

    def flow(self, lines, y: float, size: float, leading: float, grid: bool, center_re=None) -> float:
        """Body lines top to bottom; consecutive table rows become one table."""
        i = 0
        while i < len(lines):
            line = lines[i]
            if isinstance(line, list):
                j = i
                while j < len(lines) and isinstance(lines[j], list):
                    j += 1
                y = self.table(lines[i:j], y, size * 0.9, grid) + (leading - size)
                i = j
                continue
            align = "center" if center_re and center_re.search(line) else "left"
            self.put(line, y, size, align)
            y += leading
            i += 1
        return y

    def signature(self, lines, y: float, size: float, leading: float, seal_r: float) -> None:
        """Issuer and date, right-aligned; the seal is stamped over them, as offices do."""
        placed = [self.put(s, y + k * leading, size, "right") for k, s in enumerate(lines)]
        if self.page.seal and placed:
            x0 = min(t.x for t in placed)
            x1 = max(t.x + text_width(t.font, t.size, t.text) for t in placed)
            cy = (placed[0].y + placed[-1].y + size) / 2
            self.out.seal = SealMark((x0 + x1) / 2, cy, seal_r, self.page.seal.text)


def _split_signature(page: Page, default: int) -> tuple[list, list]:
    n = page.seal.over_lines if page.seal else default
    if n == 0:
        return list(page.lines), []
    return list(page.lines[:-n]), list(page.lines[-n:])


def _titles(page: Page, default: int) -> int:
    return default if page.title_lines is None else page.title_lines


_DOC_NO = re.compile(r"〔\d{4}〕\d+号$")


def certificate(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 92, 503)
    b.frame(34, (166, 124, 46), 3.0)
    body, sig = _split_signature(page, 2)
    nt = _titles(page, 1)
    y = 120
    for t in body[:nt]:
        b.put(t, y, 34, "center")
        y += 56
    b.flow(body[nt:], max(y + 30, 230), 17, 34, grid=False, center_re=_DOC_NO)
    b.signature(sig, 610, 16, 30, 60)
    return b.out


def letter(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 60, 535)
    body, sig = _split_signature(page, 0)  # an unsealed letter page (an annex) has no signature block
    nt = _titles(page, 1)
    y = 80
    for t in body[:nt]:
        b.put(t, y, 19, "center")
        y += 32
    y = b.flow(body[nt:], y + 16, 13, 26, grid=True, center_re=_DOC_NO)
    b.signature(sig, y + 30, 13, 24, 58)
    return b.out


def report(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 60, 535)
    body, sig = _split_signature(page, 0)
    nt = _titles(page, 1)
    y = 60
    for t in body[:nt]:
        b.put(t, y, 18, "center")
        y += 30
    y = b.flow(body[nt:], y + 12, 10.5, 19, grid=True)
    b.signature(sig, y + 20, 10.5, 19, 52)
    return b.out


def notice_table(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 50, 545)
    body, sig = _split_signature(page, 0)
    nt = _titles(page, 1 if page.page == 1 else 0)
    y = 60
    for t in body[:nt]:
        b.put(t, y, 16, "center")
        y += 28
    y = b.flow(body[nt:], y + 10, 11.5, 21, grid=True, center_re=_DOC_NO)
    b.signature(sig, y + 24, 11.5, 21, 54)
    return b.out


_STD_KIND = re.compile(r"^(中华人民共和国.*标准|上海市地方标准|团体标准)$")
_STD_CODE = re.compile(r"^(GB|HG|JB|QB|SJ|YB|DB31|T/)\S*\s")


def standard_cover(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 60, 535)
    y_head, y_title, after_dates = 56, 320, False
    y_issuer = 745
    for line in page.lines:
        if isinstance(line, list):  # publish date | implement date
            b.put(line[0], 700, 13, "left")
            b.put(line[-1], 700, 13, "right")
            b.out.rules.append(Rule(60, 722, 535, 722, 1.2))
            after_dates = True
        elif after_dates:
            b.put(line, y_issuer, 14, "center")
            y_issuer += 22
        elif line.startswith(("ICS", "CCS")):
            b.put(line, y_head, 10.5)
            y_head += 16
        elif _STD_KIND.match(line):
            b.put(line, 140, 24, "center")
        elif _STD_CODE.match(line):
            b.put(line, 190, 16, "right")
            b.out.rules.append(Rule(60, 240, 535, 240, 1.2))
        elif line.startswith("代替"):
            b.put(line, 214, 11, "right")
        else:
            ascii_line = line.isascii()
            b.put(line, y_title, 12 if ascii_line else 22, "center")
            y_title += 24 if ascii_line else 36
    return b.out


def standard_foreword(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 70, 525)
    nt = _titles(page, 1)
    for t in page.lines[:nt]:
        b.put(t, 90, 16, "center")
    b.flow(page.lines[nt:], 140, 11, 22, grid=True)
    return b.out


def licence(page: Page, font: str) -> PageLayout:
    b = _Builder(page, font, 80, 515)
    b.frame(30, (176, 60, 50), 4.0)
    body, sig = _split_signature(page, 2)
    nt = _titles(page, 2)
    y = 110
    for k, t in enumerate(body[:nt]):
        b.put(t, y, 36 if k == 0 else 14, "center")
        y += 54 if k == 0 else 30
    b.flow(body[nt:], y + 20, 13.5, 30, grid=False)
    b.signature(sig, 680, 13.5, 26, 58)
    return b.out


def id_card(page: Page, font: str) -> PageLayout:
    """A photocopy of both sides of an identity card on one A4 sheet."""
    b = _Builder(page, font, 100, 495)
    lines = [x for x in page.lines if isinstance(x, str)]
    split = lines.index("中华人民共和国") if "中华人民共和国" in lines else len(lines)
    for top, part in ((80, lines[:split]), (300, lines[split:])):
        x0, x1, y1 = 170, 170 + 255, top + 160
        b.out.rules += [Rule(x0, top, x1, top, 0.8), Rule(x1, top, x1, y1, 0.8), Rule(x1, y1, x0, y1, 0.8),
                        Rule(x0, y1, x0, top, 0.8)]
        y = top + 16
        for t in part:
            b.put(t, y, 9.5 if top == 80 else 12, x=x0 + 14 if top == 80 else None,
                  align="left" if top == 80 else "center")
            y += 20 if top == 80 else 26
    return b.out


def form(page: Page, font: str) -> PageLayout:
    """A filled-in form (申报表): the title, then the form's table, then the lines under it (承诺, 日期)."""
    b = _Builder(page, font, 40, 555)
    nt = _titles(page, 1)
    y = 60
    for t in page.lines[:nt]:
        b.put(t, y, 18, "center")
        y += 34
    rest = list(page.lines[nt:])
    i = 0
    while i < len(rest):
        if isinstance(rest[i], list):
            j = i
            while j < len(rest) and isinstance(rest[j], list):
                j += 1
            y = b.form_table(rest[i:j], y + 6, 9.5) + 14
            i = j
            continue
        b.put(rest[i], y, 11.5)
        y += 24
        i += 1
    return b.out


LAYOUTS = {
    "form": form,
    "certificate": certificate, "letter": letter, "report": report, "notice_table": notice_table,
    "standard_cover": standard_cover, "standard_foreword": standard_foreword, "licence": licence,
    "id_card": id_card,
}


def lay_out(page: Page, font: str) -> PageLayout:
    return LAYOUTS[page.layout](page, font)
