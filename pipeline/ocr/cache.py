"""OCR results on disk, so the same page is never read twice, across runs and processes.

Key: the caller's page key (`f"{file_sha256}:{page}"`) + engine name + engine version (engine,
models, preprocessing) + the options fingerprint. Value: JSON of the spans and page geometry.
Writes go to a temporary file in the same folder and are renamed into place, so a reader sees a
whole entry or none; two processes writing the same entry write the same content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from models.reading import SealText, Span

from .base import get_engine, parse_options
from .model_store import cache_root
from .options import OcrOptionsBase

log = logging.getLogger(__name__)


@dataclass
class OcrResult:
    spans: list[Span]
    rotation: int  # clockwise degrees the page was turned to be read; boxes are in the upright page
    seconds: float  # time spent now (lookup time on a cache hit)
    cached: bool
    width: int = 0  # upright page, pixels
    height: int = 0
    engine: str = ""
    engine_version: str = ""
    key: str = field(default="", repr=False)


def results_dir() -> Path:
    return cache_root() / "ocr-results"


def entry_key(cache_key: str, engine_name: str, engine_version: str, fingerprint: str) -> str:
    return hashlib.sha256("\x1f".join([cache_key, engine_name, engine_version, fingerprint]).encode()).hexdigest()


def _path(key: str) -> Path:
    return results_dir() / key[:2] / f"{key}.json"


def _load(key: str) -> dict | None:
    try:
        with _path(key).open(encoding="utf-8") as f:
            return json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        return None  # missing, or damaged by something outside us: read again


def _store(key: str, data: dict) -> None:
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_ahead(cache_key: str, options: OcrOptionsBase | dict | str | None = None) -> threading.Thread | None:
    """Loads the engine's models in a background thread, for a page that will surely need OCR (an image file's
    first page) while its image is still being decoded by the reader child: the load (a few tenths of a second)
    then overlaps the decoding instead of following it. Nothing starts when that page's result is cached already
    (nightly reprocessing loads no model for cached pages) or when pages are read in worker processes."""
    opts = parse_options(options)
    if opts.workers > 1:
        return None
    engine = get_engine(opts)
    if _path(entry_key(cache_key, engine.name, engine.version, opts.fingerprint())).exists():
        return None

    def load() -> None:
        try:
            engine.load()
        except Exception as exc:  # the page's own read raises it again, with the document's reason
            log.debug("models not loaded ahead: %s", exc)

    t = threading.Thread(target=load, name="ocr-load-ahead", daemon=True)
    t.start()
    return t


def ocr_page(
    image: Image.Image | np.ndarray,
    *,
    page: int,
    cache_key: str | None,
    options: OcrOptionsBase | dict | str | None = None,
) -> OcrResult:
    """Read one page image (RGB) with OCR, through the on-disk cache when `cache_key` is given.

    `cache_key` must identify the page's pixels, e.g. `f"{file_sha256}:{page}"` (plus the render dpi
    if the caller renders PDFs at several resolutions); None disables caching.
    """
    opts = parse_options(options)
    engine = get_engine(opts)
    t0 = time.perf_counter()
    key = entry_key(cache_key, engine.name, engine.version, opts.fingerprint()) if cache_key is not None else ""
    if key and (hit := _load(key)) is not None:
        spans = [Span.model_validate({**s, "page": page}) for s in hit["spans"]]
        return OcrResult(spans, hit["rotation"], time.perf_counter() - t0, True, hit["width"], hit["height"],
                         engine.name, engine.version, key)
    if opts.workers > 1:
        from .pool import read_page

        read = read_page(opts, image, page)
    else:
        read = engine.read_page(image, page)
    seconds = time.perf_counter() - t0
    if key:
        _store(key, {
            "cache_key": cache_key, "engine": engine.name, "engine_version": engine.version,
            "options": opts.model_dump(mode="json", exclude=set(opts.SPEED_ONLY)), "rotation": read.rotation,
            "width": read.width, "height": read.height, "seconds": round(seconds, 3),
            "spans": [s.model_dump(mode="json") for s in read.spans],
        })
    return OcrResult(read.spans, read.rotation, seconds, False, read.width, read.height, engine.name,
                     engine.version, key)


def ocr_seals(
    image: Image.Image | np.ndarray,
    *,
    page: int,
    cache_key: str | None,
    rotation: int = 0,
    options: OcrOptionsBase | dict | str | None = None,
) -> list[SealText]:
    """The round red seals of one page image and what their rings say, cached like `ocr_page` (its own entry:
    the page's text and its cache stay as they are). Boxes in pixels of the page turned `rotation` degrees
    clockwise (the page's OcrResult.rotation), like the page's spans."""
    from .seals import SEAL_VERSION

    opts = parse_options(options)
    engine = get_engine(opts)
    key = (entry_key(f"{cache_key}:seals", engine.name, f"{engine.version}|seals{SEAL_VERSION}", opts.fingerprint())
           if cache_key is not None else "")
    hit = _load(key) if key else None
    if hit is None:
        w, h = (image.width, image.height) if isinstance(image, Image.Image) else (image.shape[1], image.shape[0])
        hit = {"width": w, "height": h, "seals": [
            {"readings": list(s.readings), "confidence": round(s.confidence, 4), "box": list(s.box)}
            for s in engine.read_seals(image)]}
        if key:
            _store(key, hit)
    out = []
    for s in hit["seals"]:
        x0, y0, x1, y1 = s["box"]
        if rotation:
            from .preprocess import turn_quads

            q = turn_quads([np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)], rotation,
                           hit["width"], hit["height"])[0]
            x0, y0, x1, y1 = float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())
        out.append(SealText(page=page, bbox=(x0, y0, x1, y1), readings=s["readings"],
                            confidence=min(max(s["confidence"], 0.0), 1.0)))
    return out
