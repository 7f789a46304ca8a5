"""What the readers' fork server imports once, so that each bounded read (`pipeline.read.sandbox`) starts as a
fork with its libraries loaded."""

import pdfplumber  # noqa: F401
import pypdfium2  # noqa: F401
from PIL import Image  # noqa: F401

import pipeline.read.image as _image
import pipeline.read.coverage  # noqa: F401  (OpenCV: every PDF page's scan-layer check uses it)
import pipeline.read.pdf  # noqa: F401
import pipeline.read.plausible as _plausible
import pipeline.read.ofd  # noqa: F401
import pipeline.read.office  # noqa: F401  (python-docx and openpyxl load in the child that reads an Office file:
#                                          a packet has one or two; every packet would pay for them here)
import pipeline.read.sandbox  # noqa: F401

_image.heif_support()
Image.init()
_plausible.word_pairs()  # the dictionary pairs, loaded once for every child

import gc  # noqa: E402

gc.freeze()  # what is loaded now stays out of every child's collections: no copy-on-write of the whole heap
