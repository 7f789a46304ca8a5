"""PDF pages: the text layer through pdfplumber where it is usable, OCR of the rendered page where it is not."""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable

import pdfplumber

from models.reading import PageText, Span
from pipeline.read.tables import fill_cells, image_tables, pdf_tables, upright

RENDER_DPI = 200
MIN_TEXT_CHARS = 8  # fewer usable characters than this: a scan with a stray text object, read by OCR
MAX_BAD_RATIO = 0.10  # more garbage than this: the fonts lack a usable ToUnicode map
CELL_GAP = 1.5  # a horizontal gap wider than this many character heights starts a new span (table cells)


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


def _line_spans(line: dict, page_no: int) -> list[Span]:
    """Splits one text line into spans at wide gaps, so table cells become separate spans."""
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip() or c.get("text") == " "]
    if not chars:
        return []
    groups: list[list[dict]] = [[chars[0]]]
    for prev, ch in zip(chars, chars[1:]):
        h = max(1.0, prev["bottom"] - prev["top"])
        if ch["x0"] - prev["x1"] > CELL_GAP * h:
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
    """Reads every page; `ocr(image, page)` returns (spans in image pixels, rotation, note) for pages
    without a usable text layer. Without `ocr`, such pages come back empty with the reason."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:
        raise PdfError(_pdf_error_text(exc)) from exc
    pages: list[PageText] = []
    with pdf:
        if max_pages is not None and n_pages > max_pages:
            raise PdfError(f"PDF 共 {n_pages} 页，超过单个文件 {max_pages} 页的上限，本文件未读取，请拆分后上传")
        for i, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, i, data, ocr))
            except PdfError:
                raise
            except Exception as exc:  # one broken page does not lose the others
                try:
                    width, height = float(page.width), float(page.height)
                except Exception:
                    width, height = 595.0, 842.0  # A4, for a page whose box is broken too
                pages.append(PageText(page=i, width=width, height=height, source="text_layer",
                                      reason=f"本页无法读取：{type(exc).__name__}"))
    return pages


def _read_page(page, page_no: int, data: bytes, ocr) -> PageText:
    width, height = float(page.width), float(page.height)
    usable, reason = text_layer_verdict(page.chars)
    if usable:
        spans: list[Span] = []
        for line in page.extract_text_lines(return_chars=True):
            spans.extend(_line_spans(line, page_no))
        return PageText(page=page_no, width=width, height=height, source="text_layer", spans=spans,
                        tables=pdf_tables(page, page_no), reason=reason)
    if ocr is None:
        return PageText(page=page_no, width=width, height=height, source="ocr", reason=reason + "（未启用 OCR）")
    image = render_page(data, page_no)
    img_spans, rotation, note = ocr(image, page_no)
    # OCR boxes are in pixels of the rendered page; the draft uses PDF points for PDF pages.
    # Rendering is isotropic, so one scale serves both axes whichever way the page was turned.
    k = width / image.width
    spans = [s.model_copy(update={"bbox": tuple(v * k for v in s.bbox)}) for s in img_spans]
    if rotation in (90, 270):
        width, height = height, width
    tables = fill_cells(image_tables(upright(image, rotation), page_no, scale=k), spans)
    return PageText(page=page_no, width=width, height=height, source="ocr", rotation=rotation, spans=spans,
                    tables=tables, reason=reason + (f"；{note}" if note else ""))


_PDFIUM = threading.Lock()  # pdfium is not thread-safe: one call at a time per process (flows run packets in threads)


def render_page(data: bytes, page_no: int, dpi: int = RENDER_DPI):
    """The page as a PIL image, rendered by pdfium (what a reviewer would see)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            bitmap = doc[page_no - 1].render(scale=dpi / 72)
            return bitmap.to_pil().convert("RGB")
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
