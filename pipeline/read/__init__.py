"""Reading every page of a file: the text layer where a PDF (or OFD) has a usable one, OCR everywhere else; Word and
Excel files by their structure (`pipeline.read.office`).

A file is parsed in a child process under limits (`pipeline.read.sandbox`; `JINSHAN_READ_BOUNDED=0` parses in
this process, for debugging) and its page images are read by OCR here (`pipeline.read.verify`).
"""

from __future__ import annotations

from models.reading import FileText
from pipeline.intake import PacketFile
from pipeline.read.chinese import simplified
from pipeline.read.layout import TextView, reading_order, rows

__all__ = ["ReadError", "read_file", "TextView", "reading_order", "rows", "page_ocr", "crop_ocr", "read_image",
           "read_pdf"]

MAX_PDF_PAGES = 200


class ReadError(Exception):
    """A file that cannot be read; the message (Chinese) goes into the draft as the document's error."""


def page_ocr(file_sha256: str, options=None):
    """The OCR callback the readers use: cached per file content and page."""

    def run(image, page: int):
        from pipeline.ocr import ocr_page, ocr_seals  # here, not above: a file with a text layer never loads OCR

        result = ocr_page(image, page=page, cache_key=f"{file_sha256}:{page}", options=options)
        note = f"页面旋转 {result.rotation}° 后识别" if result.rotation else ""
        seals = []
        if _prints_seal_label(result.spans):  # reading a seal costs a few recognitions: only where one may be needed
            seals = ocr_seals(image, page=page, cache_key=f"{file_sha256}:{page}", rotation=result.rotation,
                              options=options)
        return _columns_cut(_without_ring_text(result.spans, seals)), result.rotation, note, seals

    return run


def _columns_cut(spans):
    """A box much taller than wide whose characters are each about as tall as it is wide, all of them but one
    beside a line of their size just to their right, is a column of single characters (the first characters of
    letter-spaced labels, 类 / 住 / 层, that detection took for one vertical line): cut into one span per character,
    top to bottom. A title printed vertically (a booklet's 荣誉证书) stands alone, and stays whole."""
    out = []
    for s in spans:
        x0, y0, x1, y1 = s.bbox
        t = "".join(s.text.split())
        w, h = x1 - x0, y1 - y0
        if len(t) >= 2 and w > 0 and h > 1.8 * w and 0.6 * w <= h / len(t) <= 1.8 * w and \
                all("\u4e00" <= c <= "\u9fff" for c in t):
            step = h / len(t)
            pieces = [s.model_copy(update={"text": c, "bbox": (x0, y0 + k * step, x1, y0 + (k + 1) * step)})
                      for k, c in enumerate(t)]
            beside = sum(1 for p in pieces if _beside_a_line(p, spans))
            if beside >= len(pieces) - 1:  # a wrapped value's tail may stand alone at the margin (层, 室)
                out += pieces
                continue
        out.append(s)
    return out


def _beside_a_line(piece, spans) -> bool:
    x0, y0, x1, y1 = piece.bbox
    w, cy = x1 - x0, (y0 + y1) / 2
    return any(o.bbox[1] <= cy <= o.bbox[3] and 0 <= o.bbox[0] - x1 <= 3 * w
               and 0.7 * w <= o.bbox[3] - o.bbox[1] <= 1.5 * w for o in spans if o is not piece)


def _without_ring_text(spans, seals):
    """A few characters OCR read off a seal's ring with the page (场监, 山区山 of …金山区市场监督管理局) are not a line
    of the page: a short span inside a seal, out in its ring (at least 0.45 of the radius from the centre), made of
    characters the ring's reading has, is left out. The authority's name or the date printed across the seal's
    middle stays."""
    def in_ring(s, seal) -> bool:
        x0, y0, x1, y1 = seal.bbox
        if not (x0 <= s.bbox[0] and s.bbox[2] <= x1 and y0 <= s.bbox[1] and s.bbox[3] <= y1):
            return False
        radius = max(1.0, (x1 - x0 + y1 - y0) / 4)
        dx = (s.bbox[0] + s.bbox[2]) / 2 - (x0 + x1) / 2
        dy = (s.bbox[1] + s.bbox[3]) / 2 - (y0 + y1) / 2
        return (dx * dx + dy * dy) ** 0.5 >= 0.45 * radius

    def ring_piece(s) -> bool:
        t = "".join(s.text.split())
        return 0 < len(t) <= 4 and any(in_ring(s, seal) and set(t) <= set("".join(seal.readings)) for seal in seals)

    return [s for s in spans if not ring_piece(s)] if seals else spans


def _prints_seal_label(spans) -> bool:
    """The page prints the label of a field that a seal may fill (pipeline.kinds.seal_labels), in full or all but
    its last character (a seal over the label can hide one), or its kind's title as a line of its own (营业执照;
    not a list of attachments naming it)."""
    from pipeline.kinds import seal_labels, seal_titles

    def bare(t: str) -> str:
        return t.replace(" ", "").replace("\u3000", "")

    text = bare("".join(s.text for s in spans))
    return any(lb in text or (len(lb) >= 3 and lb[:-1] in text) for lb in seal_labels()) or \
        any(bare(s.text) in seal_titles() for s in spans)


def crop_ocr(file_sha256: str, options=None):
    """OCR of a piece of a page (a text-layer line being checked), cached per file, page and piece."""

    def run(image, page: int, tag: str):
        from pipeline.ocr import ocr_page  # only when a line is checked: most text layers are never checked

        return ocr_page(image, page=page, cache_key=f"{file_sha256}:{page}:{tag}", options=options).spans

    return run


def __getattr__(name: str):
    # the parsers load pdfplumber and Pillow; a bounded read leaves them to the child (pipeline.read.sandbox)
    if name == "read_pdf":
        from pipeline.read.pdf import read_pdf

        return read_pdf
    if name == "read_image":
        from pipeline.read.image import read_image

        return read_image
    raise AttributeError(name)


def bounded_by_default() -> bool:
    from pipeline.forkserver import bounded

    return bounded()


def read_file(f: PacketFile, ocr_options=None, use_ocr: bool = True, *, spot_check: int = 0,
              bounded: bool | None = None, stats=None) -> FileText:
    """Every page of the file. `spot_check`: the first pages of a trusted text layer also checked against OCR
    (the packet uses OCR anyway); `stats` (a sandbox.ReadStats) gets the reader's CPU time and peak memory."""
    from pipeline.read.sandbox import ReadLimitError, parse_bounded, parse_items
    from pipeline.read.verify import finish_page

    if f.error:
        raise ReadError(f.error)
    ocr = page_ocr(f.sha256, ocr_options) if use_ocr else None
    crops = crop_ocr(f.sha256, ocr_options) if use_ocr else None
    if use_ocr and f.media_type.startswith("image/"):  # an image is read by OCR: its models load while it decodes
        from pipeline.ocr import load_ahead

        load_ahead(f"{f.sha256}:1", ocr_options)
    bounded = bounded_by_default() if bounded is None else bounded
    kwargs = {"render": use_ocr, "spot_check": spot_check if use_ocr else 0, "max_pages": MAX_PDF_PAGES}
    try:
        items = parse_bounded(f.data, f.media_type, stats=stats, **kwargs) if bounded \
            else parse_items(f.data, f.media_type, **kwargs)
        pages = [finish_page(item, ocr, crops) for item in items]
    except ReadLimitError as exc:
        raise ReadError(str(exc)) from exc
    except Exception as exc:
        if type(exc).__name__ in ("PdfError", "ImageError", "OfdError", "OfficeError", "DecodeLimit"):  # in-process parsing
            raise ReadError(str(exc)) from exc
        raise
    if not pages:
        raise ReadError("文件中没有任何页面")
    for p in pages:
        p.spans = reading_order(p.spans)
        if p.source == "ocr":
            p.spans = [s.model_copy(update={"text": simplified(s.text)}) for s in p.spans]
            for t in p.tables:
                t.cells = [c.model_copy(update={"text": simplified(c.text)}) for c in t.cells]
            p.seals = [x.model_copy(update={"readings": [simplified(t) for t in x.readings]}) for x in p.seals]
    return FileText(file=f.name, sha256=f.sha256, media_type=f.media_type, pages=pages)
