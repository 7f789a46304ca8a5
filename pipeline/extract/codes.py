"""Standard codes (GB/T 44112—2024, ISO 9001:2015, T/CAS 123—2024 …), "代替" lines, certificate numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import CORRECTED_CONFIDENCE, Match, correction_note, fold, prepare, keep_longest

# Sector prefixes of 行业标准 (the list published with the 行业标准管理办法); DB is local, not here.
INDUSTRY_PREFIXES = frozenset(
    "AQ BB CB CH CJ CY DA DL DZ EJ FZ GA GH GM GY HB HG HJ HS HY JB JC JG JR JT JY LB LD LS LY MH MT "
    "MZ NB NY QB QC QJ RB SB SC SF SH SJ SL SN SW SY TB TD TY WB WH WJ WM WS WW XB YB YC YD YJ YS YY YZ ZY".split()
)
INTERNATIONAL_PREFIXES = ("ISO/IEC", "ISO", "IEC", "ITU-T", "ITU-R")
FOREIGN_PREFIXES = ("ASTM", "ANSI", "ASME", "API", "SAE", "IEEE", "UL", "DIN EN", "DIN", "BS EN", "BS", "EN", "JIS", "NF")

_T = "[TZ丅]"  # 丅 is how OCR often reads the T of GB/T
_SEP = r"\s*[-一]\s*"  # dashes folded to '-'; 一 is OCR for a long dash
_NUMBER = r"(?P<number>\d+(?:\s*\.\s*\d+)*)"
_CN_CODE = re.compile(
    rf"(?<![A-Za-z])(?P<prefix>GB|DB\s*\d{{2}}|[A-Z]{{2}})(?:\s*/?\s*(?P<kind>{_T}))?(?![A-Za-z])\s*"
    rf"{_NUMBER}(?:{_SEP}(?P<year>\d{{4}}|\d{{2}})(?!\d))?"
)
_GROUP_CODE = re.compile(
    rf"(?<![A-Za-z])[T丅]\s*/\s*(?P<org>[A-Z][A-Z0-9]{{1,9}})\s*{_NUMBER}(?:{_SEP}(?P<year>\d{{4}})(?!\d))?"
)
_INTL_CODE = re.compile(
    r"(?<![A-Za-z])(?P<prefix>ISO\s*/\s*IEC|ISO|IEC|ITU\s*-\s*[TR]|ASTM|ANSI|ASME|API|SAE|IEEE|UL|DIN(?:\s+EN)?|BS(?:\s+EN)?|EN|JIS|NF)"
    r"(?:\s*/?\s*(?P<sub>TS|TR|PAS))?\s+(?P<number>[A-Z]?\d+(?:[-.]\d+)*)(?:\s*[:-]\s*(?P<year>\d{4}))?(?!\d)"
)
_REPLACES = re.compile(r"代\s*替\s*[:：]?\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class StandardCode(Match):
    prefix: str  # "GB/T", "HG/T", "DB31/T", "T/CAS", "ISO/IEC" …
    number: str  # "44112", "1234.1"
    year: int | None
    category: str  # international | national | industry | local | group | foreign


def _year(y: str | None) -> int | None:
    if not y:
        return None
    n = int(y)
    return n if len(y) == 4 else (1900 + n if n >= 50 else 2000 + n)


def _cn_category(prefix: str) -> str | None:
    if prefix == "GB":
        return "national"
    if prefix.startswith("DB"):
        return "local"
    if prefix in INDUSTRY_PREFIXES:
        return "industry"
    return None


def find_standard_codes(text: str) -> list[StandardCode]:
    """Every standard code in `text`; value is the code written the canonical way (GB/T 1234.1—2008)."""
    prepared, changes = prepare(text)
    found: list[StandardCode] = []
    for m in _CN_CODE.finditer(prepared):
        base = re.sub(r"\s+", "", m.group("prefix"))
        category = _cn_category(base)
        kind = m.group("kind")
        # A bare sector prefix with a number and no year is too often something else (SH2023001).
        if category is None or (category == "industry" and not kind and not m.group("year")):
            continue
        prefix = base + ("/" + ("T" if kind == "丅" else kind) if kind else "")
        found.append(_code(text, m, changes, prefix, category, dash="—"))
    for m in _GROUP_CODE.finditer(prepared):
        found.append(_code(text, m, changes, "T/" + m.group("org"), "group", dash="—"))
    for m in _INTL_CODE.finditer(prepared):
        prefix = re.sub(r"\s+", "", m.group("prefix")).replace("DINEN", "DIN EN").replace("BSEN", "BS EN")
        if m.group("sub"):
            prefix += "/" + m.group("sub")
        category = "international" if prefix.split("/")[0] in ("ISO", "IEC") or prefix.startswith("ITU") else "foreign"
        found.append(_code(text, m, changes, prefix, category, dash=":"))
    return keep_longest(found)


def _code(text: str, m: re.Match[str], changes: dict, prefix: str, category: str, dash: str) -> StandardCode:
    number = re.sub(r"\s+", "", m.group("number"))
    year = _year(m.group("year"))
    value = f"{prefix} {number}" + (f"{dash}{year}" if year else "")
    read = re.sub(r"\s+", "", fold(text[m.start() : m.end()]))
    notes = [correction_note(changes, m.start(), m.end())]
    if "丅" in read:
        notes.append("按OCR常见混淆将“丅”读作“T”")
    note = "；".join(n for n in notes if n)
    return StandardCode(
        text=text[m.start() : m.end()],
        start=m.start(),
        end=m.end(),
        value=value,
        prefix=prefix,
        number=number,
        year=year,
        category=category,
        confidence=CORRECTED_CONFIDENCE if note else 1.0,
        note=note,
    )



@dataclass(frozen=True, slots=True, kw_only=True)
class Replaces(Match):
    """A "代替 …" line: value is the tuple of replaced code strings; `codes` the parsed codes."""

    codes: tuple[StandardCode, ...]


# Between two replaced codes: list punctuation, 和/及/与, spaces. Anything else ends the list.
_LIST_GAP = re.compile(r"\s*(?:[、,，;；和及与]|\s)\s*")


def find_replaces(text: str) -> list[Replaces]:
    """Each "代替 X[、Y …]" in `text` with the codes it replaces."""
    codes = find_standard_codes(text)
    out: list[Replaces] = []
    for m in _REPLACES.finditer(fold(text)):
        pos = m.end()
        taken: list[StandardCode] = []
        for code in codes:
            if code.start < pos:
                continue
            gap = text[pos : code.start]
            if code.start != pos and not _LIST_GAP.fullmatch(fold(gap)):
                break
            taken.append(code)
            pos = code.end
        if taken:
            conf = min(c.confidence for c in taken)
            note = "；".join(c.note for c in taken if c.note)
            out.append(
                Replaces(
                    text=text[m.start() : pos],
                    start=m.start(),
                    end=pos,
                    value=tuple(c.value for c in taken),
                    codes=tuple(taken),
                    confidence=conf,
                    note=note,
                )
            )
    return out
