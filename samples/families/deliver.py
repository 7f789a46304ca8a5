"""Pages → the file an applicant uploads: a born-digital text-layer PDF, a scan (PDF, JPEG, PNG), a greyscale
photocopy, or a phone photo; scans and photos may be turned (content_rotation_cw / page_rotations_cw).

Text layers use TrueType faces only (pdfplumber reads them back); rasters are 150 dpi like the corpus.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from samples.families.canvas import Page
from samples.render import degrade
from samples.render.fonts import face, pil_font
from samples.render.seal import seal_layer, stamp

DPI = 150
SCALE = DPI / 72.0
BASELINE = 0.88  # em-box top → baseline, as a fraction of the size (CJK faces)

DELIVERIES = ("text_pdf", "scan_pdf", "copy_pdf", "scan_jpg", "scan_png", "copy_jpg", "photo_jpg")
EXTENSION = {"text_pdf": "pdf", "scan_pdf": "pdf", "copy_pdf": "pdf", "scan_jpg": "jpg", "scan_png": "png",
             "copy_jpg": "jpg", "photo_jpg": "jpg"}
MULTI_PAGE = {"text_pdf", "scan_pdf", "copy_pdf"}


# ---------------------------------------------------------------------------------------------------------------
# Fonts


@lru_cache(maxsize=None)
def _ttfont(key: str) -> TTFont:
    f = face(key)
    if not f.truetype:
        raise ValueError(f"font {key!r} is CFF-flavoured; its text layer may not extract. Use a TrueType face.")
    font = TTFont(key, f.path, subfontIndex=f.index)
    if key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(font)
    return font


def missing_glyphs(key: str, text: str) -> set[str]:
    """Characters the face has no glyph for (only TrueType faces are checked; Noto CJK covers our pools)."""
    if not face(key).truetype:
        return set()
    cmap = _ttfont(key).face.charToGlyph
    return {c for c in text if not c.isspace() and ord(c) not in cmap}


def _check_glyphs(pages: list[Page]) -> None:
    for p in pages:
        for t in p.texts:
            miss = missing_glyphs(t.font, t.text)
            if miss:
                raise ValueError(f"font {t.font} has no glyph for {''.join(sorted(miss))} in {t.text!r}")


# ---------------------------------------------------------------------------------------------------------------
# Text-layer PDF


def _seal_rgba(text: str, r_pt: float, rng: np.random.Generator) -> Image.Image:
    return seal_layer(text, round(r_pt * SCALE), rng)


def text_pdf(pages: list[Page], rng: np.random.Generator, title: str, author: str) -> bytes:
    _check_glyphs(pages)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(pages[0].w, pages[0].h), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator(author)
    for p in pages:
        c.setPageSize((p.w, p.h))
        for b in p.boxes:
            if b.fill:
                c.setFillColorRGB(*(v / 255 for v in b.fill))
            if b.stroke:
                c.setStrokeColorRGB(*(v / 255 for v in b.stroke))
                c.setLineWidth(b.width)
            c.rect(b.x0, p.h - b.y1, b.x1 - b.x0, b.y1 - b.y0, fill=1 if b.fill else 0, stroke=1 if b.stroke else 0)
        for s in p.strokes:
            c.setStrokeColorRGB(*(v / 255 for v in s.color))
            c.setLineWidth(s.width)
            c.line(s.x0, p.h - s.y0, s.x1, p.h - s.y1)
        for t in p.texts:
            _ttfont(t.font)
            # char spacing and render mode are graphics state that reportlab does not reset between text
            # objects: keep them inside a saved state
            c.saveState()
            c.setFillColorRGB(*(v / 255 for v in t.color))
            c.setStrokeColorRGB(*(v / 255 for v in t.color))
            to = c.beginText(t.x, p.h - (t.y + BASELINE * t.size))
            to.setFont(t.font, t.size)
            if t.spacing:
                to.setCharSpace(t.spacing)
            if t.bold:
                c.setLineWidth(t.size * 0.035)
                to.setTextRenderMode(2)
            to.textOut(t.text)
            c.drawText(to)
            c.restoreState()
        for s in p.seals:
            img = _seal_rgba(s.text, s.r, rng)
            side = 2 * s.r * img.width / (img.width - 4)
            c.drawImage(ImageReader(img), s.cx - side / 2, p.h - s.cy - side / 2, side, side, mask="auto")
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# Rasters


def draw(page: Page, rng: np.random.Generator) -> Image.Image:
    """The page as paper at 150 dpi, seals multiplied over the text like ink."""
    _check_glyphs([page])
    img = Image.new("RGB", (round(page.w * SCALE), round(page.h * SCALE)), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for b in page.boxes:
        box = [b.x0 * SCALE, b.y0 * SCALE, b.x1 * SCALE, b.y1 * SCALE]
        d.rectangle(box, fill=b.fill, outline=b.stroke, width=max(1, round(b.width * SCALE)) if b.stroke else 0)
    for s in page.strokes:
        d.line([(s.x0 * SCALE, s.y0 * SCALE), (s.x1 * SCALE, s.y1 * SCALE)], fill=s.color,
               width=max(1, round(s.width * SCALE)))
    for t in page.texts:
        font = pil_font(t.font, round(t.size * SCALE))
        extra = {"stroke_width": 1, "stroke_fill": t.color} if t.bold else {}
        if not t.spacing:
            d.text((t.x * SCALE, t.y * SCALE), t.text, font=font, fill=t.color, **extra)
            continue
        x = t.x * SCALE
        for ch in t.text:
            d.text((x, t.y * SCALE), ch, font=font, fill=t.color, **extra)
            x += font.getlength(ch) + t.spacing * SCALE
    for s in page.seals:
        img = stamp(img, _seal_rgba(s.text, s.r, rng), s.cx * SCALE, s.cy * SCALE)
    return img


def turn(img: Image.Image, cw: int) -> Image.Image:
    """The content turned `cw` degrees clockwise (as stored: a reader turns it back by the same amount)."""
    return {0: img, 90: img.transpose(Image.Transpose.ROTATE_270), 180: img.transpose(Image.Transpose.ROTATE_180),
            270: img.transpose(Image.Transpose.ROTATE_90)}[cw]


def photocopy(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A greyscale photocopy: harder contrast, toner specks, grey edge shadow, a small skew."""
    g = np.asarray(img.convert("L"), dtype=np.float32)
    g = np.clip((g - 40) * 1.25, 0, 255)
    g += rng.normal(0, 6, size=g.shape).astype(np.float32)
    specks = rng.random(g.shape) < 0.0008
    g[specks] = 40
    h, w = g.shape
    edge = np.minimum(np.arange(w)[None, :], np.arange(w)[None, ::-1]).astype(np.float32)
    g *= np.clip(0.82 + edge / 120.0, 0.82, 1.0)
    out = Image.fromarray(np.clip(g, 0, 255).astype(np.uint8)).convert("RGB")
    angle = float(rng.uniform(-0.8, 0.8))
    return out.rotate(angle, resample=Image.BICUBIC, fillcolor=(235, 235, 235))


def phone_photo(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The page on a desk shot off-axis under a lamp: perspective, uneven light, colour cast, blur, noise."""
    landscape = img.width > img.height
    w, h = (2048, 1536) if landscape else (1536, 2048)
    desk = np.array(rng.choice([[92, 78, 64], [70, 72, 78], [150, 140, 122]]), dtype=np.float32)
    bg = np.zeros((h, w, 3), dtype=np.float32) + desk
    bg += rng.normal(0, 6, size=(h, w, 1)).astype(np.float32)
    photo = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8))
    fill = 0.84
    pw, ph = int(w * fill), int(w * fill * img.height / img.width)
    if ph > h * 0.92:
        ph = int(h * 0.92)
        pw = int(ph * img.width / img.height)
    paper = img.resize((pw, ph), Image.BICUBIC)
    ox, oy = (w - pw) / 2, (h - ph) / 2

    def j(s: float) -> float:
        return float(rng.uniform(-s, s))

    quad = [(ox + j(40), oy + j(40)), (ox + pw + j(40), oy + j(40)), (ox + pw + j(40), oy + ph + j(40)),
            (ox + j(40), oy + ph + j(40))]
    coeffs = degrade.perspective_coeffs(quad, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    warped = paper.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", paper.size, 255).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    photo.paste(warped, (0, 0), mask)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = float(rng.uniform(0, 1)), float(rng.uniform(0, 1))
    dist = np.sqrt((xx / w - lx) ** 2 + (yy / h - ly) ** 2)
    light = 1.08 - 0.32 * dist
    cast = np.array([1.0, float(rng.uniform(0.95, 1.0)), float(rng.uniform(0.86, 0.96))], dtype=np.float32)
    a = np.asarray(photo, dtype=np.float32) * light[..., None] * cast
    a += rng.normal(0, 4, size=a.shape[:2])[..., None].astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))


def _jpeg(img: Image.Image, q: int) -> bytes:
    return degrade.jpeg_bytes(img, q)


def _image_pdf(jpegs: list[tuple[bytes, tuple[int, int]]]) -> bytes:
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, invariant=1, pageCompression=1)
    for data, (w, h) in jpegs:
        size = (w / SCALE, h / SCALE)
        c.setPageSize(size)
        c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, *size)
        c.showPage()
    c.save()
    return buf.getvalue()


def _grey_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("L").point(lambda v: (v // 16) * 17).save(buf, "PNG", dpi=(DPI, DPI), optimize=True)
    return buf.getvalue()


def render(pages: list[Page], delivery: str, rotations: list[int], rng: np.random.Generator, *, hard: bool,
           title: str, author: str) -> bytes:
    """The file's bytes. `rotations` gives each page's clockwise turn (all 0 for text PDFs)."""
    if delivery not in DELIVERIES:
        raise ValueError(f"unknown delivery {delivery!r}; known: {', '.join(DELIVERIES)}")
    if delivery not in MULTI_PAGE and len(pages) != 1:
        raise ValueError(f"{delivery} holds one page, got {len(pages)}")
    if delivery == "text_pdf":
        if any(rotations):
            raise ValueError("a born-digital PDF is not turned")
        return text_pdf(pages, rng, title, author)
    out = []
    for page, cw in zip(pages, rotations):
        paper = draw(page, rng)
        if delivery.startswith("copy"):
            img, q = photocopy(paper, rng), int(rng.integers(70, 82))
        elif delivery == "photo_jpg":
            img, q = phone_photo(paper, rng), int(rng.integers(72, 84))
        else:
            img, q = degrade.scan(paper, "hard_scan" if hard else "clean_scan", rng)
        out.append((turn(img, cw), q))
    if delivery in ("scan_pdf", "copy_pdf"):
        return _image_pdf([(_jpeg(img, q), img.size) for img, q in out])
    img, q = out[0]
    if delivery == "scan_png":
        return _grey_png(img)
    return _jpeg(img, q)


