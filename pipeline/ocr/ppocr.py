"""The default engine: PP-OCRv6 small (from the rapidocr wheel) run on onnxruntime directly.

The same models, pre- and post-processing and parameters as PaddleOCR 3.7's pipeline (`paddle` engine; see
det.py and rec.py), without importing paddlex: start-up is onnxruntime's, not paddlex's seven seconds. On
top, the CPU options of `PpocrOptions` — recognition batched by width, int8 models, detection resolution
chosen by the page's text, the orientation probe's detection reused on turned pages, session settings, and
the detection weights (v6 small, or the cheaper v4 mobile), and detection in the page's blocks with print only
(regions.py).
"""

from __future__ import annotations

import cv2
import numpy as np

from .base import OcrEngine, RawLine, register
from .det import DbParams, boxes_from_prob, det_input, det_size, sort_boxes
from .model_store import ppocr_models
from .options import PpocrOptions
from .rec import REC_MAX_W, CtcDecoder, characters, crop_line, input_width, rec_input, width_batches
from .sessions import SessionSettings, session


@register
class PpocrEngine(OcrEngine):
    kind = "ppocr"
    options_type = PpocrOptions
    reentrant = True  # onnxruntime sessions are thread-safe and nothing else here is shared between pages

    def __init__(self, options: PpocrOptions):
        super().__init__(options)
        self._models = ppocr_models(det=options.det_model, rec=options.rec_model, det_weights=options.det_weights)

    def _engine_version(self) -> str:
        return f"ppocr1|{self._models.version}"

    def session_settings(self) -> SessionSettings:
        o: PpocrOptions = self.options  # type: ignore[assignment]
        return SessionSettings(intra_op_threads=o.threads, inter_op_threads=o.inter_op_threads,
                               graph_optimization=o.graph_optimization, cpu_mem_arena=o.cpu_mem_arena,
                               mem_pattern=o.mem_pattern, spinning=o.spinning, runtime=o.runtime,
                               precision=o.precision)

    def _load(self) -> None:
        from dataclasses import replace

        o: PpocrOptions = self.options  # type: ignore[assignment]
        s = self.session_settings()
        self._det = session(self._models.det, s)
        # several recognition streams: lines run side by side, each on one thread (no intra-op hand-over)
        if o.rec_streams > 1 and o.runtime == "openvino":  # one compiled model, a stream per calling thread
            rec = replace(s, intra_op_threads=max(o.threads, o.rec_streams), streams=o.rec_streams)
        elif o.rec_streams > 1:
            rec = replace(s, intra_op_threads=1)
        else:
            rec = s
        self._rec = session(self._models.rec, rec)
        self._streams = None
        if o.rec_streams > 1:
            from concurrent.futures import ThreadPoolExecutor

            self._streams = ThreadPoolExecutor(o.rec_streams, thread_name_prefix="ocr-rec")
        self._decode = CtcDecoder(characters(self._rec))
        o: PpocrOptions = self.options  # type: ignore[assignment]
        self._db = DbParams(thresh=o.det_thresh, box_thresh=o.det_box_thresh, unclip_ratio=o.det_unclip_ratio)

    # --- detection ---------------------------------------------------------------------------------

    def det_side(self, rgb: np.ndarray) -> int:
        o: PpocrOptions = self.options  # type: ignore[assignment]
        if o.det_resolution == "fixed":
            return o.det_limit_side_len
        from .density import detection_side

        return detection_side(rgb, o)

    def _detect(self, rgb: np.ndarray) -> list[np.ndarray]:
        o: PpocrOptions = self.options  # type: ignore[assignment]
        h, w = rgb.shape[:2]
        size = det_size(h, w, self.det_side(rgb), "max", o.det_max_side_limit)
        name = self._det.get_inputs()[0].name
        page = rgb
        if o.det_regions:
            from .regions import text_regions

            page = rgb if rgb.shape[:2] == size else cv2.resize(rgb, (size[1], size[0]))
            regions = text_regions(page)
            if regions is not None:  # the blocks with print, each detected alone; blank paper stays 0
                prob = np.zeros(size, np.float32)
                for x0, y0, x1, y1 in regions:
                    part = self._det.run(None, {name: det_input(page[y0:y1, x0:x1], (y1 - y0, x1 - x0))})[0][0, 0]
                    np.maximum(prob[y0:y1, x0:x1], part, out=prob[y0:y1, x0:x1])
                return sort_boxes(boxes_from_prob(prob, w, h, self._db))
        prob = self._det.run(None, {name: det_input(page, size)})[0][0, 0]  # resized already, or resized here
        return sort_boxes(boxes_from_prob(prob, w, h, self._db))

    def _turned_detection(self, quads: list[np.ndarray], clockwise: int, w: int, h: int) -> list[np.ndarray] | None:
        if not self.options.reuse_probe_detection:  # type: ignore[attr-defined]
            return None
        from .preprocess import turn_quads

        return sort_boxes([np.round(q).astype(np.int16) for q in turn_quads(quads, clockwise, w, h)])

    # --- recognition -------------------------------------------------------------------------------

    def _recognize_detected(self, rgb: np.ndarray, quads: list[np.ndarray]) -> list[RawLine]:
        if not len(quads):
            return []
        o: PpocrOptions = self.options  # type: ignore[assignment]
        crops, polys = [], []
        for q in quads:
            crop = crop_line(rgb, q)
            if crop.size > 0 and crop.shape[0] > 0 and crop.shape[1] > 0:
                crops.append(crop)
                polys.append(q)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / float(crops[i].shape[0]))
        widths = [input_width(crops[i]) for i in order]
        batches = width_batches(widths, o.rec_batch_size, o.rec_max_padding)
        name = self._rec.get_inputs()[0].name

        def run(batch: list[int]) -> tuple[list[int], list[tuple[str, float]]]:
            width = max(widths[k] for k in batch)
            width = min(REC_MAX_W, -(-width // o.rec_width_step) * o.rec_width_step)
            x = np.stack([rec_input(crops[order[k]], width, rgb=True) for k in batch])
            return batch, self._decode(self._rec.run(None, {name: x})[0])

        done = self._streams.map(run, batches) if self._streams and len(batches) > 1 else map(run, batches)
        out: list[RawLine | None] = [None] * len(crops)
        for batch, decoded in done:
            for k, (text, score) in zip(batch, decoded):
                i = order[k]
                out[i] = RawLine(np.asarray(polys[i], np.float64), text, score)
        return [line for line in out if line is not None]

    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        return self._recognize_detected(rgb, self._detect(rgb))
