"""OCR behind one engine interface, fully offline.

    from pipeline.ocr import ocr_page
    result = ocr_page(pil_image, page=1, cache_key=f"{sha256}:1")   # PaddleOCR, cached on disk
    result = ocr_page(pil_image, page=1, cache_key=None, options="tesseract")

Engines: `ppocr` (default; PP-OCRv6 small from the rapidocr wheel on onnxruntime, PaddleOCR's processing
ported), `paddle` (PaddleOCR 3.x's own pipeline on the same models: the reference), `rapid` (RapidOCR's own
pipeline), `tesseract` (the tesseract binary, chi_sim). Span boxes are pixels of the page turned upright;
`OcrResult.rotation` says by how much it was turned (clockwise).

Nothing here loads a model or imports an engine's dependencies (onnxruntime, paddlex, …): an engine's
module is imported when its first page is read, and its models load then, once per process.
"""

from .base import OcrEngine, UnknownEngineError, get_engine, known_kinds, parse_options
from .cache import OcrResult, load_ahead, ocr_page, ocr_seals
from .model_store import ensure_paddle_models, ppocr_models
from .options import (
    OcrOptions, OcrOptionsBase, PaddleOcrOptions, PpocrOptions, RapidOcrOptions, TesseractOcrOptions, default_options,
)

__all__ = [
    "OcrEngine",
    "OcrOptions",
    "OcrOptionsBase",
    "OcrResult",
    "PaddleOcrOptions",
    "PpocrOptions",
    "RapidOcrOptions",
    "TesseractOcrOptions",
    "UnknownEngineError",
    "default_options",
    "ensure_paddle_models",
    "get_engine",
    "known_kinds",
    "load_ahead",
    "ocr_page",
    "ocr_seals",
    "parse_options",
    "ppocr_models",
]
