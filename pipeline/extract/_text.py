"""Shared text helpers for the extraction patterns.

Every helper keeps the text length unchanged (one character in, one character out), so an offset
found in the folded text is also the offset in the text the reader produced.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

# Dash look-alikes that OCR and PDF text layers produce between digits (GB/T 1234—2008, 2024—12—20).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63\u2500\u2501"
# Characters that OCR returns for 0 and 1 inside a run of digits.
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1"}
_DIGIT_RUN = re.compile(r"(?<![A-Za-z])[0-9Oo〇○lI|]+(?![A-Za-z])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """One thing found in a text: where, what it normalises to, and how sure we are.

    `start`/`end` are offsets into the text given to the finder; `text` is that slice verbatim.
    `confidence` is 1.0 for an exact reading and lower when an OCR correction or a guess was needed;
    `note` says why, in Chinese, for the reviewer.
    """

    text: str
    start: int
    end: int
    value: Any
    confidence: float = 1.0
    note: str = ""


def _fold_char(ch: str) -> str:
    if ch in _DASHES:
        return "-"
    folded = unicodedata.normalize("NFKC", ch)
    # NFKC sometimes expands (e.g. ⑩ -> 10); keep the original then, to preserve offsets.
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Full-width to half-width, every dash to '-', same length as `text`."""
    return "".join(_fold_char(ch) for ch in text)


def fix_digit_runs(folded: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """Read O/o/〇/○ as 0 and l/I/| as 1 inside runs of digits.

    A run is corrected only when it holds at least as many real digits as look-alikes and is not glued
    to other Latin letters, so "ISO" and "CNAS" stay as they are while "2O24" becomes "2024".
    Returns the corrected text (same length) and {offset: (read, corrected)} for each change.
    """
    chars = list(folded)
    changes: dict[int, tuple[str, str]] = {}
    for m in _DIGIT_RUN.finditer(folded):
        run = m.group()
        digits = sum(c.isdigit() for c in run)
        lookalikes = len(run) - digits
        if lookalikes == 0 or digits == 0 or digits < lookalikes:
            continue
        for i, c in enumerate(run, start=m.start()):
            if c in _DIGIT_LOOKALIKES:
                chars[i] = _DIGIT_LOOKALIKES[c]
                changes[i] = (c, chars[i])
    return "".join(chars), changes


def prepare(text: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """fold() then fix_digit_runs(): what most finders search."""
    return fix_digit_runs(fold(text))


def correction_note(changes: dict[int, tuple[str, str]], start: int, end: int) -> str:
    """Chinese note listing the OCR corrections that fall inside [start, end)."""
    pairs = sorted({v for k, v in changes.items() if start <= k < end})
    if not pairs:
        return ""
    return "按OCR常见混淆更正：" + "、".join(f"{a}→{b}" for a, b in pairs)


# Confidence after a deterministic OCR correction (a look-alike inside a digit run): the reading is
# almost surely right but the reviewer should be able to see it was corrected.
CORRECTED_CONFIDENCE = 0.9


M = TypeVar("M", bound=Match)


def keep_longest(found: list[M]) -> list[M]:
    """Of overlapping matches keep the longest (the earliest on a tie), in reading order."""
    kept: list[M] = []
    for m in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept
