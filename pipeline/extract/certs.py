"""Certificate numbers: CMA (资质认定), CNAS, CQC, 上海品牌."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import CORRECTED_CONFIDENCE, Match, correction_note, fold, prepare

# How far before a bare number its label may be (a label line above the number, in reading order).
LABEL_WINDOW = 80
LABEL_AFTER = 20  # "编号：240912345678 (CMA)"

_CMA_LABEL = re.compile(r"CMA|资质认定|检验检测机构")
_CMA_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{12})(?![\dA-Za-z])")
# CNAS L2954 (laboratory), C123 (certification body), I0123 (inspection body), PT/RM providers.
_CNAS = re.compile(r"CNAS\s*(?:No\.?|NO\.?|编号)?\s*[:：]?\s*(?P<letter>PT|RM|[LCIl|])\s*(?P<num>\d{3,5})(?!\d)")
_CQC = re.compile(r"(?<![A-Za-z])CQC\s*-?\s*(?P<num>\d{8,14})(?!\d)")
_BRAND_LABEL = re.compile(r"上\s*海\s*品\s*牌")
_BRAND_NUMBER = re.compile(r"(?:证书)?编\s*号\s*[:：]?\s*(?P<num>[A-Z0-9][A-Z0-9\-]{4,29}[A-Z0-9])")


@dataclass(frozen=True, slots=True, kw_only=True)
class CertNumber(Match):
    kind: str  # "CMA" | "CNAS" | "CQC" | "上海品牌"


def find_cert_numbers(text: str) -> list[CertNumber]:
    """Certificate numbers in `text`; value is the number written the canonical way."""
    prepared, changes = prepare(text)
    out: list[CertNumber] = []
    for m in _CMA_NUMBER.finditer(prepared):
        before = prepared[max(0, m.start() - LABEL_WINDOW) : m.start()]
        if not (_CMA_LABEL.search(before) or _CMA_LABEL.search(prepared[m.end() : m.end() + LABEL_AFTER])):
            continue
        number = m.group(1)
        notes = [correction_note(changes, m.start(), m.end())]
        # Digits 3-4 are the issuing authority: 00 national, 01-31 a province (09 Shanghai).
        if int(number[2:4]) > 31:
            notes.append("编号第3-4位不是发证机关代码，请核对")
        out.append(_cert(text, m.start(), m.end(), number, "CMA", notes))
    folded = fold(text)  # CNAS letters must not go through the digit-run fix (l2954 is L2954)
    for m in _CNAS.finditer(folded):
        letter = m.group("letter")
        notes = []
        if letter in ("l", "|"):
            notes.append(f"按OCR常见混淆将“{letter}”读作“L”")
            letter = "L"
        num = prepared[m.start("num") : m.end("num")]
        notes.append(correction_note(changes, m.start("num"), m.end("num")))
        out.append(_cert(text, m.start(), m.end(), f"CNAS {letter}{num}", "CNAS", notes))
    for m in _CQC.finditer(prepared):
        out.append(_cert(text, m.start(), m.end(), "CQC" + m.group("num"), "CQC", [correction_note(changes, m.start(), m.end())]))
    for m in _BRAND_NUMBER.finditer(prepared):
        if _BRAND_LABEL.search(prepared[max(0, m.start() - LABEL_WINDOW * 2) : m.start()]):
            out.append(_cert(text, m.start("num"), m.end(), m.group("num"), "上海品牌", [correction_note(changes, m.start(), m.end())]))
    return sorted(out, key=lambda c: c.start)


def _cert(text: str, start: int, end: int, value: str, kind: str, notes: list[str]) -> CertNumber:
    note = "；".join(n for n in notes if n)
    structural = "请核对" in note
    return CertNumber(
        text=text[start:end],
        start=start,
        end=end,
        value=value,
        kind=kind,
        confidence=0.6 if structural else (CORRECTED_CONFIDENCE if note else 1.0),
        note=note,
    )
