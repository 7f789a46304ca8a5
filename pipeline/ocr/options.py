"""OCR options as data: one pydantic class per engine, told apart by `kind`.

Fields that change what is read take part in `fingerprint()` (and so in the result cache key);
fields that only change speed (`SPEED_ONLY`: threads, session settings, where pages run) do not, nor do options
added later while they hold the value that reads as before them (`NEUTRAL`).
"""

from __future__ import annotations

import hashlib
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

SealSuppression = Literal["off", "seal", "all_red"]


class OcrOptionsBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    orientation: bool = Field(True, description="detect pages turned 90/180/270° and read them upright")
    deskew: bool = Field(True, description="straighten pages skewed by a few degrees before recognition")
    max_skew_degrees: float = Field(5.0, ge=0, le=15, description="larger estimates are ignored as unreliable")
    seal_suppression: SealSuppression = Field(
        "seal",
        description="'seal': whiten red ink inside seal-shaped red blobs (keeps red titles) and, on a grey page, "
        "the lighter ink inside a seal's ring; 'all_red': whiten every red pixel; 'off': leave the page as it is",
    )
    min_confidence: float = Field(0.5, ge=0, le=1, description="spans read less surely than this are dropped")
    threads: int = Field(2, ge=1, le=64, description="intra-op threads; does not change results")
    workers: int = Field(1, ge=1, le=64, description="pages read in this many worker processes (each with its own "
                         "models), so that callers in several threads read pages at once; 1: in this process")

    SPEED_ONLY: ClassVar[frozenset[str]] = frozenset({"threads", "workers"})
    # Options added after pages were cached, each with the value at which pages read as they did before it
    # existed: left out of the fingerprint while they hold it, so an upgrade that adds an option still finds the
    # pages read before (the nightly run would otherwise OCR every pending page again).
    NEUTRAL: ClassVar[dict[str, object]] = {}

    def fingerprint(self) -> str:
        """Hash of every field that can change the text read (options at their NEUTRAL value left out)."""
        neutral = {k for k, v in self.NEUTRAL.items() if getattr(self, k) == v}
        data = self.model_dump_json(exclude=set(self.SPEED_ONLY) | neutral)
        return hashlib.sha256(data.encode()).hexdigest()[:16]


ModelPrecision = Literal["fp32", "int8-dynamic", "int8-static"]


class PpocrOptions(OcrOptionsBase):
    """PP-OCRv6 small (rapidocr wheel) on onnxruntime directly, PaddleOCR 3.7's processing ported (no paddlex).

    Every CPU option is measured by `bench ocr` (presets in PRESETS, figures in the README). Defaults keep only
    what read every page kind as accurately as PaddleOCR's own pipeline did (within 0.1 point).
    """

    kind: Literal["ppocr"] = "ppocr"
    # detection: PaddleOCR 3.7's pipeline parameters (see PaddleOcrOptions for the choice of 960)
    det_limit_side_len: int = Field(960, ge=320, le=4000, description="longest side for detection ('fixed')")
    det_max_side_limit: int = Field(4000, ge=320, le=8000)
    det_thresh: float = Field(0.3, gt=0, lt=1)
    det_box_thresh: float = Field(0.6, gt=0, lt=1)
    det_unclip_ratio: float = Field(1.5, gt=0, le=4)
    # A certificate in 16 pt and up is detected with fewer pixels than running text in 11 pt (density.py).
    det_resolution: Literal["fixed", "content"] = Field(
        "content", description="'content': the longest side for detection chosen from the height of the page's "
        "print (large print needs fewer pixels), between det_min_side_len and det_limit_side_len")
    det_min_side_len: int = Field(640, ge=320, le=4000)
    det_regions: bool = Field(False, description="detect only the blocks of the page with print (regions.py), not "
                                                 "the blank paper around them")
    det_weights: Literal["PP-OCRv6-small", "PP-OCRv4-mobile"] = Field(
        "PP-OCRv6-small", description="detection model: PP-OCRv4 mobile (rapidocr_onnxruntime wheel) costs about "
        "a third of v6 small's CPU per pixel")
    # int8 detection lost 0.4 point on the hard scans (static) or ran slower (dynamic, ConvInteger): float.
    det_model: ModelPrecision = Field("fp32", description="int8 copies of the detection model (model_store.py)")
    # recognition: dynamic int8 MatMuls read as well as float and a little faster; static int8 (Conv) is ~40%
    # cheaper but cost 0.05–0.15 point on the hard scans, depending on the calibration sample.
    rec_model: ModelPrecision = Field("int8-dynamic", description="int8 copies of the recognition model")
    # Batching saves calls, not work (the cost is linear in the input width): one line at a time by default.
    rec_batch_size: int = Field(1, ge=1, le=64, description="lines per recognition call (sorted by width)")
    rec_max_padding: float = Field(0.15, ge=0, le=1, description="a batch pads a line by at most this share")
    # OpenVINO prepares each input shape on first sight (~30 ms a line): widths rounded up to a step reuse them
    rec_width_step: int = Field(1, ge=1, le=640, description="recognition input widths padded up to a multiple")
    rec_streams: int = Field(2, ge=1, le=16, description="line batches recognised side by side, one thread each")
    # orientation: a turned page is read from the probe's detection turned with it (no second detection)
    reuse_probe_detection: bool = True
    deskew: bool = False  # lines are cropped along their own quadrilaterals, as PaddleOCR does
    # onnxruntime session settings (speed only); "all" and the arena were fastest; spinning threads burn CPU
    # waiting for work (on a shared 2-core machine they also slowed the wall clock)
    inter_op_threads: int = Field(1, ge=1, le=64)
    graph_optimization: Literal["disable", "basic", "extended", "all"] = "all"
    cpu_mem_arena: bool = True
    mem_pattern: bool = True
    spinning: bool = False
    # the runtime the models run on (sessions.py); OpenVINO's precision changes what is read, so both take
    # part in the fingerprint
    runtime: Literal["onnxruntime", "openvino"] = "onnxruntime"
    precision: Literal["f32", "bf16"] = Field("f32", description="OpenVINO's inference precision: 'bf16' runs "
                                              "convolutions in bfloat16 on CPUs with bf16 instructions")

    SPEED_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"threads", "workers", "rec_streams", "inter_op_threads", "cpu_mem_arena", "mem_pattern", "spinning"})
    NEUTRAL: ClassVar[dict[str, object]] = {"det_weights": "PP-OCRv6-small", "det_regions": False}

    @model_validator(mode="after")
    def _int8_detection_is_v6_only(self):
        # the v4 model's convolution weights are not initialisers: onnxruntime's quantiser refuses them
        if self.det_weights != "PP-OCRv6-small" and self.det_model != "fp32":
            raise ValueError(f"det_model={self.det_model!r} exists only for PP-OCRv6-small detection; "
                             f"{self.det_weights} runs in fp32")
        return self


class PaddleOcrOptions(OcrOptionsBase):
    """PaddleOCR 3.x pipeline, onnxruntime engine, PP-OCRv6 small models from the rapidocr wheel."""

    kind: Literal["paddle"] = "paddle"
    # Longest side scaled down to 960 for detection: PaddleOCR's own default (shortest side >= 736, i.e. full
    # size for A4 scans) costs 2.5x the pixels; 960 read the sample scans as accurately as 1280 and 1024 did
    # (bench ocr: 99.90% clean, 99.06% hard vs 99.90% / 98.98%) with 56% of 1280's detection pixels.
    det_limit_side_len: int = Field(960, ge=320, le=4000)
    det_limit_type: Literal["min", "max"] = "max"
    # Lines recognised one at a time: PaddleOCR's batches of 6 pad every line to the widest of its batch,
    # ~20% more recognition work on these pages (CPU time 1.02 vs 1.26 s/page); padding shifts a few scores.
    rec_batch_size: int = Field(1, ge=1, le=64)
    # Paddle crops each line along its own quadrilateral, so it copes with skew without deskewing.
    deskew: bool = False


class RapidOcrOptions(OcrOptionsBase):
    """RapidOCR's own pipeline with its bundled default models (never anything it would download)."""

    kind: Literal["rapid"] = "rapid"
    det_limit_side_len: int = Field(736, ge=320, le=4000)
    text_score: float = Field(0.5, ge=0, le=1)


class TesseractOcrOptions(OcrOptionsBase):
    """The `tesseract` binary (Debian tesseract-ocr + tesseract-ocr-chi-sim), TSV output."""

    kind: Literal["tesseract"] = "tesseract"
    # tesseract's word confidences run lower than the neural engines' for text it reads right
    min_confidence: float = Field(0.3, ge=0, le=1)
    lang: str = "chi_sim"
    psm: int = Field(3, ge=0, le=13, description="tesseract page segmentation mode")
    binary: str = "tesseract"
    timeout_seconds: float = Field(120, gt=0)


OcrOptions = Annotated[Union[PpocrOptions, PaddleOcrOptions, RapidOcrOptions, TesseractOcrOptions],
                       Field(discriminator="kind")]

# kind -> options class, for the registry to validate options without importing the engine's module
OPTIONS_TYPES: dict[str, type[OcrOptionsBase]] = {
    c.model_fields["kind"].default: c for c in (PpocrOptions, PaddleOcrOptions, RapidOcrOptions, TesseractOcrOptions)
}


def default_options() -> OcrOptionsBase:
    """The options pages are read with: `$JINSHAN_OCR` (a preset name, e.g. `ppocr-openvino-bf16` for intake
    on a CPU with bf16 instructions), else the `ppocr` defaults."""
    import os

    name = os.environ.get("JINSHAN_OCR", "").strip()
    if not name:
        return PpocrOptions()
    if name not in PRESETS:
        raise ValueError(f"JINSHAN_OCR={name!r} is not an OCR preset; presets: {', '.join(PRESETS)}")
    return preset(name)


# Named option sets (`parse_options("ppocr-base")`, `bench ocr --engines …`): the `ppocr` engine as PaddleOCR
# 3.7 runs it ("ppocr-base"), each CPU option alone on top of that, and the defaults ("ppocr"). The benchmark
# prints every one of them, so each option's cost and accuracy stay visible.
_BASE = {"kind": "ppocr", "threads": 2, "spinning": True, "det_model": "fp32", "rec_model": "fp32",
         "rec_batch_size": 1, "rec_streams": 1, "det_resolution": "fixed", "reuse_probe_detection": False, "workers": 1,
         "graph_optimization": "all", "cpu_mem_arena": True, "mem_pattern": True, "inter_op_threads": 1}
_OPENVINO_BF16 = {"kind": "ppocr", "runtime": "openvino", "precision": "bf16", "rec_model": "fp32",
                  "rec_width_step": 160}
_LIGHT = {"det_weights": "PP-OCRv4-mobile", "det_unclip_ratio": 2.0, "det_limit_side_len": 1280, "det_min_side_len": 960}
PRESETS: dict[str, dict] = {
    "ppocr": {"kind": "ppocr"},
    "ppocr-base": _BASE,
    "ppocr-no-spin": {**_BASE, "spinning": False},
    "ppocr-1-thread": {**_BASE, "threads": 1},
    "ppocr-graph-basic": {**_BASE, "graph_optimization": "basic"},
    "ppocr-no-arena": {**_BASE, "cpu_mem_arena": False, "mem_pattern": False},
    "ppocr-rec-batch": {**_BASE, "rec_batch_size": 8},
    "ppocr-rec-streams": {**_BASE, "rec_streams": 2},
    "ppocr-rec-int8-dynamic": {**_BASE, "rec_model": "int8-dynamic"},
    "ppocr-rec-int8-static": {**_BASE, "rec_model": "int8-static"},
    "ppocr-det-int8-dynamic": {**_BASE, "det_model": "int8-dynamic"},
    "ppocr-det-int8-static": {**_BASE, "det_model": "int8-static"},
    "ppocr-det-content": {**_BASE, "det_resolution": "content"},
    "ppocr-reuse-probe": {**_BASE, "reuse_probe_detection": True},
    "ppocr-det-v4": {**_BASE, "det_weights": "PP-OCRv4-mobile"},
    "ppocr-det-regions": {**_BASE, "det_regions": True},
    "ppocr-fast": {"kind": "ppocr", "rec_model": "int8-static"},  # the defaults and static int8 recognition
    # the float models on OpenVINO: as float32, and in bfloat16
    "ppocr-openvino": {"kind": "ppocr", "runtime": "openvino", "rec_model": "fp32", "rec_width_step": 160},
    "ppocr-openvino-bf16": _OPENVINO_BF16,
    # PP-OCRv4 mobile detection (a third of v6 small's CPU per pixel), given more pixels (1280, at least 960) and
    # wider line crops (unclip 2.0), which won back most of what it missed on the hard scans at v6's settings
    "ppocr-light": {"kind": "ppocr", **_LIGHT},
    "ppocr-regions": {"kind": "ppocr", "det_regions": True},  # the defaults, detecting only the blocks with print
    "ppocr-openvino-light": {**_OPENVINO_BF16, **_LIGHT},
    "ppocr-openvino-int8": {**_OPENVINO_BF16, "rec_model": "int8-static"},
}


def preset(name: str) -> OcrOptionsBase:
    """The options of a named set (a preset name or a bare engine kind)."""
    from pydantic import TypeAdapter

    data = PRESETS.get(name, {"kind": name})
    return TypeAdapter(OcrOptions).validate_python(data)
