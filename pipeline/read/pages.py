"""What parsing a file yields page by page, before OCR: a page already read, or a page image still to read.

Parsing (pdfplumber, pdfium, Pillow, the OFD reader) is the part a hostile file can blow up, so it may run in a
child process under limits (`pipeline.read.sandbox`); OCR runs where its models are loaded. These items are
what crosses between the two: plain data and PIL images (both pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from models.reading import PageText
from pipeline.read.plausible import Plausibility


@dataclass
class PageDone:
    """A page read without OCR (a trusted text layer, or a page left empty with the reason)."""

    page: PageText


@dataclass
class PageImage:
    """A page to read by OCR: its upright image and the size of the page in page units (points for PDF and OFD
    pages, pixels for images), which OCR boxes are scaled to.

    With `text_page`, the page has a text layer that is in doubt: OCR of a few of its lines decides whether it is
    used (`pipeline.read.verify`); `plausibility` says why it is in doubt (None: a routine spot check)."""

    page_no: int
    image: Image.Image = field(repr=False)
    unit_width: float
    unit_height: float
    reason: str
    what: str = "PDF"  # 图片 / PDF / OFD: for the page's reason
    text_page: PageText | None = None
    plausibility: Plausibility | None = None


PageItem = PageDone | PageImage
