"""OCR behind one engine interface, fully offline.

    from pipeline.ocr import ocr_page
    result = ocr_page(pil_image, page=1, cache_key=f"{sha256}:1")   # PaddleOCR, cached on disk
    result = ocr_page(pil_image, page=1, cache_key=None, options="tesseract")

Engines: `paddle` (default; PaddleOCR 3.x, onnxruntime, PP-OCRv6 small from the rapidocr wheel),
`rapid` (RapidOCR's own pipeline), `tesseract` (the tesseract binary, chi_sim). Span boxes are
pixels of the page turned upright; `OcrResult.rotation` says by how much it was turned (clockwise).
"""

from . import paddle as _paddle, rapid as _rapid, tesseract as _tesseract  # noqa: F401  (register engines)
from .base import OcrEngine, UnknownEngineError, get_engine, known_kinds, parse_options
from .cache import OcrResult, ocr_page
from .model_store import ensure_paddle_models
from .options import OcrOptions, OcrOptionsBase, PaddleOcrOptions, RapidOcrOptions, TesseractOcrOptions, default_options

__all__ = [
    "OcrEngine",
    "OcrOptions",
    "OcrOptionsBase",
    "OcrResult",
    "PaddleOcrOptions",
    "RapidOcrOptions",
    "TesseractOcrOptions",
    "UnknownEngineError",
    "default_options",
    "ensure_paddle_models",
    "get_engine",
    "known_kinds",
    "ocr_page",
    "parse_options",
]
