"""One declared file → the bytes an applicant would upload (scan, photo, text-layer PDF, TIFF, Word, Excel)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from samples.render import degrade
from samples.render.fonts import SCAN_FONTS, TEXT_LAYER_FONTS
from samples.render.layout import PageLayout, lay_out
from samples.render.pdf import scanned_pdf, text_layer_pdf
from samples.render.raster import SCALE, draw_page
from samples.render.seal import seal_layer, stamp
from samples.truth_model import FileTruth, PacketTruth


def _seed(*parts: object) -> int:
    # crc32, not hash(): Python's str hash changes between runs
    return zlib.crc32("/".join(map(str, parts)).encode("utf-8"))


def _font_for(packet: str, f: FileTruth) -> str:
    pool = TEXT_LAYER_FONTS if f.page_kind == "text_layer" else SCAN_FONTS
    return pool[_seed(packet, f.file) % len(pool)]


def _layouts(packet: str, f: FileTruth) -> list[PageLayout]:
    default = _font_for(packet, f)
    return [lay_out(p, p.font or default) for p in f.pages]


def _seal_image(layout: PageLayout, rng: np.random.Generator) -> Image.Image | None:
    if layout.seal is None:
        return None
    return seal_layer(layout.seal.text, round(layout.seal.r * SCALE), rng)


def _paper(layout: PageLayout, rng: np.random.Generator) -> Image.Image:
    img = draw_page(layout)
    seal = _seal_image(layout, rng)
    if seal is not None:
        img = stamp(img, seal, layout.seal.cx * SCALE, layout.seal.cy * SCALE)
    return img


def render_file(truth: PacketTruth, f: FileTruth) -> bytes:
    if f.page_kind == "office":  # a Word or Excel file as the applicant filled it in: no page image at all
        from samples.render.office import docx_bytes, xlsx_bytes

        page = f.pages[0]
        titles = 1 if page.title_lines is None else page.title_lines
        if Path(f.file).suffix.lower() == ".docx":
            return docx_bytes(page.lines, titles, author=truth.applicant.name)
        return xlsx_bytes(page.lines, title_lines=titles, author=truth.applicant.name)
    layouts = _layouts(truth.packet, f)
    rngs = [np.random.default_rng(_seed(truth.packet, f.file, n + 1)) for n in range(len(layouts))]
    suffix = Path(f.file).suffix.lower()
    author = truth.applicant.name
    if f.page_kind == "text_layer":
        return text_layer_pdf([(lay, _seal_image(lay, rng)) for lay, rng in zip(layouts, rngs)],
                              title=f.pages[0].texts[0], author=author)
    if f.page_kind == "rotated_photo":
        if len(layouts) != 1 or suffix not in {".jpg", ".jpeg"}:
            raise ValueError(f"{f.file}: a phone photo is one JPEG page")
        photo, q = degrade.phone_photo(_paper(layouts[0], rngs[0]), rngs[0])
        return degrade.jpeg_bytes(photo, q)
    pages = [degrade.scan(_paper(lay, rng), f.page_kind, rng) for lay, rng in zip(layouts, rngs)]
    if suffix in {".jpg", ".jpeg"}:
        return degrade.jpeg_bytes(*pages[0])
    if suffix == ".pdf":
        return scanned_pdf([degrade.jpeg_bytes(img, q) for img, q in pages], title="", author="")
    if suffix in {".tif", ".tiff"}:
        # decode the JPEG again so the TIFF carries the same artefacts as a scanner's JPEG-in-TIFF
        imgs = [Image.open(io.BytesIO(degrade.jpeg_bytes(img, q))).convert("RGB") for img, q in pages]
        buf = io.BytesIO()
        imgs[0].save(buf, "TIFF", save_all=True, append_images=imgs[1:], compression="jpeg", quality=pages[0][1],
                     dpi=(150, 150))
        return buf.getvalue()
    if suffix == ".png":
        buf = io.BytesIO()
        # a greyscale scanner in "document" mode: 16 grey levels keep the PNG small
        grey = pages[0][0].convert("L").point(lambda v: (v // 16) * 17)
        grey.save(buf, "PNG", dpi=(150, 150), optimize=True)
        return buf.getvalue()
    raise ValueError(f"{f.file}: no writer for {suffix}")
