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
        # "det1": the page's detection also decides its orientation (one detection pass per upright page)
        return (f"paddleocr{metadata.version('paddleocr')}+paddlex{metadata.version('paddlex')}|{self._models.version}"
                "|det1")

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
            text_recognition_batch_size=o.rec_batch_size,
            # orientation is decided once per page by our preprocessing, not per line
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
        )
        # paddlex resets its logger to INFO while building the pipeline; per-page chatter is noise here
        logging.getLogger("paddlex").setLevel(logging.WARNING)

    # PaddleOCR's own pipeline (paddlex OCRPipeline.predict) is detection, box sorting, cropping, recognition
    # sorted by aspect ratio, a score threshold. It runs here in two halves, with the same components and
    # parameters, so that the detection also serves the page-orientation probe and runs once per upright page.

    def _pipeline(self):
        return self._ocr.paddlex_pipeline  # paddlex's OCRPipeline (attribute access passes through its wrapper)

    def _detect(self, rgb: np.ndarray) -> list[np.ndarray]:
        pl = self._pipeline()
        det = next(iter(pl.text_det_model([np.ascontiguousarray(rgb[..., ::-1])], **pl.get_text_det_params())))
        return list(pl._sort_boxes(det["dt_polys"])) if len(det["dt_polys"]) else []

    def _recognize_detected(self, rgb: np.ndarray, quads: list[np.ndarray]) -> list[RawLine]:
        if not len(quads):
            return []
        pl = self._pipeline()
        bgr = np.ascontiguousarray(rgb[..., ::-1])  # paddle wants BGR
        crops, polys = [], []
        for crop, poly in zip(pl._crop_by_polys(bgr, quads), quads):
            if crop.size > 0 and crop.shape[0] > 0 and crop.shape[1] > 0:
                crops.append(crop)
                polys.append(poly)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / float(crops[i].shape[0]))
        out: list[RawLine | None] = [None] * len(crops)
        for i, rec in zip(order, pl.text_rec_model([crops[i] for i in order])):
            if rec["rec_score"] >= pl.text_rec_score_thresh:
                out[i] = RawLine(np.asarray(polys[i], np.float64), rec["rec_text"], float(rec["rec_score"]))
        return [line for line in out if line is not None]

    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        return self._recognize_detected(rgb, self._detect(rgb))
