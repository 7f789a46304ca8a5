"""The limits every uploaded file is read under, so one hostile file cannot exhaust the machine.

- decompressed bytes: every Flate stream pdfminer inflates is bounded (`MAX_STREAM_BYTES` each,
  `MAX_FILE_DECODED_BYTES` per file); past that the file is refused as a decompression bomb, before the bytes
  exist (zlib's `max_length`, not a check afterwards);
- pixels: images above `image.MAX_PIXELS` are refused; renders are capped at `MAX_RENDER_PIXELS` (OCR) and
  `EVIDENCE_MAX_PIXELS` (evidence pictures) whatever the page's size in points;
- memory and time: see `pipeline.read.sandbox` (a child process under RLIMIT_AS and RLIMIT_CPU).
"""

from __future__ import annotations

import threading
import zlib
from contextlib import contextmanager

MAX_STREAM_BYTES = 100 * 1024 * 1024
MAX_FILE_DECODED_BYTES = 512 * 1024 * 1024
MAX_RENDER_PIXELS = 25_000_000  # a page rendered for OCR: A4 at 200 dpi is 3.9 Mpx, A2 at 175 dpi fits
EVIDENCE_MAX_PIXELS = 8_000_000  # a page rendered for evidence pictures (A4 at 110 dpi is 1.2 Mpx)


class DecodeLimit(Exception):
    """A stream (or a file's streams together) inflates past its limit."""


_budget = threading.local()


class _BoundedZlib:
    """Stands in for `zlib` inside pdfminer.pdftypes: `decompress` stops at the budget of the current thread."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*args, **kwargs):
        return zlib.decompressobj(*args, **kwargs)

    @staticmethod
    def decompress(data, *args, **kwargs):
        left = getattr(_budget, "left", None)
        if left is None:
            return zlib.decompress(data, *args, **kwargs)
        cap = min(left, MAX_STREAM_BYTES)
        d = zlib.decompressobj()
        out = d.decompress(data, cap + 1)
        if len(out) > cap or d.unconsumed_tail:
            raise DecodeLimit(_limit_text(cap))
        out += d.flush()
        if len(out) > cap:
            raise DecodeLimit(_limit_text(cap))
        _budget.left = left - len(out)
        return out


def _limit_text(cap: int) -> str:
    return f"PDF 内容解压后超过 {cap // 1048576} MB 上限（疑似解压炸弹），未读取"


_INSTALLED = False


def install() -> None:
    global _INSTALLED
    if not _INSTALLED:
        import pdfminer.pdftypes

        pdfminer.pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
        _INSTALLED = True


@contextmanager
def decode_budget(total: int = MAX_FILE_DECODED_BYTES):
    """Within this block (this thread), pdfminer inflates at most `total` bytes in all."""
    install()
    before = getattr(_budget, "left", None)
    _budget.left = total
    try:
        yield
    finally:
        _budget.left = before


def find_limit(exc: BaseException) -> DecodeLimit | None:
    """The DecodeLimit behind an exception that pdfplumber wrapped (PdfminerException(DecodeLimit(...)))."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DecodeLimit):
            return exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None
