"""Reading every page of a file: the text layer where a PDF has a usable one, OCR everywhere else."""

from __future__ import annotations

from models.reading import FileText
from pipeline.intake import PacketFile
from pipeline.read.chinese import simplified
from pipeline.read.image import ImageError, read_image
from pipeline.read.layout import TextView, reading_order, rows
from pipeline.read.pdf import PdfError, read_pdf

__all__ = ["ReadError", "read_file", "TextView", "reading_order", "rows", "page_ocr"]

MAX_PDF_PAGES = 200


class ReadError(Exception):
    """A file that cannot be read; the message (Chinese) goes into the draft as the document's error."""


def page_ocr(file_sha256: str, options=None):
    """The OCR callback the readers use: cached per file content and page."""
    from pipeline.ocr import ocr_page

    def run(image, page: int):
        result = ocr_page(image, page=page, cache_key=f"{file_sha256}:{page}", options=options)
        note = f"页面旋转 {result.rotation}° 后识别" if result.rotation else ""
        return result.spans, result.rotation, note

    return run


def read_file(f: PacketFile, ocr_options=None, use_ocr: bool = True) -> FileText:
    if f.error:
        raise ReadError(f.error)
    ocr = page_ocr(f.sha256, ocr_options) if use_ocr else None
    try:
        if f.media_type == "application/pdf":
            pages = read_pdf(f.data, ocr, max_pages=MAX_PDF_PAGES)
        else:
            pages = read_image(f.data, ocr)
    except (PdfError, ImageError) as exc:
        raise ReadError(str(exc)) from exc
    if not pages:
        raise ReadError("文件中没有任何页面")
    for p in pages:
        p.spans = reading_order(p.spans)
        if p.source == "ocr":
            p.spans = [s.model_copy(update={"text": simplified(s.text)}) for s in p.spans]
            for t in p.tables:
                t.cells = [c.model_copy(update={"text": simplified(c.text)}) for c in t.cells]
    return FileText(file=f.name, sha256=f.sha256, media_type=f.media_type, pages=pages)
