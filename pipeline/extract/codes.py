"""Standard codes of every kind, "代替" lists, and which code is the standard's own.

    GB/T 44112—2024  GB 3100—1993  GB/Z 1—2020          national
    JR/T 0176.5—2024  HG/T 2345—2010  DB/T 15—2009 (地震)   industry: every sector code of the national list
    DB31/T 1234—2020  DB31 123—2020                       local, Shanghai; DB32/T … other provinces
    DG/TJ 08-2093-2019  DGJ 08-9-2013                     Shanghai engineering-construction standards
    T/CAS 123—2024                                        group
    Q/JSHD 001—2024                                       enterprise
    ISO 9001:2015  ISO/IEC 17025:2017  ISO/IEC/IEEE 8802-3:2021  IEC TS 62607-6-1:2020   international
    IEEE 1547-2018  ASTM D638-14                          other international professional bodies
    DIN EN 1234:2010  JIS Z 8101                          foreign
    JJF 1069—2012  JJG 1036—2008                          metrology documents (not standards)

What the code prefixes are is data (pipeline/extract/standard_codes.yaml: the ~70 sector codes, the region codes
of local standards, the international and foreign bodies); what Art. 14 pays for each kind is policy
(the catalog's standards.yaml). Slashes may be / ∕ ／ ⁄, dashes — - － – 一 (OCR); a part number is kept (0176.5).
Text layers of some national-platform PDFs print Latin letters in a private font that extracts as CJK characters
of the GBK A0 row (犌犅／犜 for GB/T): those are decoded here, offsets unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ._text import CORRECTED_CONFIDENCE, Match, correction_note, fold, keep_longest, prepare

DATA_FILE = Path(__file__).with_name("standard_codes.yaml")


@lru_cache(maxsize=1)
def code_data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def industry_sectors() -> dict[str, str]:
    """Sector code → sector, the national list of 行业标准代号."""
    return dict(code_data()["industry"])


INDUSTRY_PREFIXES = frozenset(industry_sectors())
INTERNATIONAL_PREFIXES = tuple(code_data()["international"])
FOREIGN_PREFIXES = tuple(code_data()["foreign"])

_SLASHES = {"∕": "/", "⁄": "/", "╱": "/", "⧸": "/"}
_CN_NUMERALS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
                "七": "7", "八": "8", "九": "9"}


def _private_char(ch: str) -> str | None:
    """The Latin letter a private-font character stands for: GBK bytes A0 xx print chr(xx − 0x80)."""
    if not "\u7280" <= ch <= "\u72ff":
        return None
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(b) == 2 and b[0] == 0xA0 and 0xA1 <= b[1] <= 0xFE:
        c = chr(b[1] - 0x80)
        return c if c.isascii() and c.isprintable() else None
    return None


def decode_private_font(text: str) -> tuple[str, bool]:
    """The text with private-font letters decoded (same length); whether any were. Inside a line that had them,
    Chinese numerals after a decoded code prefix are that font's digits (犌犅／犜三七一三六－二零一八)."""
    chars = list(text)
    changed = False
    for i, ch in enumerate(chars):
        c = _private_char(ch)
        if c is not None:
            chars[i] = c
            changed = True
    if not changed:
        return text, False
    out = "".join(chars)
    digits = list(out)
    for m in re.finditer(r"(?<![A-Za-z])(?:GB|[A-Z]{2}|DB\d{2}|T|Q)\s*[/／]?\s*[TZ]?\s*(?P<n>[〇○零一二三四五六七八九]{2,}"
                         r"(?:[.．][〇○零一二三四五六七八九]+)*)(?:\s*[-－—]\s*(?P<y>[〇○零一二三四五六七八九]{2,4}))?", out):
        for g in ("n", "y"):
            if m.group(g):
                for k in range(m.start(g), m.end(g)):
                    digits[k] = _CN_NUMERALS.get(digits[k], digits[k])
    return "".join(digits), True


def _prepare(text: str) -> tuple[str, dict[int, tuple[str, str]], bool]:
    decoded, private = decode_private_font(text)
    folded, changes = prepare(decoded)
    folded = "".join(_SLASHES.get(c, c) for c in folded)
    return folded, changes, private


_T = "[TZ丅]"  # 丅 is how OCR often reads the T of GB/T
_SEP = r"\s*[-一]\s*"  # dashes folded to '-'; 一 is OCR for a long dash
_NUMBER = r"(?P<number>\d+(?:\s*\.\s*\d+)*)"
_CN_CODE = re.compile(
    rf"(?<![A-Za-z/])(?P<prefix>GB|DB\s*\d{{2}}|[A-Z]{{2}})(?:\s*/?\s*(?P<kind>{_T})(?:\s*[.．·](?=\s*\d))?)?(?![A-Za-z])\s*"
    rf"{_NUMBER}(?:{_SEP}(?P<year>\d{{4}}|\d{{2}})(?!\d))?"
)
_CONSTRUCTION = re.compile(
    r"(?<![A-Za-z])(?P<prefix>DG\s*/\s*TJ|DGJ|DBJ)\s*(?P<region>\d{2})?\s*(?:/\s*T)?\s*[-一]?\s*"
    r"(?P<number>\d+(?:\s*\.\s*\d+)*)(?:\s*[-一]\s*(?P<series>\d+)(?=\s*[-一]\s*\d{4}))?(?:\s*[-一]\s*(?P<year>\d{4}))?(?!\d)"
)
_GROUP_CODE = re.compile(
    rf"(?<![A-Za-z])[T丅]\s*/\s*(?P<org>[A-Z][A-Z0-9]{{1,9}})\s*{_NUMBER}(?:{_SEP}(?P<year>\d{{4}})(?!\d))?"
)
_ENTERPRISE = re.compile(
    r"(?<![A-Za-z])Q\s*/\s*(?P<org>(?:\d{2,6}\s*)?[A-Z][A-Z0-9]{0,11})\s*(?P<number>\d+(?:\s*\.\s*\d+)*)"
    r"(?:\s*[-一]\s*(?P<year>\d{4}))?(?!\d)"
)
_METROLOGY = re.compile(r"(?<![A-Za-z])(?P<prefix>JJF|JJG)\s*(?P<number>\d+(?:\s*\.\s*\d+)*)"
                        r"(?:\s*[-一]\s*(?P<year>\d{4}))?(?!\d)")


@lru_cache(maxsize=1)
def _zero_for_o() -> re.Pattern[str]:
    """The international and foreign prefixes that hold an O (ISO), with OCR's 0 for it."""
    d = code_data()
    names = sorted({n for n in (*d["international"], *d["international_bodies"], *d["foreign"]) if "O" in n},
                   key=len, reverse=True)
    return re.compile("|".join(rf"(?<![A-Za-z]){re.escape(n).replace('O', '[O0]')}(?=\s*\d)" for n in names))


def with_prefixes_read_right(text: str) -> str:
    """A standard's reference as printed, with what OCR misread in it put right: 0 for the O of a prefix (IS0 50001
    → ISO 50001), 一 for the long dash before the year (GB/T 45164一2020 → GB/T 45164—2020)."""
    return year_dash(_zero_for_o().sub(lambda m: m.group().replace("0", "O"), text))


def year_dash(text: str) -> str:
    """一 between a code's number and its year is a long dash a font or OCR turned into 一; a dot between /T and
    the number (QB/T.3671) is the space OCR read as a speck."""
    text = re.sub(r"(?<=/[TZ丅])\s*[.．·]\s*(?=\d)", " ", text)
    return re.sub(r"(?<=\d)一(?=(?:19|20)\d{2})", "—", text)


def _body_alternation() -> str:
    d = code_data()
    names = sorted({*d["international"], *d["international_bodies"], *d["foreign"]}, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+").replace(r"\-", r"\s*-\s*") for n in names)


_INTL_CODE = re.compile(
    rf"(?<![A-Za-z])(?P<prefix>(?:{_body_alternation()})(?:\s*/\s*(?:{_body_alternation()}))*)"
    r"(?:\s*/?\s*(?P<sub>TS|TR|PAS|Guide))?\s+(?P<number>[A-Z]?\s?\d+(?:[-.]\d+)*)"
    r"(?:\s*[:-]\s*(?P<year>\d{4}))?(?!\d)"
)
_REPLACES = re.compile(r"代\s*替\s*[:：]?\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class StandardCode(Match):
    prefix: str  # "GB/T", "HG/T", "DB31/T", "T/CAS", "Q/JSHD", "DG/TJ 08", "ISO/IEC" …
    number: str  # "44112", "0176.5"
    year: int | None
    # international | international_body | foreign | national | industry | local | construction | group |
    # enterprise | metrology
    category: str
    region: str | None = None  # local and construction standards: the region code (31 = 上海市)
    sector: str | None = None  # industry standards: the sector (金融 for JR)

    @property
    def kind(self) -> str:
        """The key of this kind of standard in the catalog's standards.yaml."""
        if self.category in ("local", "construction"):
            return f"{self.category}_{'shanghai' if self.region == '31' else 'other'}"
        return self.category


def standard_kind(code: str | None) -> str | None:
    """The kind of a code as written in a draft or a policy case (GB/T 1234—2008 → national)."""
    found = find_standard_codes(code or "")
    return found[0].kind if found else None


def _year(y: str | None) -> int | None:
    if not y:
        return None
    n = int(y)
    return n if len(y) == 4 else (1900 + n if n >= 50 else 2000 + n)


def _cn_category(prefix: str) -> tuple[str | None, str | None, str | None]:
    """(category, region, sector) of a Chinese prefix: GB, DB31, JR …"""
    if prefix == "GB":
        return "national", None, None
    m = re.fullmatch(r"DB(\d{2})", prefix)
    if m:
        return "local", m.group(1), None
    if prefix in INDUSTRY_PREFIXES:
        return "industry", None, industry_sectors()[prefix]
    return None, None, None


def find_standard_codes(text: str) -> list[StandardCode]:
    """Every standard code in `text`; value is the code written the canonical way (GB/T 1234.1—2008)."""
    prepared, changes, private = _prepare(text)
    found: list[StandardCode] = []
    for m in _CONSTRUCTION.finditer(prepared):
        head = re.sub(r"\s+", "", m.group("prefix")).upper()
        region = m.group("region")
        if head in ("DG/TJ", "DGJ", "DBJ") and region == "08":
            # Shanghai's engineering-construction series: DG/TJ 08-2093-2019 (older DGJ 08-, DBJ 08-).
            prefix, region_code = f"{head} 08", "31"
        elif head == "DBJ" and region:
            prefix, region_code = f"DBJ{region}", region
        elif head == "DBJ" and m.group("series"):
            prefix, region_code = "DBJ/T", m.group("number")  # DBJ/T 15-101-2014: 15 is the region series
        else:
            continue
        number = m.group("series") if head == "DBJ" and not region and m.group("series") else m.group("number")
        found.append(_code(text, m, changes, prefix, "construction", "-", private, region=region_code,
                           number=number, sep=" " if prefix.endswith("08") else " "))
    for m in _CN_CODE.finditer(prepared):
        base = re.sub(r"\s+", "", m.group("prefix"))
        kind = m.group("kind")
        if base == "DB" and kind:  # DB/T 15—2009: the 地震 sector; DB31/T is local (matched with its digits)
            category, region, sector = "industry", None, industry_sectors().get("DB")
        else:
            category, region, sector = _cn_category(base)
        # A bare sector prefix with a number and no year is too often something else (SH2023001).
        if category is None or (category == "industry" and not kind and not m.group("year")):
            continue
        prefix = base + ("/" + ("T" if kind == "丅" else kind) if kind else "")
        found.append(_code(text, m, changes, prefix, category, "—", private, region=region, sector=sector))
    for m in _GROUP_CODE.finditer(prepared):
        found.append(_code(text, m, changes, "T/" + m.group("org"), "group", "—", private))
    for m in _ENTERPRISE.finditer(prepared):
        org = re.sub(r"\s+", " ", m.group("org")).strip()
        if not (m.group("year") or re.search(r"[A-Z]{2}", org)):
            continue
        found.append(_code(text, m, changes, "Q/" + org, "enterprise", "—", private))
    for m in _METROLOGY.finditer(prepared):
        found.append(_code(text, m, changes, m.group("prefix"), "metrology", "—", private))
    d = code_data()
    for m in _INTL_CODE.finditer(prepared):
        bodies = [re.sub(r"\s+", " ", b.strip()) for b in re.split(r"\s*/\s*", m.group("prefix"))]
        bodies = [re.sub(r"ITU\s*-\s*", "ITU-", b) for b in bodies]
        prefix = "/".join(bodies)
        if m.group("sub"):
            prefix += " " + m.group("sub") if m.group("sub") == "Guide" else "/" + m.group("sub")
        first = bodies[0]
        category = "international" if first in d["international"] else (
            "international_body" if first in d["international_bodies"] else "foreign")
        found.append(_code(text, m, changes, prefix, category, ":", private, number=m.group("number").replace(" ", "")))
    return keep_longest(found)


def _code(text: str, m: re.Match[str], changes: dict, prefix: str, category: str, dash: str, private: bool, *,
          region: str | None = None, sector: str | None = None, number: str | None = None,
          sep: str = " ") -> StandardCode:
    number = re.sub(r"\s+", "", number if number is not None else m.group("number"))
    year = _year(m.group("year"))
    if category == "construction":
        value = f"{prefix}-{number}" + (f"-{year}" if year else "") if prefix.endswith("08") else \
            f"{prefix} {number}" + (f"-{year}" if year else "")
    else:
        value = f"{prefix}{sep}{number}" + (f"{dash}{year}" if year else "")
    read = re.sub(r"\s+", "", fold(text[m.start() : m.end()]))
    notes = [correction_note(changes, m.start(), m.end())]
    if "丅" in read:
        notes.append("按OCR常见混淆将“丅”读作“T”")
    if private and any(_private_char(c) for c in text[m.start():m.end()]):
        notes.append("文字层使用私有字体（如“犌犅／犜”），已按字体映射还原")
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
        region=region,
        sector=sector,
        confidence=CORRECTED_CONFIDENCE if note and "私有字体" not in note else 1.0,
        note=note,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Replaces(Match):
    """A "代替 …" line: value is the tuple of replaced code strings; `codes` the parsed codes."""

    codes: tuple[StandardCode, ...]


# Between two replaced codes: list punctuation, 和/及/与, spaces and line breaks, a title in 《》 (forewords name
# each replaced standard with its title). Anything else ends the list.
_LIST_GAP = re.compile(r"\s*(?:《[^》\n]{1,80}》)?\s*(?:[、,，;；和及与]|以及)?\s*")


def own_code(text: str, codes: list[StandardCode] | None = None) -> StandardCode | None:
    """The standard's own code: a dated code that is no drafting rule (GB/T 1.1) and not in a 代替 list, the
    newest of those (a standard replaces older ones and cites older ones), then the one printed most often
    (running heads repeat it), then the first."""
    codes = find_standard_codes(text) if codes is None else codes
    dated = [c for c in codes if c.year is not None and not c.value.replace(" ", "").startswith("GB/T1.1")
             and c.category != "metrology"]
    if not dated:
        return None
    replaced = {v for rp in _replaces(text, codes, None, strict=True) for v in rp.value}
    pool = [c for c in dated if c.value not in replaced] or dated
    counts = Counter(c.value for c in dated)
    best = max(pool, key=lambda c: (c.year or 0, counts[c.value], -c.start))
    return next(c for c in pool if c.value == best.value)


def find_replaces(text: str, own: StandardCode | str | None = None) -> list[Replaces]:
    """Each "代替 X[、Y …]" in `text` with the codes it replaces; a list may wrap over lines. The standard's own
    code (`own`, when given) is never one it replaces: reading order may put it inside a wrapped list, so it is
    stepped over."""
    own_value = own.value if isinstance(own, StandardCode) else own
    return _replaces(text, find_standard_codes(text), own_value, strict=False)


def _replaces(text: str, codes: list[StandardCode], own_value: str | None, strict: bool) -> list[Replaces]:
    """strict: a line break without a list separator ends the list (what is certain, for telling the own code)."""
    out: list[Replaces] = []
    folded = fold(text)
    for m in _REPLACES.finditer(folded):
        pos = m.end()
        taken: list[StandardCode] = []
        for code in codes:
            if code.end <= pos:
                continue
            if code.start < pos:
                break
            gap = folded[pos : code.start]
            if code.start != pos and not _LIST_GAP.fullmatch(gap):
                break
            bare_break = "\n" in gap and not re.search(r"[、,，;；和及与]", gap)
            if taken and bare_break and strict:
                break
            if code.value == own_value:
                pos = code.end  # the own code, printed between the lines of a wrapped list
                continue
            if code.year is None and taken:
                break  # a list of replaced standards names dated codes
            taken.append(code)
            pos = code.end
        if taken:
            conf = min(c.confidence for c in taken)
            note = "；".join(c.note for c in taken if c.note)
            out.append(Replaces(text=text[m.start() : pos], start=m.start(), end=pos,
                                value=tuple(c.value for c in taken), codes=tuple(taken), confidence=conf, note=note))
    return out
