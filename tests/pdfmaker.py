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


def text_pdf(pages: list[list[tuple[float, float, str]]], size: float = 14) -> bytes:
    """Each page a list of (x, y-from-top, text) in points."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    font = _font()
    for lines in pages:
        c.setFont(font, size)
        for x, y, text in lines:
            c.drawString(x, A4[1] - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()
