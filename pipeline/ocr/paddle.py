"""PaddleOCR 3.x (the default engine): onnxruntime inference, PP-OCRv6 small models, no paddlepaddle."""

from __future__ import annotations

import logging
import os
from importlib import metadata

import numpy as np

from .base import OcrEngine, RawLine, register
from .model_store import cache_root, ensure_paddle_models
from .options import PaddleOcrOptions


def offline_environment() -> None:
    """Env vars paddlex reads at import: never probe model hosters, keep its cache inside ours."""
    os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] = "True"
    os.environ.setdefault("PADDLE_PDX_CACHE_HOME", str(cache_root() / "paddlex"))
    os.environ.setdefault("PADDLE_PDX_MODEL_SOURCE", "bos")  # only consulted if a model were missing


@register
class PaddleEngine(OcrEngine):
    kind = "paddle"
    options_type = PaddleOcrOptions

    def __init__(self, options: PaddleOcrOptions):
        super().__init__(options)
        self._models = ensure_paddle_models()
        self._ocr = None

    def _engine_version(self) -> str:
        return f"paddleocr{metadata.version('paddleocr')}+paddlex{metadata.version('paddlex')}|{self._models.version}"

    def _load(self) -> None:
        offline_environment()
        from paddleocr import PaddleOCR

        o: PaddleOcrOptions = self.options  # type: ignore[assignment]
        self._ocr = PaddleOCR(
            engine="onnxruntime",
            engine_config={"intra_op_num_threads": o.threads},
            text_detection_model_dir=str(self._models.det_dir),
            text_detection_model_name=self._models.det_name,
            text_recognition_model_dir=str(self._models.rec_dir),
            text_recognition_model_name=self._models.rec_name,
            text_det_limit_side_len=o.det_limit_side_len,
            text_det_limit_type=o.det_limit_type,
            # orientation is decided once per page by our preprocessing, not per line
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
        )
        # paddlex resets its logger to INFO while building the pipeline; per-page chatter is noise here
        logging.getLogger("paddlex").setLevel(logging.WARNING)

    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        res = self._ocr.predict(np.ascontiguousarray(rgb[..., ::-1]))[0]  # paddle wants BGR
        return [
            RawLine(np.asarray(poly, np.float64), text, float(score))
            for poly, text, score in zip(res["rec_polys"], res["rec_texts"], res["rec_scores"])
        ]
