"""A tiny table printer shared by the benchmarks: plain monospaced columns that line up with CJK text.

A terminal shows East Asian wide and full-width characters (汉字, full-width punctuation such as （）：) in two
cells, combining marks in none; column widths are counted in cells, not in characters, so a column of company
names lines up with a column of numbers.

    print(format_table(["字段", "n"], [["名称", 3], ["uscc", 12]]))

Numbers (int, float) are right-aligned, everything else left-aligned, unless `align` says otherwise ("<" / ">"
per column). Floats are printed with `floatfmt` (default three decimals); None prints as "—".
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

NONE = "—"


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: 2 for wide / full-width characters, 0 for combining marks, 1 otherwise."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    fill = " " * max(0, width - cell_width(text))
    return fill + text if align == ">" else text + fill


def _cell(value: Any, floatfmt: str) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format(value, floatfmt)
    return str(value).replace("\n", " ")


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None,
                 floatfmt: str = ".3f", sep: str = "  ", rule: bool = True) -> str:
    """The table as text, one line per row, columns separated by `sep`, a rule of '-' under the header."""
    ncols = len(headers)
    for r in rows:
        if len(r) != ncols:
            raise ValueError(f"row has {len(r)} cells, the header {ncols}: {r!r}")
    if align is None:
        align = []
        for i in range(ncols):
            values = [r[i] for r in rows if r[i] is not None]
            numeric = bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
            align.append(">" if numeric else "<")
    texts = [[_cell(v, floatfmt) for v in r] for r in rows]
    widths = [max([cell_width(headers[i])] + [cell_width(t[i]) for t in texts]) for i in range(ncols)]
    lines = [sep.join(pad(h, w, a) for h, w, a in zip(headers, widths, align)).rstrip()]
    if rule:
        lines.append(sep.join("-" * w for w in widths))
    for t in texts:
        lines.append(sep.join(pad(c, w, a) for c, w, a in zip(t, widths, align)).rstrip())
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None,
                floatfmt: str = ".3f", title: str | None = None, file: TextIO | None = None) -> None:
    out = file or sys.stdout
    if title:
        print(title, file=out)
    print(format_table(headers, rows, align=align, floatfmt=floatfmt), file=out)
