"""Parsing an upload in a child process under memory and CPU limits, so a hostile file becomes a document error
with its reason in bounded time and memory, and never takes the intake down with it.

    for item in parse_bounded(data, "application/pdf", render=True):   # PageDone / PageImage, as parsed
        ...

The child is forked from a fork server (multiprocessing "forkserver", started once per process with pdfplumber,
pdfium and Pillow imported; python-docx and openpyxl load in the child that reads an Office file), so a file costs a fork, not an interpreter start. In the child:

- RLIMIT_AS caps its address space (`Limits.memory_bytes`): an allocation past it fails (MemoryError) instead
  of the machine swapping; pdfium and Pillow allocations fail the same way;
- RLIMIT_CPU caps its CPU time: `cpu_seconds` for opening the file and its first page, then `cpu_per_page`
  more for each page after (soft limit → SIGXCPU, hard limit a few seconds later → SIGKILL);
- the parent waits at most `idle_seconds` (wall time) for each next page, then kills the child: a child that
  is starved of CPU by a loaded machine still gets there, one that hangs does not hang the intake;
- PR_SET_PDEATHSIG: the child dies when the fork server does, and the fork server exits when this process
  does (kill -9 included), so no reader outlives its command.

OCR does not run in the child: its models would load again for every file (seconds), and onnxruntime reserves
large address ranges that RLIMIT_AS would have to allow for. What reaches OCR is bounded by construction
(page renders are capped in pixels, images in pixels: `pipeline.read.limits`).
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.forkserver import bounded
from pipeline.forkserver import context as _context
from pipeline.read.pages import PageItem

log = logging.getLogger(__name__)

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = int(os.environ.get("JINSHAN_READ_MEMORY_MB", "1024")) * _MB
    cpu_seconds: int = int(os.environ.get("JINSHAN_READ_CPU_SECONDS", "30"))
    cpu_per_page: int = int(os.environ.get("JINSHAN_READ_CPU_PER_PAGE", "15"))
    idle_seconds: float = float(os.environ.get("JINSHAN_READ_IDLE_SECONDS", "45"))


class ReadLimitError(Exception):
    """The file went past a limit, or its reader died; the message (Chinese) is the document's reason."""


@dataclass
class ReadStats:
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    items: int = 0  # pages the child sent


# --- the child -------------------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Dies with the fork server, and lets the fork server die with the command: the fork server stays up while
    any process holds its "alive" pipe, and multiprocessing hands every child a copy — a reader busy on a hostile
    file would keep it (and so itself) alive after a kill -9 of the command. So the copy is closed here."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # not Linux: the fork server's exit still ends us at our next send
        pass
    try:
        from multiprocessing import forkserver, resource_tracker

        fs = forkserver._forkserver
        if getattr(fs, "_forkserver_alive_fd", None) is not None:
            os.close(fs._forkserver_alive_fd)
            fs._forkserver_alive_fd = None
        rt = resource_tracker._resource_tracker
        if getattr(rt, "_fd", None) is not None:  # nor keep the resource tracker alive (we make no semaphores)
            os.close(rt._fd)
            rt._fd = None
    except (ImportError, AttributeError, OSError):
        pass


def _cpu_used() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _allow_cpu(seconds: float) -> None:
    soft = max(1, int(_cpu_used() + seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))


def _stats(n: int) -> ReadStats:
    return ReadStats(_cpu_used(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, n)


def parse_items(data: bytes, media_type: str, *, render: bool, spot_check: int, max_pages: int | None
                ) -> Iterator[PageItem]:
    """The parser for the file's type (in whichever process calls it)."""
    if media_type == "application/pdf":
        from pipeline.read.pdf import parse_pdf

        return parse_pdf(data, render=render, max_pages=max_pages, spot_check=spot_check)
    if media_type == "application/ofd":
        from pipeline.read.ofd import parse_ofd

        return parse_ofd(data, render=render, max_pages=max_pages)
    from pipeline.sniff import OFFICE_TYPES

    if media_type in OFFICE_TYPES:
        from pipeline.read.office import parse_office

        return parse_office(data, media_type, max_pages=max_pages)
    from pipeline.read.image import parse_image

    return parse_image(data, render=render)


def _child(conn, data: bytes, media_type: str, render: bool, spot_check: int, max_pages: int | None,
           limits: Limits) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    _allow_cpu(limits.cpu_seconds)
    n = 0
    try:
        for item in parse_items(data, media_type, render=render, spot_check=spot_check, max_pages=max_pages):
            conn.send(("item", item))
            n += 1
            _allow_cpu(limits.cpu_per_page)
        conn.send(("done", _stats(n)))
    except MemoryError:
        conn.send(("memory", _stats(n)))
    except Exception as exc:
        from pipeline.read.image import ImageError
        from pipeline.read.limits import DecodeLimit
        from pipeline.read.pdf import PdfError

        known = (ImageError, PdfError, DecodeLimit)
        try:
            from pipeline.read.ofd import OfdError
            from pipeline.read.office import OfficeError

            known += (OfdError, OfficeError)
        except ImportError:
            pass
        if isinstance(exc, known):
            conn.send(("refused", (str(exc), _stats(n))))
        else:
            conn.send(("internal", (f"{type(exc).__name__}: {exc}"[:500], _stats(n))))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers


def _render_child(conn, data: bytes, kind: str, page: int, dpi: float, max_pixels: int, limits: Limits) -> None:
    """One page drawn for an evidence picture, under the same limits (a page's images are decoded to draw it)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    _allow_cpu(limits.cpu_seconds)
    try:
        if kind == "application/ofd":
            from pipeline.read.ofd import render_page_scaled
        else:
            from pipeline.read.pdf import render_page_scaled
        conn.send(("done", render_page_scaled(data, page, dpi, max_pixels)))
    except MemoryError:
        conn.send(("memory", _stats(0)))
    except Exception as exc:
        conn.send(("refused", (f"{type(exc).__name__}: {exc}"[:300], _stats(0))))
    finally:
        conn.close()
        os._exit(0)


# --- the parent ------------------------------------------------------------------------------------------------

_START = threading.Lock()


def _start(proc) -> None:
    """Starts the child without multiprocessing's "main module" step: a forked child would otherwise import the
    command's main script again (`prefect` under a worker, any script) before reading — seconds per file. The
    child needs nothing from __main__ (its target lives in this module), so the step is skipped by showing
    multiprocessing an empty __main__ for the instant the child is described."""
    import sys
    import types

    with _START:
        real = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            proc.start()
        finally:
            if real is not None:
                sys.modules["__main__"] = real


def _limit_reason(limits: Limits, what: str) -> str:
    return {
        "memory": f"读取本文件所需内存超过 {limits.memory_bytes // _MB} MB 上限（疑似解压炸弹或异常文件），未读取",
        "cpu": f"读取本文件超过 CPU 时间上限（{limits.cpu_seconds} 秒，此后每页 {limits.cpu_per_page} 秒），"
               "疑似异常文件，未读取",
        "idle": f"读取本文件 {limits.idle_seconds:.0f} 秒内未读完一页，已中止（疑似异常文件），未读取",
    }[what]


def parse_bounded(data: bytes, media_type: str, *, render: bool, spot_check: int = 0,
                  max_pages: int | None = None, limits: Limits | None = None,
                  stats: ReadStats | None = None) -> Iterator[PageItem]:
    """The file's pages, parsed in a child under `limits`; raises ReadLimitError (reason in Chinese) when the
    file is refused or the child dies. `stats` gets the child's CPU seconds and peak memory."""
    limits = limits or Limits()
    ctx = _context()
    recv_conn, send_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send_conn, data, media_type, render, spot_check, max_pages, limits),
                       daemon=True, name="jinshan-reader")
    started = time.monotonic()
    _start(proc)
    send_conn.close()
    killed = finished = False
    try:
        while True:
            if not recv_conn.poll(limits.idle_seconds):
                killed = True
                proc.kill()
                raise ReadLimitError(_limit_reason(limits, "idle"))
            try:
                kind, body = recv_conn.recv()
            except (EOFError, OSError):
                proc.join(5)
                raise ReadLimitError(_death_reason(proc.exitcode, limits)) from None
            if kind == "item":
                yield body
                continue
            got = body if kind in ("done", "memory") else body[1]
            if stats is not None:
                stats.cpu_seconds, stats.peak_mb, stats.items = got.cpu_seconds, got.peak_mb, got.items
            if kind == "done":
                finished = True
                return
            if kind == "memory":
                raise ReadLimitError(_limit_reason(limits, "memory"))
            if kind == "refused":
                raise ReadLimitError(body[0])
            log.warning("reader failed: %s", body[0])
            raise ReadLimitError(f"读取时发生内部错误（{body[0].split(':')[0]}），请人工查看原件")
    finally:
        recv_conn.close()
        if not finished and proc.is_alive():
            killed = True
            proc.kill()
        # a child that said "done" exits by itself (the fork server reaps it): no waiting for its exit status
        proc.join(0 if finished else 10)
        log.debug("reader finished", extra={"seconds": round(time.monotonic() - started, 3), "killed": killed,
                                            "exitcode": proc.exitcode})


def render_bounded(data: bytes, kind: str, page: int, dpi: float, max_pixels: int, limits: Limits | None = None):
    """(image, pixels per point) of one PDF or OFD page, drawn in a child under `limits` (evidence pictures are
    made in the web workspace's and the renderers' process: a page's hostile image must not take it down)."""
    if not bounded():
        if kind == "application/ofd":
            from pipeline.read.ofd import render_page_scaled
        else:
            from pipeline.read.pdf import render_page_scaled
        return render_page_scaled(data, page, dpi, max_pixels)
    limits = limits or Limits()
    ctx = _context()
    recv_conn, send_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_render_child, args=(send_conn, data, kind, page, dpi, max_pixels, limits),
                       daemon=True, name="jinshan-render")
    _start(proc)
    send_conn.close()
    done = False
    try:
        if not recv_conn.poll(limits.idle_seconds):
            raise ReadLimitError(_limit_reason(limits, "idle"))
        try:
            kind_, body = recv_conn.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise ReadLimitError(_death_reason(proc.exitcode, limits)) from None
        if kind_ == "done":
            done = True
            return body
        if kind_ == "memory":
            raise ReadLimitError(_limit_reason(limits, "memory"))
        raise ReadLimitError(body[0])
    finally:
        recv_conn.close()
        if not done and proc.is_alive():
            proc.kill()
        proc.join(0 if done else 10)


def _death_reason(exitcode: int | None, limits: Limits) -> str:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        # SIGKILL: the CPU hard limit, or the kernel's OOM killer; SIGXCPU: the soft CPU limit
        return _limit_reason(limits, "cpu") if exitcode == -signal.SIGXCPU else (
            f"读取程序被终止（CPU 时间或内存超限），疑似异常文件，未读取")
    if exitcode is not None and exitcode < 0:
        if -exitcode in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"读取本文件时读取程序异常退出（信号 {-exitcode}，多为内存超限或文件结构异常），未读取"
        return f"读取程序被信号 {-exitcode} 终止，未读取"
    if exitcode == 0:  # it ended without a word: its last message could not be sent (out of memory)
        return "读取程序未读完即退出（多为内存超限），疑似异常文件，未读取"
    return f"读取程序意外退出（退出码 {exitcode}），未读取"
