"""RapidOCR 3.x through its own pipeline, with the models bundled in its wheel only."""

from __future__ import annotations

from importlib import metadata

import numpy as np

from .base import OcrEngine, RawLine, register
from .model_store import det_model, wheel_model
from .options import RapidOcrOptions


@register
class RapidEngine(OcrEngine):
    kind = "rapid"
    options_type = RapidOcrOptions

    def _engine_version(self) -> str:
        return f"rapidocr{metadata.version('rapidocr')}|{det_model().name}+{wheel_model('PP-OCRv6_rec_small.onnx').name}"

    def _load(self) -> None:
        from rapidocr import RapidOCR

        o: RapidOcrOptions = self.options  # type: ignore[assignment]
        # Defaults only (PP-OCRv6 small det/rec, in the wheel): any other model would be downloaded.
        self._ocr = RapidOCR(
            params={
                "Global.log_level": "warning",
                "Global.use_cls": False,  # page orientation is handled before, once per page
                "Global.text_score": o.text_score,
                "Det.limit_side_len": o.det_limit_side_len,
                "EngineConfig.onnxruntime.intra_op_num_threads": o.threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        res = self._ocr(np.ascontiguousarray(rgb[..., ::-1]))  # numpy input is taken as BGR
        if res.boxes is None or res.txts is None:
            return []
        return [RawLine(np.asarray(b, np.float64), t, float(s)) for b, t, s in zip(res.boxes, res.txts, res.scores)]
