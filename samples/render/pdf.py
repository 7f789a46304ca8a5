"""PDF writing with reportlab: text-layer PDFs (as issued electronically) and image-only PDFs (as scanned).

`invariant=1` keeps reportlab from stamping dates and random ids, so a regenerated file is byte-identical.
Only TrueType fonts go into text layers: pdfplumber must be able to read them back (see notes/ocr.md).
"""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from samples.render.fonts import face
from samples.render.layout import PAGE_H, PAGE_W, PageLayout

BASELINE = 0.88  # fraction of the font size from the top of the em box to the baseline (CJK faces)


def _register(key: str) -> str:
    f = face(key)
    if not f.truetype:
        raise ValueError(f"font {key!r} is CFF-flavoured; its text layer may not extract. Use a TrueType face.")
    if key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(key, f.path, subfontIndex=f.index))
    return key


def _canvas(buf: io.BytesIO, title: str, author: str) -> canvas.Canvas:
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator(author)
    return c


def text_layer_pdf(pages: list[tuple[PageLayout, Image.Image | None]], title: str, author: str) -> bytes:
    """Each page: its layout, and an optional RGBA seal image already placed by the layout's seal mark."""
    buf = io.BytesIO()
    c = _canvas(buf, title, author)
    for layout, seal_img in pages:
        for r in layout.rules:
            c.setStrokeColorRGB(*(v / 255 for v in r.color))
            c.setLineWidth(r.width)
            c.line(r.x0, PAGE_H - r.y0, r.x1, PAGE_H - r.y1)
        for t in layout.texts:
            c.setFillColorRGB(*(v / 255 for v in t.color))
            c.setFont(_register(t.font), t.size)
            c.drawString(t.x, PAGE_H - (t.y + BASELINE * t.size), t.text)
        if seal_img is not None and layout.seal is not None:
            s = layout.seal
            side = 2 * s.r * seal_img.width / (seal_img.width - 4)
            c.drawImage(ImageReader(seal_img), s.cx - side / 2, PAGE_H - s.cy - side / 2, side, side, mask="auto")
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf(jpegs: list[bytes], title: str, author: str) -> bytes:
    """One scanned A4 image per page, JPEG data embedded as is (DCTDecode), no text layer."""
    buf = io.BytesIO()
    c = _canvas(buf, title, author)
    for data in jpegs:
        c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()
    return buf.getvalue()
