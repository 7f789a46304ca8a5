"""Pages read in worker processes (`options.workers` > 1).

Callers in several threads (an intake reading two packets at once) then read pages truly at once: each worker
is its own interpreter with its own models, so neither the GIL nor an engine's lock is shared. Workers are
started on first use (spawned: onnxruntime's threads do not survive a fork), load their models once, and live
as long as this process; results are the same `PageRead` the engine returns in this process.
"""

from __future__ import annotations

import atexit
import os
import threading
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .base import PageRead, get_engine, to_rgb_array
from .options import OcrOptionsBase

_POOLS: dict[str, ProcessPoolExecutor] = {}
_LOCK = threading.Lock()
_worker_engine = None


def _init(options: dict, cache_dir: str | None) -> None:
    global _worker_engine
    if cache_dir is not None:
        os.environ["JINSHAN_CACHE_DIR"] = cache_dir
    _worker_engine = get_engine(options)
    _worker_engine.load()


def _read(image: np.ndarray, page: int) -> PageRead:
    return _worker_engine.read_page(image, page)


def pool_for(options: OcrOptionsBase) -> ProcessPoolExecutor:
    """The worker pool for these options (one per distinct options in this process)."""
    inner = options.model_copy(update={"workers": 1})
    key = inner.model_dump_json()
    with _LOCK:
        if key not in _POOLS:
            import multiprocessing

            _POOLS[key] = ProcessPoolExecutor(
                options.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init,
                initargs=(inner.model_dump(mode="json"), os.environ.get("JINSHAN_CACHE_DIR")))
        return _POOLS[key]


def read_page(options: OcrOptionsBase, image, page: int) -> PageRead:
    return pool_for(options).submit(_read, to_rgb_array(image), page).result()


def shutdown() -> None:
    """Stop every worker (their CPU time then counts in this process's children times)."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for p in pools:
        p.shutdown(wait=True)


atexit.register(shutdown)
