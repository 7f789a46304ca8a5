"""统一社会信用代码 (GB 32100-2015): finding codes and checking the check character.

Corrections happen in two stages, because a mod-31 check passes by chance once in 31 tries:
  1. certain: a character that cannot be in a code at that position (I, O, S, V, Z anywhere; a letter
     in the area-code positions 3-8) is replaced by the digit OCR confuses it with;
  2. a guess: if the check still fails, single swaps between confusable valid characters (0/D, 1/L,
     8/B) are tried; only a unique passing swap is accepted, at low confidence, for the reviewer to verify.
A code that fails is reported with valid=False and a note, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ._text import Match, fold

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Characters never valid in a code, read as the digit they resemble.
_FORCED = {"O": "0", "I": "1", "S": "5", "Z": "2", "V": "U"}
# Letters that must be digits in the area-code positions (3-8).
_TO_DIGIT = {"D": "0", "Q": "0", "L": "1", "B": "8", "G": "6", "T": "7", **_FORCED}
_SWAPS = {"0": "D", "D": "0", "1": "L", "L": "1", "8": "B", "B": "8"}

CONF_CERTAIN = 0.9  # stage-1 correction
CONF_GUESS = 0.6  # stage-2 unique swap
CONF_INVALID = 0.5  # looks like a code, check fails

_LABEL = re.compile(r"(统一社会信用代码|社会信用代码|信用代码|注册号)")
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
_LABELLED = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*[:：]?\s*(?P<code>[0-9A-Za-z][0-9A-Za-z ]{13,22}[0-9A-Za-z])")


@dataclass(frozen=True, slots=True)
class UsccResult:
    valid: bool
    corrected: str  # the code after corrections (or as read, upper-cased, when none applied)
    note: str
    confidence: float


def check_char(first17: str) -> str:
    """The check character for the first 17 characters (all in ALPHABET)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def _passes(code: str) -> bool:
    return len(code) == 18 and all(c in _VALUE for c in code) and check_char(code[:17]) == code[17]


def _certain_fixes(code: str) -> str:
    chars = list(code)
    for i, c in enumerate(chars):
        if 2 <= i <= 7 and c in _TO_DIGIT:
            chars[i] = _TO_DIGIT[c]
        elif c in _FORCED:
            chars[i] = _FORCED[c]
    return "".join(chars)


def _describe(read: str, fixed: str) -> str:
    """"O→0×3、I→1" for the characters that changed between the reading and the fix."""
    read = "".join(fold(read).split())
    counts = Counter((a, b) for a, b in zip(read, fixed) if a != b)
    return "、".join(f"{a}→{b}" + (f"×{n}" if n > 1 else "") for (a, b), n in counts.items())


def check_uscc(code: str) -> UsccResult:
    """Check a code as read; try OCR corrections before calling it invalid."""
    # Lower-case l and o never occur in a printed code: they are OCR for 1 and 0.
    read = "".join(fold(code).split()).replace("l", "1").replace("o", "0").upper()
    if len(read) != 18:
        return UsccResult(False, read, f"长度为{len(read)}位，应为18位", CONF_INVALID)
    if _passes(read):
        return UsccResult(True, read, "", 1.0)
    fixed = _certain_fixes(read)
    diff = _describe(code, fixed)
    if fixed != read and _passes(fixed):
        return UsccResult(True, fixed, f"按OCR常见混淆更正（{diff}）后校验通过", CONF_CERTAIN)
    passing = []
    for i in range(8, 18):
        alt = _SWAPS.get(fixed[i])
        if alt:
            candidate = fixed[:i] + alt + fixed[i + 1 :]
            if _passes(candidate):
                passing.append((i, candidate))
    if len(passing) == 1:
        i, candidate = passing[0]
        swap = f"第{i + 1}位{fixed[i]}→{candidate[i]}"
        prefix = f"{diff}、" if diff else ""
        return UsccResult(True, candidate, f"疑似OCR误读，按{prefix}{swap}更正后校验通过，请核对原件", CONF_GUESS)
    if any(c not in _VALUE for c in fixed):
        return UsccResult(False, fixed, "含代码中不应出现的字符", CONF_INVALID)
    expected = check_char(fixed[:17])
    return UsccResult(False, fixed, f"校验位不符（应为{expected}，读到{fixed[17]}）", CONF_INVALID)


def looks_like_id_card(code: str) -> bool:
    """18-digit resident ID: 17 digits + digit/X, a plausible birth date, the ISO 7064 MOD 11-2 check."""
    c = code.upper()
    if not re.fullmatch(r"\d{17}[\dX]", c):
        return False
    try:
        born = date(int(c[6:10]), int(c[10:12]), int(c[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(c[:17], weights))
    return "10X98765432"[total % 11] == c[17]


def org_code_ok(code: str) -> bool:
    """Positions 9-17 are the GB 11714 organisation code, which carries its own check character."""
    body, check = code[8:16], code[16]
    if not re.fullmatch(r"[0-9A-Z]{8}", body):
        return False
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2)))
    expected = 11 - total % 11
    return check == {10: "X", 11: "0"}.get(expected, str(expected))


def find_usccs(text: str) -> list[Match]:
    """Codes in `text`. value = the corrected code; the `UsccResult` is in `.note`/`.confidence`.

    An unlabelled 18-character run is reported only when it passes both checks (after corrections);
    after a label (统一社会信用代码：) anything code-like is reported, failing or not.
    """
    folded = fold(text)
    found: dict[int, Match] = {}
    for m in _LABELLED.finditer(folded):
        raw = m.group("code")
        squeezed = "".join(raw.split())
        if len(squeezed) > 18 and len(raw.split()[0]) in range(15, 19):
            raw = raw.split()[0]  # trailing word after the code, not part of it
        start = m.start("code")
        _add(found, text, start, start + len(raw.rstrip()), labelled=True)
    for m in _CANDIDATE.finditer(folded):
        if m.start() not in found:
            _add(found, text, m.start(), m.end(), labelled=False)
    return sorted(found.values(), key=lambda x: x.start)


def _add(found: dict[int, Match], text: str, start: int, end: int, labelled: bool) -> None:
    raw = text[start:end]
    squeezed = "".join(fold(raw).split()).upper()
    if looks_like_id_card(squeezed):
        return
    result = check_uscc(squeezed)
    if not labelled:
        # Stray 18-character runs (report numbers) count only if both check characters agree: the
        # code's own and that of the organisation code inside it (a random run passes both 1 in 341).
        if not result.valid or not org_code_ok(result.corrected):
            return
    found[start] = Match(
        text=raw,
        start=start,
        end=end,
        value=result.corrected,
        confidence=result.confidence,
        note=result.note,
    )
