"""Small PDFs for the reading tests, written with reportlab and a TrueType CJK font (its text extracts)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

_FONT = "WQYMicroHei"


def _font() -> str:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    return _FONT


def text_pdf(pages: list[list[tuple[float, float, str]]], size: float = 14, rules=None) -> bytes:
    """Each page a list of (x, y-from-top, text) in points, or (x, y, text, size) for a line in its own size;
    `rules`: per page, ruling lines (x0, y0, x1, y1) from the top."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    font = _font()
    for n, lines in enumerate(pages):
        for x0, y0, x1, y1 in (rules[n] if rules else ()):
            c.line(x0, A4[1] - y0, x1, A4[1] - y1)
        for x, y, text, *own in lines:
            c.setFont(font, own[0] if own else size)
            c.drawString(x, A4[1] - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf_with_layer(lines: list[tuple[float, float, str, float]], layer: list[int], dpi: int = 150) -> bytes:
    """A scanned page: `lines` (x, y-from-top, text, size in points) drawn into a page image at `dpi`, the image
    filling an A4 page, and an invisible text layer (someone's OCR) holding only the lines numbered in `layer`."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    k = dpi / 72.0
    img = Image.new("RGB", (round(A4[0] * k), round(A4[1] * k)), "white")
    d = ImageDraw.Draw(img)
    path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    for x, y, text, size in lines:
        d.text((x * k, (y - size) * k), text, font=ImageFont.truetype(path, round(size * k)), fill="black")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    font = _font()
    for i in layer:
        x, y, text, size = lines[i]
        t = c.beginText(x, A4[1] - y)
        t.setTextRenderMode(3)  # invisible, as OCR layers are
        t.setFont(font, size)
        t.textLine(text)
        c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()
