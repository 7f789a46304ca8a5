"""Evidence pictures for the reviewer: the spot on the page where a fact was read, with the box highlighted,
and the whole page it sits on, as small self-contained data: URIs.

Boxes are in page units as the reader saw the page: PDF points (origin top-left) for PDF pages, pixels for
images, both in the page *as turned upright* by the reader (`PageText.rotation`, clockwise degrees). The
draft records the rotation per document (`documents[].rotations`, see `rotations_from_draft`); callers pass `rotations`
({(file, page): degrees}); without it pages are shown as uploaded.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageDraw

from models.draft import Evidence

log = logging.getLogger(__name__)

PDF_DPI = 110  # enough to read a 10-pt line in a crop; a full A4 page is then ~910 x 1290 px before downscaling
CROP_MAX_W = 480  # px of the embedded crop (two side by side on the page)
CROP_MAX_H = 260
PAGE_MAX_W = 760  # px of the embedded whole page
CROP_QUALITY = 80
PAGE_QUALITY = 65
HIGHLIGHT_FILL = (255, 214, 0, 70)
HIGHLIGHT_LINE = (220, 30, 30, 255)

Rotations = dict[tuple[str, int], int]


@dataclass
class EvidenceImage:
    crop: str | None = None  # data: URI of the spot, box drawn
    page: tuple[str, int] | None = None  # (file, page) of the whole page, see PageCache.page_uri
    box: tuple[float, float, float, float] | None = None  # the box on that page in % (left, top, width, height)
    aspect: tuple[int, int] | None = None  # the page's width and height in pixels
    note: str = ""  # why there is no picture, for the reviewer


def _data_uri(img: Image.Image, quality: int) -> str:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality, optimize=True, progressive=False)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF") or b"%PDF" in data[:1024]


def _turn(img: Image.Image, clockwise: int) -> Image.Image:
    clockwise %= 360
    return img.rotate(-clockwise, expand=True) if clockwise else img


class PageCache:
    """Upright page images of the packet's files, rendered once each; with the scale pixels per page unit."""

    def __init__(self, sources: dict[str, bytes], rotations: Rotations | None = None):
        self.sources = sources or {}
        self.rotations = rotations or {}
        self._pages: dict[tuple[str, int], tuple[Image.Image, float] | str] = {}
        self._uris: dict[tuple[str, int], str] = {}

    def page_uri(self, file: str, page: int) -> str:
        """The whole page, downscaled, as a data: URI; made once per page however many boxes point at it."""
        key = (file, page)
        if key not in self._uris:
            img, _ = self.get(file, page)
            self._uris[key] = _data_uri(_fit(img, PAGE_MAX_W), PAGE_QUALITY)
        return self._uris[key]

    def get(self, file: str, page: int) -> tuple[Image.Image, float] | str:
        """(image, pixels per page unit), or the reason there is none."""
        key = (file, page)
        if key not in self._pages:
            try:
                self._pages[key] = self._load(file, page)
            except Exception as exc:  # a picture that cannot be made never stops the page
                log.warning("evidence page not rendered", extra={"document": file, "page": page})
                self._pages[key] = f"原件第 {page} 页无法显示（{type(exc).__name__}）"
        return self._pages[key]

    def _load(self, file: str, page: int) -> tuple[Image.Image, float] | str:
        data = self.sources.get(file)
        if data is None:
            return "未附原件，无法显示图像"
        rotation = self.rotations.get((file, page), 0)
        from pipeline.sniff import is_ofd

        if _is_pdf(data) or is_ofd(data):
            from pipeline.read.limits import EVIDENCE_MAX_PIXELS
            from pipeline.read.sandbox import render_bounded

            # capped in pixels, not points (a 20,000-point page is drawn smaller, never in gigabytes), and drawn
            # in a bounded child process like every reading of an upload
            kind = "application/pdf" if _is_pdf(data) else "application/ofd"
            img, scale = render_bounded(data, kind, page, PDF_DPI, EVIDENCE_MAX_PIXELS)
            return _turn(img, rotation), scale
        from pipeline.read.image import frames

        for i, frame in enumerate(frames(data), start=1):
            if i == page:
                return _turn(frame, rotation), 1.0
        return f"原件无第 {page} 页"


def _scaled_box(bbox, scale: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    x0, y0, x1, y1 = (v * scale for v in bbox)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    x0, y0 = max(0, min(w - 1, x0)), max(0, min(h - 1, y0))
    x1, y1 = max(x0 + 1, min(w, x1)), max(y0 + 1, min(h, y1))
    return int(x0), int(y0), int(round(x1)), int(round(y1))


def _highlight(img: Image.Image, box: tuple[int, int, int, int], width: int) -> Image.Image:
    base = img.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    pad = max(2, width)
    x0, y0, x1, y1 = box
    outer = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    d.rectangle(outer, fill=HIGHLIGHT_FILL)
    d.rectangle(outer, outline=HIGHLIGHT_LINE, width=width)
    return Image.alpha_composite(base, layer).convert("RGB")


def _crop_window(box, size) -> tuple[int, int, int, int]:
    """Around the box with enough margin to read the line in context: a few line heights above and below,
    and at least a third of the page's width."""
    w, h = size
    x0, y0, x1, y1 = box
    line = max(12, y1 - y0)
    extra = max(line * 6, int(w * 0.55) - (x1 - x0), 40)
    # Labels sit left of their values (表格: 住所 | 上海市…), so two thirds of the margin goes to the left.
    left, right = extra * 2 // 3, extra // 3
    my = max(int(line * 1.8), 24)
    cx0, cy0 = max(0, x0 - left), max(0, y0 - my)
    cx1, cy1 = min(w, x1 + right), min(h, y1 + my)
    return cx0, cy0, cx1, cy1


def _fit(img: Image.Image, max_w: int, max_h: int | None = None) -> Image.Image:
    w, h = img.size
    k = min(1.0, max_w / w, (max_h / h) if max_h else 1.0)
    if k < 1.0:
        img = img.resize((max(1, int(w * k)), max(1, int(h * k))), Image.LANCZOS)
    return img


def evidence_image(ev: Evidence, pages: PageCache) -> EvidenceImage:
    if ev.page is None:
        return EvidenceImage(note={"ledger": "来自台账，无原件页面", "derived": "由其他材料推算，无单独页面"}.get(
            ev.source or "", "无页面位置"))
    got = pages.get(ev.file, ev.page)
    if isinstance(got, str):
        return EvidenceImage(note=got)
    img, scale = got
    if ev.bbox is None:
        return EvidenceImage(page=(ev.file, ev.page), aspect=img.size, note="无位置框，请在整页中查找")
    box = _scaled_box(ev.bbox, scale, img.size)
    line_w = max(2, int(round(img.width / 500)))
    marked = _highlight(img, box, line_w)
    crop = _fit(marked.crop(_crop_window(box, img.size)), CROP_MAX_W, CROP_MAX_H)
    w, h = img.size
    pct = (100 * box[0] / w, 100 * box[1] / h, 100 * (box[2] - box[0]) / w, 100 * (box[3] - box[1]) / h)
    return EvidenceImage(crop=_data_uri(crop, CROP_QUALITY), page=(ev.file, ev.page), box=pct, aspect=img.size)


def rotations_from_draft(draft) -> Rotations:
    """{(file, page): rotation} as the draft's documents record it."""
    return {(d.file, page): deg for d in draft.documents for page, deg in d.rotations.items()}


def rotations_from_files(files) -> Rotations:
    """{(file, page): rotation} from the reading (`models.reading.FileText` list)."""
    return {(f.file, p.page): p.rotation for f in files or [] for p in f.pages if p.rotation}
