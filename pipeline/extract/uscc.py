"""统一社会信用代码 (GB 32100-2015): finding codes, checking the check character, and what a repair may do.

A repair must never change who the applicant is. A mod-31 check passes by chance once in 31 tries, so a
"corrected" code that passes its check is still a guess: of the single wrong-character variants of real codes,
about one in twenty is "repaired" into somebody else's valid code. Hence:

- a code is reported **as printed** (width, spacing and letter case normalised, nothing else), valid only when
  it passes its check as printed;
- a code that fails is flagged "校验位不符，请核对原件", never silently changed;
- `could_be()` says whether a code read on *another document* of the packet explains
  the reading. Only that agreement turns a repair into the applicant's code (pipeline/decide/applicant.py), and
  the draft says which documents agree.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from ._text import Match, fold

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}

# Characters OCR reads for one another on printed codes (each group: characters that look alike).
CONFUSABLE_GROUPS = ("0ODQUCo", "1ILJT7l|", "2Z", "5S", "6Gb", "8B3", "9gq", "UVY", "XKY", "HNMW", "EFPR", "AR")
_CONFUSABLE: dict[str, frozenset[str]] = {}
for _group in CONFUSABLE_GROUPS:
    for _c in _group:
        _CONFUSABLE[_c] = _CONFUSABLE.get(_c, frozenset()) | frozenset(_group)
# What a character that can never be in a code (I, O, S, V, Z, lower-case l and o) most likely stood for.
_NOT_IN_CODE = {"O": "0DQ", "o": "0DQ", "I": "1L", "l": "1L", "|": "1L", "S": "58", "Z": "2", "V": "UY"}
# Area-code positions (3-8) hold digits only.
_AREA = range(2, 8)

CONF_INVALID = 0.5  # looks like a code, the check fails as printed
NOTE_CHECK = "校验位不符，请核对原件"

_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z|]{18}(?![0-9A-Za-z])")
# Specks OCR reads as dots or commas between the label's colon and the code (代码：..9131…) are not the code's.
_LABELLED = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*[:：]?[\s.．·…,，、]*(?P<code>[0-9A-Za-z|][0-9A-Za-z| ]{13,22}[0-9A-Za-z|])")


@dataclass(frozen=True, slots=True)
class UsccResult:
    valid: bool  # passes its check as printed
    code: str  # as printed: width, spaces and letter case normalised; never a repair
    note: str
    confidence: float

    @property
    def corrected(self) -> str:
        """The code to report: always the printed one (the name is kept for older callers)."""
        return self.code


def check_char(first17: str) -> str:
    """The check character for the first 17 characters (all in ALPHABET)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def passes(code: str) -> bool:
    return len(code) == 18 and all(c in _VALUE for c in code) and check_char(code[:17]) == code[17]


def printed_form(code: str) -> str:
    """The code as printed: full-width folded, spaces removed, letters upper-cased — except l and o, which are
    not letters of a code at all (OCR for 1 and 0, or for L and D: a repair, not a normalisation)."""
    read = "".join(fold(code).split())
    return "".join(c if c in "lo" else c.upper() for c in read)


def _options(c: str, i: int) -> str:
    """The characters position i may really hold when `c` was read there."""
    opts = _NOT_IN_CODE.get(c) or "".join(sorted(_CONFUSABLE.get(c, frozenset()) - {c}))
    opts = "".join(o for o in opts if o in _VALUE)
    if i in _AREA:
        opts = "".join(o for o in opts if o.isdigit())
    return opts


def repair_candidates(code: str, max_changes: int = 1) -> tuple[str, ...]:
    """Codes passing their check that OCR may have misread as `code`: every character that cannot be in a
    code replaced by what it may stand for, plus up to `max_changes` confusable swaps. Fewest changes first.
    A candidate is only a question for the other documents of the packet, never an answer by itself."""
    read = printed_form(code)
    if len(read) != 18:
        return ()
    forced = [i for i, c in enumerate(read) if c not in _VALUE or (i in _AREA and not c.isdigit())]
    free = [i for i in range(18) if i not in forced and _options(read[i], i)]
    if len(forced) > (8 if max_changes == 0 else 4):
        return ()
    out: list[str] = []
    for forced_choice in itertools.product(*(_options(read[i], i) or "?" for i in forced)):
        base = list(read)
        for i, c in zip(forced, forced_choice):
            base[i] = c
        for n in range(0, max_changes + 1):
            for positions in itertools.combinations(free, n):
                for swap in itertools.product(*(_options(read[i], i) for i in positions)):
                    cand = base[:]
                    for i, c in zip(positions, swap):
                        cand[i] = c
                    s = "".join(cand)
                    if s not in out and passes(s):
                        out.append(s)
    return tuple(out)


def could_be(read: str, code: str, max_other: int = 0) -> bool:
    """Whether `read` (failing its check) may be an OCR reading of the valid `code`: every character that
    differs is one OCR confuses with the right one, or one that cannot be in a code at all."""
    a, b = printed_form(read), printed_form(code)
    if len(a) != 18 or len(b) != 18 or a == b or not passes(b):
        return False
    other = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and y not in _OPTIONS[(x, i in _AREA)]:
            other += 1
            if other > max_other:
                return False
    return True


class _Options(dict):
    def __missing__(self, key):
        c, area = key
        value = self[key] = _options(c, 2 if area else 8)
        return value


_OPTIONS = _Options()


def check_uscc(code: str) -> UsccResult:
    """Check a code as printed. A failing code stays as printed and says so; no repair is proposed here (a
    proposed valid code is somebody's code: only another document of the packet may confirm one)."""
    read = printed_form(code)
    if len(read) != 18:
        return UsccResult(False, read, f"长度为{len(read)}位，应为18位", CONF_INVALID)
    if passes(read):
        return UsccResult(True, read, "", 1.0)
    if any(c not in _VALUE for c in read):
        bad = "、".join(dict.fromkeys(c for c in read if c not in _VALUE))
        why = f"含代码中不应出现的字符（{bad}）"
    else:
        why = f"校验位应为{check_char(read[:17])}，读到{read[17]}"
    return UsccResult(False, read, f"{NOTE_CHECK}（{why}）", CONF_INVALID)


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
    """Codes in `text`. value = the code as printed; the check's note and confidence are on the Match.

    After a label (统一社会信用代码：) anything code-like is reported, failing or not. An unlabelled
    18-character run is reported only when it passes both checks (its own and the organisation code's: a random
    run passes both once in 341), as printed or — reported then as failing, for another document to confirm —
    once the characters that cannot be in a code are read as what they stand for.
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
    squeezed = printed_form(raw)
    if looks_like_id_card(squeezed):
        return
    result = check_uscc(squeezed)
    if not labelled:
        if result.valid:
            if not org_code_ok(result.code):
                return
        elif not any(org_code_ok(c) for c in repair_candidates(squeezed, max_changes=0)):
            return
    found[start] = Match(text=raw, start=start, end=end, value=result.code, confidence=result.confidence,
                         note=result.note)
