"""The OCR engine interface and the registry that maps options to engines.

Every engine reads through the same template: prepare the page (seal, orientation, skew), let the
engine find lines in the prepared image, map their boxes back to the upright page. Engines only
implement `_load` and `_recognize`; the rest of the pipeline never branches on engine names.
"""

from __future__ import annotations

import importlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from PIL import Image
from pydantic import ValidationError

from models.reading import Span

from .options import OPTIONS_TYPES, OcrOptionsBase
from .sessions import SessionSettings

if TYPE_CHECKING:
    from .preprocess import Prepared

# preprocess (OpenCV) is imported where a page is read: choosing options or an engine loads no image library


class UnknownEngineError(ValueError):
    """Options name an OCR engine kind nobody registered."""


@dataclass(frozen=True)
class RawLine:
    quad: np.ndarray  # 4x2 (or Nx2) points in the OCR frame
    text: str
    confidence: float


@dataclass
class PageRead:
    spans: list[Span]
    rotation: int  # clockwise degrees the page was turned to be read; span boxes are in that upright frame
    width: int
    height: int


def to_rgb_array(image: Image.Image | np.ndarray) -> np.ndarray:
    """RGB uint8 HxWx3. numpy input is taken as RGB (PIL's order), greyscale and RGBA are converted."""
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("RGB"))
    arr = np.asarray(image)
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    elif arr.shape[2] == 4:
        arr = arr[..., :3]
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(arr)


class OcrEngine(ABC):
    kind: ClassVar[str]
    options_type: ClassVar[type[OcrOptionsBase]]

    def __init__(self, options: OcrOptionsBase):
        self.options = options
        self._loaded = False
        self._lock = threading.Lock()  # the models are not re-entrant: one page at a time per engine

    @property
    def name(self) -> str:
        return self.kind

    @cached_property
    def version(self) -> str:
        """Engine and model versions plus the preprocessing revision: part of every cache key."""
        from .preprocess import PREPROCESS_VERSION

        return f"{self._engine_version()}|pre{PREPROCESS_VERSION}"

    @abstractmethod
    def _engine_version(self) -> str: ...

    def session_settings(self) -> SessionSettings:
        """onnxruntime settings for the models this engine runs (and the orientation probe's)."""
        return SessionSettings(intra_op_threads=self.options.threads)

    @abstractmethod
    def _load(self) -> None:
        """Load models (slow); called once, on first use."""

    @abstractmethod
    def _recognize(self, rgb: np.ndarray) -> list[RawLine]:
        """Lines found in an upright, straightened RGB image."""

    # An engine whose own text detector can serve the orientation/skew probe implements these two: the page
    # is then detected once, and when it needs neither turning nor straightening the lines found are
    # recognised directly (no second detection pass).
    _detect: Callable[[np.ndarray], list[np.ndarray]] | None = None  # RGB image -> 4x2 line quads

    def _recognize_detected(self, rgb: np.ndarray, quads: list[np.ndarray]) -> list[RawLine]:
        """Recognise the lines `_detect` found in this very image."""
        raise NotImplementedError

    def _turned_detection(self, quads: list[np.ndarray], clockwise: int, w: int, h: int) -> list[np.ndarray] | None:
        """The lines `_detect` found in a w x h image, mapped into that image turned `clockwise` degrees; None
        when the engine would rather detect the turned page again."""
        return None

    # Whether several threads may read pages with this instance at once (its models and state allow it).
    reentrant: ClassVar[bool] = False

    def load(self) -> None:
        """Load the models now (once; later calls return at once)."""
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._load()
                    self._loaded = True

    def _exclusive(self, fn, *args):
        """`fn(*args)` with the models loaded, alone unless the engine is re-entrant."""
        self.load()
        if self.reentrant:
            return fn(*args)
        with self._lock:
            return fn(*args)

    def read_page(self, image: Image.Image | np.ndarray, page: int) -> PageRead:
        prep, raw = self._exclusive(self._read_lines, image)
        from .preprocess import quad_to_page

        o = self.options
        spans = []
        for line in raw:
            text = line.text.strip()
            if not text or line.confidence < o.min_confidence:
                continue
            bbox = quad_to_page(line.quad, prep)
            spans.append(Span(text=text, page=page, bbox=bbox, confidence=min(max(line.confidence, 0.0), 1.0),
                              source="ocr"))
        spans.sort(key=lambda s: (round(s.bbox[1] / 12), s.bbox[0]))  # reading order: rows, then left to right
        return PageRead(spans, prep.rotation, prep.width, prep.height)

    def read_seals(self, image: Image.Image | np.ndarray) -> list:
        """The ring text of the round seals on the page (pipeline/ocr/seals.py), boxes in the image's pixels."""
        from .seals import read_seals

        return self._exclusive(read_seals, self, to_rgb_array(image))

    def _read_lines(self, image: Image.Image | np.ndarray) -> tuple[Prepared, list[RawLine]]:
        from .preprocess import prepare

        o = self.options
        seen: list[tuple[np.ndarray, list[np.ndarray]]] = []

        def detect(rgb: np.ndarray) -> list[np.ndarray]:
            quads = self._detect(rgb)
            seen.append((rgb, quads))
            return quads

        prep = prepare(
            to_rgb_array(image), orientation=o.orientation, deskew=o.deskew, seal=o.seal_suppression,
            max_skew=o.max_skew_degrees, threads=self.session_settings(),
            detect=detect if self._detect is not None else None,
        )
        turned = None
        if seen and seen[-1][0] is not prep.image and prep.rotation and not prep.skew:
            probed = seen[-1][0]
            turned = self._turned_detection(seen[-1][1], prep.rotation, probed.shape[1], probed.shape[0])
        if seen and seen[-1][0] is prep.image:  # neither turned nor straightened: the detection holds
            return prep, self._recognize_detected(prep.image, seen[-1][1])
        if turned is not None:  # only turned: the probe's lines, turned with the page
            return prep, self._recognize_detected(prep.image, turned)
        return prep, self._recognize(prep.image)

    def read(self, image: Image.Image | np.ndarray, page: int) -> list[Span]:
        """Spans of one page; boxes in pixels of the page turned upright (see `read_page` for the rotation)."""
        return self.read_page(image, page).spans


# --- registry -------------------------------------------------------------------------------------

_ENGINES: dict[str, type[OcrEngine]] = {}
# Engines by kind and the module that registers them, imported on first use: choosing options never
# imports an engine, and an engine's dependencies load only when a page is read with it.
_MODULES = {"ppocr": "pipeline.ocr.ppocr", "paddle": "pipeline.ocr.paddle", "rapid": "pipeline.ocr.rapid",
            "tesseract": "pipeline.ocr.tesseract"}
_INSTANCES: dict[str, OcrEngine] = {}
_INSTANCES_LOCK = threading.Lock()


def register(cls: type[OcrEngine]) -> type[OcrEngine]:
    _ENGINES[cls.kind] = cls
    return cls


def known_kinds() -> list[str]:
    return sorted(set(_ENGINES) | set(_MODULES))


def _options_type(kind) -> type[OcrOptionsBase] | None:
    if kind in _ENGINES:
        return _ENGINES[kind].options_type
    return OPTIONS_TYPES.get(kind) if kind in _MODULES else None


def _engine_class(kind: str) -> type[OcrEngine]:
    if kind not in _ENGINES and kind in _MODULES:
        importlib.import_module(_MODULES[kind])
    cls = _ENGINES.get(kind)
    if cls is None:
        raise UnknownEngineError(f"unknown OCR engine kind {kind!r}; known kinds: {', '.join(known_kinds())}")
    return cls


def parse_options(options: OcrOptionsBase | dict | str | None) -> OcrOptionsBase:
    """Options from an options object, a dict (e.g. from YAML) or a bare kind name."""
    from .options import PRESETS, default_options, preset

    if options is None:
        return default_options()
    if isinstance(options, OcrOptionsBase):
        return options
    if isinstance(options, str) and options in PRESETS:
        return preset(options)
    data = {"kind": options} if isinstance(options, str) else dict(options)
    kind = data.get("kind")
    options_type = _options_type(kind)
    if options_type is None:
        raise UnknownEngineError(f"unknown OCR engine kind {kind!r}; known kinds: {', '.join(known_kinds())}")
    try:
        return options_type.model_validate(data)
    except ValidationError as e:
        raise ValueError(f"invalid options for OCR engine {kind!r}: {e}") from e


def get_engine(options: OcrOptionsBase | dict | str | None = None) -> OcrEngine:
    """The engine for these options; one instance per distinct options in this process (models load once)."""
    opts = parse_options(options)
    cls = _engine_class(opts.kind)
    key = opts.model_dump_json()
    with _INSTANCES_LOCK:
        if key not in _INSTANCES:
            _INSTANCES[key] = cls(opts)
        return _INSTANCES[key]
