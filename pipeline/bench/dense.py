"""The dense page kind of `bench ocr`: the policy text itself as a degraded multi-page scan.

The repository's copy of the policy (pipeline/policies/jinshan-quality-2025/source.txt, the same text as
../shared/policy/, so a clone without ../shared works) is reflowed into paragraphs, wrapped to the width of
the samples generator's `notice_table` layout and set by it (11.5 pt body, 21 pt leading on A4: about 34
lines and 900 characters of running text a page, four pages and a half), drawn at 150 dpi
and degraded as a hard office scan by the generator's own functions (samples/render/degrade.py: skew, blur,
noise, paper tint, JPEG), then bound into an image-only PDF like the samples' scanned PDFs. Fonts rotate
over the generator's scan fonts page by page. Everything is seeded: the same bytes on every run.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

POLICY_SOURCE = Path(__file__).resolve().parents[1] / "policies" / "jinshan-quality-2025" / "source.txt"
FILE_NAME = "金山区质量发展专项政策实施细则_扫描件.pdf"
DEGRADE_KIND = "hard_scan"

LAYOUT = "notice_table"
BODY_PT = 11.5  # that layout's body size …
TEXT_W_PT = 495.0  # … and its text width (left margin 50 pt, right margin 545 pt)
FIRST_PAGE_LINES, PAGE_LINES = 33, 34  # body lines that fit below the title / on a page without one

_HEADING = re.compile(r"^(第[一二三四五六七八九十百]+[章条]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
_ENDS = tuple("。；：！？")
_NO_LINE_START = set("，。、；：！？）》”」』")


@dataclass(frozen=True)
class DensePage:
    page: int
    font: str
    lines: list[str]  # the visual lines, as drawn: the reference text of the page


def paragraphs(text: str) -> list[str]:
    """The source's visual lines joined into paragraphs: a line ends its paragraph when it ends a sentence or
    clause, is short (a title, a heading, a date), or the next line starts a heading."""
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    body = sorted(len(ln) for ln in lines)[len(lines) // 2]  # a typical full line
    out: list[str] = []
    cur = ""
    for i, ln in enumerate(lines):
        cur += ln
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if ln.endswith(_ENDS) or len(ln) < 0.75 * body or _HEADING.match(nxt) or not nxt:
            out.append(cur)
            cur = ""
    return out


def wrap(paragraph: str, font: str, indent: bool, size: float = BODY_PT, width: float = TEXT_W_PT) -> list[str]:
    """Greedy wrap to `width` points; `indent`: the first line starts with two ideographic spaces."""
    from samples.render.fonts import text_width

    lines, cur = [], "\u3000\u3000" if indent else ""
    for ch in paragraph:
        # closing punctuation never starts a line (it hangs in the margin instead, as typesetters do)
        if cur.strip() and ch not in _NO_LINE_START and text_width(font, size, cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _indented(paragraph: str) -> bool:
    return not _HEADING.match(paragraph) and len(paragraph) >= 20  # body text, not a heading or a date


def _seed(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode("utf-8"))


@lru_cache(maxsize=1)
def dense_pages() -> tuple[DensePage, ...]:
    """The policy laid out page by page (the reference text of each page)."""
    from samples.render.fonts import SCAN_FONTS

    paras = paragraphs(POLICY_SOURCE.read_text(encoding="utf-8"))
    queue = [(t, _indented(t)) for t in paras[1:]]  # (text, indented); a paragraph split over pages goes on unindented
    pages: list[DensePage] = []
    n = 1
    while queue:
        font = SCAN_FONTS[_seed("dense", n) % len(SCAN_FONTS)]
        lines = [paras[0]] if n == 1 else []  # the title, set as the layout's heading
        room = FIRST_PAGE_LINES if n == 1 else PAGE_LINES
        while queue and room > 0:
            text, indent = queue[0]
            wrapped = wrap(text, font, indent)
            lines += wrapped[:room]
            if len(wrapped) <= room:
                queue.pop(0)
            else:
                queue[0] = ("".join(wrapped[room:]), False)
            room -= min(room, len(wrapped))
        pages.append(DensePage(n, font, lines))
        n += 1
    return tuple(pages)


@lru_cache(maxsize=1)
def dense_pdf() -> bytes:
    """The pages drawn, degraded as hard scans and bound into an image-only PDF."""
    import numpy as np

    from samples.render import degrade
    from samples.render.layout import lay_out
    from samples.render.pdf import scanned_pdf
    from samples.render.raster import draw_page
    from samples.truth_model import Page

    jpegs = []
    for p in dense_pages():
        layout = lay_out(Page(page=p.page, layout=LAYOUT, lines=list(p.lines), title_lines=1 if p.page == 1 else 0),
                         p.font)
        rng = np.random.default_rng(_seed("dense", "degrade", p.page))
        img, quality = degrade.scan(draw_page(layout), DEGRADE_KIND, rng)
        jpegs.append(degrade.jpeg_bytes(img, quality))
    return scanned_pdf(jpegs, title="", author="")
