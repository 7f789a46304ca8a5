"""Pages parsed → pages read: OCR of page images, and the check of a doubtful text layer against OCR.

A text layer in doubt (`plausible.judge` said "suspicious", or a routine spot check while OCR is in use for the
packet anyway) is checked on a few of its lines: each line's box is cut from the rendered page and read by OCR;
when fewer than half of them agree with the text layer, the layer is not trusted — the whole page is read by
OCR, and the page carries a warning that the draft shows. Lines are compared after removing spaces and
punctuation, with rapidfuzz's normalised similarity (≥ 0.6 agrees: OCR's own errors stay well above that, a
wrong font mapping well below).
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Callable

from PIL import Image

from models.reading import PageText, SealText, Span
from pipeline.read.pages import PageDone, PageImage, PageItem
from pipeline.read.plausible import is_cjk

log = logging.getLogger(__name__)

SAMPLE_LINES = 4
MIN_LINE_CHARS = 4
AGREE = 0.6

# (spans, rotation, note, seals): the page's lines and its round seals' ring text, boxes in the upright image
PageOcr = Callable[[Image.Image, int], tuple[list[Span], int, str, list[SealText]]]
CropOcr = Callable[[Image.Image, int, str], list[Span]]


def finish_page(item: PageItem, ocr: PageOcr | None, crop_ocr: CropOcr | None) -> PageText:
    if isinstance(item, PageDone):
        return item.page
    if item.text_page is not None:
        return _checked(item, ocr, crop_ocr)
    warning = ""
    if item.plausibility is not None:  # a text layer judged implausible: read by OCR instead, and said so
        warning = (f"第{item.page_no}页 PDF {item.plausibility.reason}，疑为字体映射错误，未采信文字层"
                   + ("，已改用 OCR 识别" if ocr is not None else "（未启用 OCR，本页未读出）"))
    return ocr_page_image(item, ocr, warning)


def ocr_page_image(item: PageImage, ocr: PageOcr | None, warning: str = "") -> PageText:
    """The page image read by OCR, boxes in page units (points for PDF/OFD, pixels for images)."""
    if ocr is None:
        reason = f"{item.what}需 OCR（未启用 OCR）" if item.what == "图片" else item.reason + "（未启用 OCR）"
        return PageText(page=item.page_no, width=item.unit_width, height=item.unit_height, source="ocr",
                        reason=reason, warning=warning)
    spans, rotation, note, seals = ocr(item.image, item.page_no)
    # OCR boxes are in pixels of the image; rendering is isotropic, so one scale serves both axes whichever way
    # the page was turned
    k = item.unit_width / item.image.width
    if abs(k - 1.0) > 1e-9:
        spans = [s.model_copy(update={"bbox": tuple(v * k for v in s.bbox)}) for s in spans]
        seals = [s.model_copy(update={"bbox": tuple(v * k for v in s.bbox)}) for s in seals]
    w, h = item.unit_width, item.unit_height
    if rotation in (90, 270):
        w, h = h, w
    reason = "；".join(r for r in (item.reason, note) if r)
    from pipeline.read.tables import fill_cells, image_tables, upright

    tables = fill_cells(image_tables(upright(item.image, rotation), item.page_no, scale=k), spans)
    return PageText(page=item.page_no, width=w, height=h, source="ocr", rotation=rotation, spans=spans,
                    tables=tables, seals=seals, reason=reason, warning=warning)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def sample_lines(spans: list[Span], n: int = SAMPLE_LINES) -> list[Span]:
    """Up to `n` lines with enough characters to compare, spread over the page from top to bottom."""
    lines = [s for s in spans if len(_norm(s.text)) >= MIN_LINE_CHARS and any(is_cjk(ch) for ch in s.text)]
    lines.sort(key=lambda s: (s.bbox[1], s.bbox[0]))
    if len(lines) <= n:
        return lines
    step = len(lines) / n
    return [lines[int(i * step + step / 2)] for i in range(n)]


def _crop(image: Image.Image, page: PageText, s: Span) -> Image.Image:
    k = image.width / page.width
    x0, y0, x1, y1 = (v * k for v in s.bbox)
    pad = max(4.0, 0.35 * (y1 - y0))
    box = (max(0, math.floor(x0 - pad)), max(0, math.floor(y0 - pad)),
           min(image.width, math.ceil(x1 + pad)), min(image.height, math.ceil(y1 + pad)))
    crop = image.crop(box)
    # a margin of white around the line, as on a page: detection finds the line whole
    canvas = Image.new("RGB", (crop.width + 2 * int(pad * 2), crop.height + 2 * int(pad * 2)), "white")
    canvas.paste(crop, (int(pad * 2), int(pad * 2)))
    return canvas


def line_agreement(item: PageImage, crop_ocr: CropOcr) -> tuple[int, int, list[float]]:
    """(lines agreeing, lines checked, similarities) of the text layer against OCR of the same boxes."""
    from rapidfuzz.fuzz import ratio

    page = item.text_page
    sims = []
    for i, s in enumerate(sample_lines(page.spans)):
        read = crop_ocr(_crop(item.image, page, s), item.page_no, f"check{i}:{','.join(f'{v:.1f}' for v in s.bbox)}")
        got = _norm("".join(r.text for r in read))
        sims.append(ratio(_norm(s.text), got) / 100.0)
    return sum(v >= AGREE for v in sims), len(sims), sims


def _checked(item: PageImage, ocr: PageOcr | None, crop_ocr: CropOcr | None) -> PageText:
    page = item.text_page
    why = item.plausibility.reason if item.plausibility is not None else "抽查"
    if crop_ocr is None or ocr is None:
        warning = (f"第{item.page_no}页 PDF {why}，未能用 OCR 核对（未启用 OCR）"
                   if item.plausibility is not None else "")
        return page.model_copy(update={"warning": warning})
    agree, checked, sims = line_agreement(item, crop_ocr)
    log.debug("text layer check", extra={"page": item.page_no, "agree": agree, "checked": checked,
                                         "similarities": ",".join(f"{v:.2f}" for v in sims)})
    if checked == 0 or agree * 2 >= checked:
        note = f"；已用 OCR 抽查 {checked} 行，{agree} 行相符" if checked else ""
        return page.model_copy(update={"reason": page.reason + note})
    warning = (f"第{item.page_no}页 PDF 文字层与页面图像不符（OCR 抽查 {checked} 行，仅 {agree} 行相符），"
               "未采信文字层，已改用 OCR 识别")
    replaced = PageImage(item.page_no, item.image, page.width, page.height,
                         reason=f"文字层与页面图像不符（抽查 {checked} 行，{agree} 行相符），改用 OCR", what="PDF")
    read = ocr_page_image(replaced, ocr, warning=warning)
    if page.rotation:  # the image was turned upright already; OCR's own turn comes on top of it
        read = read.model_copy(update={"rotation": (page.rotation + read.rotation) % 360})
    return read
