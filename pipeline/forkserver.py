"""The readers' fork server (`pipeline.read.sandbox` forks every bounded read from it).

This module imports nothing of the pipeline, so a command can start the fork server first thing: the server
imports the parsers (pdfplumber, pdfium, Pillow, pydantic: most of a second) on one core while the command
imports the rest on the other. Started later, after the command's own imports, the first file waits for both
one after the other.
"""

from __future__ import annotations

import os
import threading

PRELOAD = "pipeline.read.preload"

_CTX = None
_CTX_LOCK = threading.Lock()


def bounded() -> bool:
    """Files are parsed in a child under limits unless JINSHAN_READ_BOUNDED=0 (debugging)."""
    return os.environ.get("JINSHAN_READ_BOUNDED", "1") not in ("0", "false", "no")


def context():
    """The multiprocessing context of the bounded readers: a fork server with the parsers preloaded."""
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            import multiprocessing as mp

            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload([PRELOAD])
            _CTX = ctx
        return _CTX


def warm_up() -> None:
    """Starts the fork server now, so that it is ready by the time the first file is read."""
    if bounded():
        from multiprocessing import forkserver

        context()
        forkserver.ensure_running()
