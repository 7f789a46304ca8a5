"""OCR text in simplified Chinese: the recognition model sometimes returns the traditional form of a character
(倪衛國 for 倪卫国, 聘任書, 國家標準化管理委員會); documents of this policy are printed in simplified characters, so
OCR lines are converted character by character (OpenCC's t2s tables, bundled with the package). Text layers are
left as the PDF has them."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    if text.isascii():
        return text
    out = _converter().convert(text)
    return out if len(out) == len(text) else text  # keep offsets: a conversion that changes length is not used
