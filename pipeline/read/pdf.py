"""PDF pages: the text layer through pdfplumber where it is usable, OCR of the rendered page where it is not.

Every page is read the right way up: pdfplumber and pdfium apply /Rotate; a text layer whose characters still
run sideways (a page drawn turned, or turned by a /Rotate) is turned upright from its characters' matrices,
and the page records the rotation (evidence boxes are in that upright frame). A text layer is checked for
plausibility on every page (`pipeline.read.plausible`) and, when in doubt, against OCR of a few of its lines.
"""

from __future__ import annotations

import io
import math
import threading
import unicodedata
from collections.abc import Callable, Iterator

import pdfplumber

from models.reading import PageText, Span
from pipeline.read.limits import MAX_RENDER_PIXELS, decode_budget, find_limit
from pipeline.read.pages import PageDone, PageImage, PageItem
from pipeline.read.plausible import judge
from pipeline.read.tables import pdf_tables

RENDER_DPI = 200
MIN_TEXT_CHARS = 8  # fewer usable characters than this: a scan with a stray text object, read by OCR
MAX_BAD_RATIO = 0.10  # more garbage than this: the fonts lack a usable ToUnicode map
CELL_GAP = 1.5  # a horizontal gap wider than this many character heights starts a new span (table cells)
# Chinese is set without spaces between words: a gap of more than half a character beside a Chinese character is
# a column's edge (the cells of a table with narrow padding), not a word space.
CJK_CELL_GAP = 0.6


class PdfError(Exception):
    """The PDF cannot be opened at all; the message is for the reviewer."""


def _is_garbage(ch: str) -> bool:
    if not ch or ch.isspace():
        return False
    cat = unicodedata.category(ch)
    return cat in ("Co", "Cn", "Cc", "Cs") or ch == "\ufffd"


def text_layer_verdict(chars: list[dict]) -> tuple[bool, str]:
    """Whether a page's text layer can be trusted, and why (shown with the page)."""
    texts = [c.get("text", "") for c in chars]
    cid = sum(1 for t in texts if t.startswith("(cid:"))
    visible = [t for t in texts if t.strip()]
    if len(visible) < MIN_TEXT_CHARS:
        return False, f"文字层缺失或过少（{len(visible)} 个字符），改用 OCR"
    bad = cid + sum(1 for t in visible if len(t) == 1 and _is_garbage(t))
    if bad / len(visible) > MAX_BAD_RATIO:
        return False, f"文字层为乱码（{bad}/{len(visible)} 个字符无法映射为 Unicode），改用 OCR"
    return True, f"使用 PDF 文字层（{len(visible)} 个字符）"


def _cjk(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in ("W", "F")


def _line_spans(line: dict, page_no: int) -> list[Span]:
    """Splits one text line into spans at wide gaps, so table cells become separate spans."""
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip() or c.get("text") == " "]
    if not chars:
        return []
    groups: list[list[dict]] = [[chars[0]]]
    for prev, ch in zip(chars, chars[1:]):
        h = max(1.0, prev["bottom"] - prev["top"])
        wide = CJK_CELL_GAP if _cjk(prev["text"]) or _cjk(ch["text"]) else CELL_GAP
        if ch["x0"] - prev["x1"] > wide * h:
            groups.append([ch])
        else:
            groups[-1].append(ch)
    spans = []
    for g in groups:
        text = _join_chars(g)
        if not text:
            continue
        bbox = (min(c["x0"] for c in g), min(c["top"] for c in g), max(c["x1"] for c in g), max(c["bottom"] for c in g))
        spans.append(Span(text=text, page=page_no, bbox=bbox, confidence=1.0, source="text_layer"))
    return spans


def _join_chars(chars: list[dict]) -> str:
    """Characters of one run as text; a gap wider than a fifth of the height between Latin letters or digits
    is a space the writer did not draw (English titles, "ICS 71.100")."""
    out = []
    for prev, ch in zip([None, *chars], chars):
        if prev is not None and ch["text"] != " " and prev["text"] != " ":
            h = max(1.0, prev["bottom"] - prev["top"])
            if ch["x0"] - prev["x1"] > 0.2 * h and (prev["text"].isascii() or ch["text"].isascii()):
                out.append(" ")
        out.append(ch["text"])
    return "".join(out).strip()


def read_pdf(
    data: bytes,
    ocr: Callable[[object, int], tuple[list[Span], int, str]] | None,
    max_pages: int | None = None,
) -> list[PageText]:
    """Reads every page in this process; `ocr(image, page)` returns (spans in image pixels, rotation, note) for
    pages without a usable text layer. Without `ocr`, such pages come back empty with the reason.
    (`pipeline.read.read_file` parses in a bounded child process and OCRs here; this is the same in one go.)"""
    from pipeline.read.verify import finish_page

    return [finish_page(item, ocr, None) for item in parse_pdf(data, render=ocr is not None, max_pages=max_pages)]


def parse_pdf(data: bytes, *, render: bool, max_pages: int | None = None, spot_check: int = 0,
              ) -> Iterator[PageItem]:
    """Every page of a PDF, parsed: text-layer pages read, the others rendered for OCR (when `render`).

    A text layer whose text runs sideways or upside down (a page drawn turned, or a /Rotate that turns it) is
    read in the upright frame and the page records the rotation. A layer that is implausible as Chinese is not
    used (OCR of the rendered page instead); a suspicious one, and the first `spot_check` pages, come with
    their rendered image so that a few lines can be checked against OCR (`pipeline.read.verify`)."""
    with decode_budget():
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise PdfError(_pdf_error_text(exc)) from exc
        with pdf:
            if max_pages is not None and n_pages > max_pages:
                raise PdfError(f"PDF 共 {n_pages} 页，超过单个文件 {max_pages} 页的上限，本文件未读取，请拆分后上传")
            for i, page in enumerate(pdf.pages, start=1):
                try:
                    yield _parse_page(page, i, data, render, spot_check)
                except PdfError:
                    raise
                except Exception as exc:  # one broken page does not lose the others
                    if (limit := find_limit(exc)) is not None:
                        raise PdfError(f"第 {i} 页：{limit}") from exc
                    try:
                        width, height = float(page.width), float(page.height)
                    except Exception:
                        width, height = 595.0, 842.0  # A4, for a page whose box is broken too
                    yield PageDone(PageText(page=i, width=width, height=height, source="text_layer",
                                            reason=f"本页无法读取：{type(exc).__name__}"))


def _parse_page(page, page_no: int, data: bytes, render: bool, spot_check: int) -> PageItem:
    width, height = float(page.width), float(page.height)
    chars = page.chars
    usable, reason = text_layer_verdict(chars)
    plaus = None
    if usable:
        spans, rotation, (w, h) = _text_layer_spans(page, chars, page_no)
        note = f"；文字方向转正 {rotation}°" if rotation else ""
        # ruled tables from the page's lines; a page read turned has its rules in the other frame: none
        tables = pdf_tables(page, page_no) if rotation == 0 else []
        text_page = PageText(page=page_no, width=w, height=h, source="text_layer", rotation=rotation, spans=spans,
                             tables=tables, reason=reason + note)
        plaus = judge([s.text for s in spans])
        missing, rendered = (_missing_from_scan_layer(page, data, page_no, spans, rotation, w) if render
                             else (0.0, None))
        if missing:
            return PageImage(page_no, rendered, width, height,
                             f"扫描页的文字层缺少页面上的文字（约 {missing:.0f} 字未在文字层中），改用 OCR", "PDF")
        if plaus.level == "ok" and page_no > spot_check:
            return PageDone(text_page)
        if plaus.level == "implausible":
            usable, reason = False, f"{plaus.reason}，疑为字体映射错误，未采信文字层，改用 OCR"
        elif not render:
            warning = (f"第{page_no}页 PDF {plaus.reason}，未能用 OCR 核对（未启用 OCR）"
                       if plaus.level == "suspicious" else "")
            return PageDone(text_page.model_copy(update={"warning": warning}))
        else:
            image = _turn(render_page(data, page_no), rotation)
            return PageImage(page_no, image, w, h, reason, "PDF", text_page=text_page,
                             plausibility=plaus if plaus.level == "suspicious" else None)
    if not render:
        warning = f"第{page_no}页 PDF {reason}（未启用 OCR，本页未读出）" if plaus is not None else ""
        return PageDone(PageText(page=page_no, width=width, height=height, source="ocr", warning=warning,
                                 reason=reason + "（未启用 OCR）"))
    return PageImage(page_no, render_page(data, page_no), width, height, reason, "PDF", plausibility=plaus)


def _missing_from_scan_layer(page, data: bytes, page_no: int, spans: list[Span], rotation: int, w: float):
    """On a scanned page with a text layer: how many glyphs of print the layer misses (0 when it misses none, or
    the page is not a scan), and the page as rendered for the check (None when it was not), for OCR to read."""
    from pipeline.read.coverage import MIN_MISSING_GLYPHS, is_scan, uncovered_print

    if not is_scan(page):
        return 0.0, None
    rendered = render_page(data, page_no)
    image = _turn(rendered, rotation)
    missing = uncovered_print(image, [s.bbox for s in spans], image.width / w)
    return (missing if missing >= MIN_MISSING_GLYPHS else 0.0), rendered


def _turn(img, clockwise: int):
    return img.rotate(-clockwise, expand=True) if clockwise % 360 else img


def text_direction(chars: list[dict]) -> int:
    """Clockwise degrees to turn the page so that most of its text runs left to right (0, 90, 180, 270).

    From each character's text matrix in device space (y up): (a, b) is the direction its line advances."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for c in chars:
        m = c.get("matrix")
        if not m or not str(c.get("text", "")).strip():
            continue
        a, b = float(m[0]), float(m[1])
        if abs(a) >= abs(b):
            votes[0 if a > 0 else 180] += 1
        else:
            votes[90 if b > 0 else 270] += 1  # running up: turn clockwise; running down: counter-clockwise
    best = max(votes, key=lambda k: (votes[k], k == 0))
    return best if votes[best] > votes[0] else 0


def _turn_char(c: dict, clockwise: int, w: float, h: float) -> dict:
    x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
    if clockwise == 90:
        box = (h - bottom, x0, h - top, x1)
    elif clockwise == 180:
        box = (w - x1, h - bottom, w - x0, h - top)
    else:  # 270
        box = (top, w - x1, bottom, w - x0)
    nx0, ntop, nx1, nbottom = box
    return {**c, "x0": nx0, "x1": nx1, "top": ntop, "bottom": nbottom, "doctop": ntop, "upright": True,
            "width": nx1 - nx0, "height": nbottom - ntop}


def _text_layer_spans(page, chars: list[dict], page_no: int) -> tuple[list[Span], int, tuple[float, float]]:
    """The text layer's spans in the upright frame, the clockwise rotation to it, and the upright size."""
    width, height = float(page.width), float(page.height)
    rotation = text_direction(chars)
    if rotation == 0:
        lines = page.extract_text_lines(return_chars=True)
        size = (width, height)
    else:
        from pdfplumber.utils.text import chars_to_textmap

        turned = [_turn_char(c, rotation, width, height) for c in chars]
        size = (height, width) if rotation in (90, 270) else (width, height)
        turned.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
        tm = chars_to_textmap(turned, layout_bbox=(0, 0, size[0], size[1]), layout_width=size[0],
                              layout_height=size[1])
        lines = tm.extract_text_lines(strip=True, return_chars=True)
    spans: list[Span] = []
    for line in lines:
        spans.extend(_line_spans(line, page_no))
    return spans, rotation, size


_PDFIUM = threading.Lock()  # pdfium is not thread-safe: one call at a time per process (flows run packets in threads)


def render_page(data: bytes, page_no: int, dpi: int = RENDER_DPI, max_pixels: int = MAX_RENDER_PIXELS):
    """The page as a PIL image, rendered by pdfium as a reviewer sees it (/Rotate applied), at `dpi` or less:
    never more than `max_pixels` (a 20,000-point page would need gigabytes at 200 dpi)."""
    return render_page_scaled(data, page_no, dpi, max_pixels)[0]


def render_page_scaled(data: bytes, page_no: int, dpi: int = RENDER_DPI, max_pixels: int = MAX_RENDER_PIXELS):
    """(image, pixels per point) of `render_page`."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            pg = doc[page_no - 1]
            w, h = pg.get_size()  # points, /Rotate applied
            scale = dpi / 72
            if w * h * scale * scale > max_pixels:
                scale = math.sqrt(max_pixels / max(1.0, w * h))
            bitmap = pg.render(scale=scale)
            return bitmap.to_pil().convert("RGB"), scale
        finally:
            doc.close()


def _pdf_error_text(exc: Exception) -> str:
    # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect())): name the inner one
    while type(exc).__name__ in ("PdfminerException", "MalformedPDFException") and exc.args \
            and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    name = type(exc).__name__
    msg = str(exc).lower()
    if "password" in msg or "encrypt" in msg or name == "PDFPasswordIncorrect":
        return "PDF 已加密（需要密码），无法读取，请上传未加密的文件"
    if name in ("PDFSyntaxError", "PSEOF", "PSSyntaxError", "PDFNoValidXRef") or "eof" in msg or "startxref" in msg \
            or "root" in msg:
        return "PDF 文件已损坏或不完整（可能上传中断），无法读取"
    return f"PDF 无法打开（{name}）"
