"""What the readers' fork server imports once, so that each bounded read (`pipeline.read.sandbox`) starts as a
fork with its libraries loaded."""

import pdfplumber  # noqa: F401
import pypdfium2  # noqa: F401
from PIL import Image  # noqa: F401

import pipeline.read.image as _image
import pipeline.read.pdf  # noqa: F401
import pipeline.read.plausible as _plausible
import pipeline.read.ofd  # noqa: F401
import pipeline.read.sandbox  # noqa: F401

_image.heif_support()
Image.init()
_plausible.word_pairs()  # the dictionary pairs, loaded once for every child

import gc  # noqa: E402

gc.freeze()  # what is loaded now stays out of every child's collections: no copy-on-write of the whole heap
