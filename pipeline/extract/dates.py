"""Dates in the forms the packets use.

Value: a `datetime.date` when the day is given, a `(year, month)` tuple when only the month is
(`DateMatch.precision` says which). A bare year ("2025年度") is not a date: see `find_years`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ._text import CORRECTED_CONFIDENCE, Match, correction_note, prepare, keep_longest
from .cnnum import cn_digits_to_int, cn_to_int

MIN_YEAR, MAX_YEAR = 1949, 2100

_Y = r"(?P<y>(?:19|20)\d{2})"
# Arabic with 年月日; spaces may appear anywhere OCR splits the tokens ("2025 年 12 月").
_ARABIC_CJK = re.compile(
    rf"(?<!\d){_Y}\s*年\s*(?P<m>[\dOolI]{{1,2}})\s*月(?:\s*(?P<d>[\dOolI]{{1,2}})\s*(?P<day>[日号曰由]))?"
)  # 曰 and 由 are OCR's 日 (a stroke misread), noted
# 2024-12-20, 2024.12.20, 2024/12/20 (dashes are folded to '-'; 一 is OCR for a long dash). The two separators are
# the same, except that OCR reads a short dash as a dot and back (2021.11-13).
_ARABIC_SEP = re.compile(
    rf"(?<![\d.])(?P<y>(?:19|20)\d{{2}})\s*(?P<s>[-./一])\s*(?P<m>\d{{1,2}})\s*(?:(?P=s)|(?<=[-.]\d)[-.]|(?<=[-.]\d\d)[-.])"
    rf"\s*(?P<d>\d{{1,2}})(?:(?![\d.]|\s*[%万元])|(?<=\d\d)(?=\d{{1,2}}:\d{{2}}))"
)  # a two-digit day may run into a time of day where OCR lost the space (2025-04-0314:38:54)
# 2024.04, 2024/04: a month with no day (forms filled in by hand, 聘任日期 2024.04). A dash is not taken for this
# form: codes and certificate numbers carry -YYYY-NN (沪府质奖2024-03).
_ARABIC_MONTH = re.compile(r"(?<![\d.\w/-])(?P<y>(?:19|20)\d{2})\s*[./]\s*(?P<m>\d{1,2})(?![\d./-]|\s*[%万元])")
# 2023 07.02: OCR lost the dot after the year (a dot is a speck; a dash or a slash is not lost so); the month and
# day keep theirs. Not a count (第2023 7.12项) nor an amount.
_ARABIC_LOST_SEP = re.compile(
    r"(?<![\d.第])(?P<y>(?:19|20)\d{2})[ \t]+(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?![\d.]|\s*[%万元项条号页])"
)
_ZERO = "〇○OoＯ0零"
_CN_DIGIT = f"[{_ZERO}一二三四五六七八九]"
_CHINESE = re.compile(
    rf"(?P<y>{_CN_DIGIT}{{3,4}})\s*年\s*(?P<m>[十千][一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(?P<d>三[十千]一?|二[十千][一二三四五六七八九]?|[十千][一二三四五六七八九]?|[一二三四五六七八九])\s*日)?"
)  # 千 is OCR's 十 (a stroke too many): no month or day is written with it
_YEAR_ONLY = re.compile(rf"(?<!\d){_Y}\s*年\s*度")


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMatch(Match):
    precision: str = "day"  # "day" | "month"


def _build(y: int, m: int, d: int | None) -> date | tuple[int, int] | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return None
    if d is None:
        return (y, m)
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`, in reading order."""
    prepared, changes = prepare(text)
    found: list[DateMatch] = []
    for pattern in (_ARABIC_CJK, _ARABIC_SEP):
        for m in pattern.finditer(prepared):
            month, month_fix = _lone_digits(m.group("m"))
            day, day_fix = _lone_digits(m.group("d")) if m.group("d") else (None, "")
            if month is None:
                continue
            value = _build(int(m.group("y")), month, day)
            if value is None:
                continue
            misread = m.groupdict().get("day") in ("曰", "由")
            day_char = f"“{m.group('day')}”按“日”读取，请核对原件" if misread else ""
            note = "；".join(x for x in (correction_note(changes, m.start(), m.end()), month_fix, day_fix, day_char) if x)
            found.append(_match(text, m, value, note))
    for m in _ARABIC_LOST_SEP.finditer(prepared):
        value = _build(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if value is not None:
            found.append(_match(text, m, value, f"“{m.group()}”年份后的分隔符未识别，按{value.isoformat()}读取，请核对原件"))
    for m in _ARABIC_MONTH.finditer(prepared):
        value = _build(int(m.group("y")), int(m.group("m")), None)
        if value is not None:
            found.append(_match(text, m, value, ""))
    for m in _CHINESE.finditer(prepared):
        year_text, note = m.group("y"), ""
        if len(year_text) == 3:
            # Under a red seal OCR loses the small 〇 of 二〇二五: a three-digit year 二X五 is read as 二〇X五; at a
            # copy's faded edge it loses the first 二 (〇二四 is 二〇二四: a year of this century).
            if year_text[0] in "〇○零" and year_text[1] not in _ZERO:
                year_text, note = "二" + year_text, f"年份“{m.group('y')}”疑似漏识首字“二”，按二{year_text}读取，请核对原件"
            elif year_text[0] != "二" or year_text[1] in _ZERO:
                continue
            else:
                year_text, note = year_text[0] + "〇" + year_text[1:], f"年份“{m.group('y')}”疑似漏识“〇”，按{year_text[0]}〇{year_text[1:]}读取，请核对原件"
        y = cn_digits_to_int(year_text)
        month = cn_to_int(m.group("m").replace("千", "十"))
        day = cn_to_int(m.group("d").replace("千", "十")) if m.group("d") else None
        if "千" in m.group()[m.start("m") - m.start():]:
            note = "；".join(x for x in (note, f"“{m.group()}”中的“千”疑为“十”的误识，按“十”读取，请核对原件") if x)
        value = _build(y or 0, month or 0, day)
        if value is not None:
            found.append(_match(text, m, value, note))
    return keep_longest(found)


_LONE = str.maketrans("OolI", "0011")


def _lone_digits(s: str) -> tuple[int | None, str]:
    """A month or day of one or two characters, where a lone O or l (not caught as a run) is a digit."""
    fixed = s.translate(_LONE)
    if not fixed.isdigit():
        return None, ""
    note = f"按OCR常见混淆将{s}读作{fixed}" if fixed != s else ""
    return int(fixed), note


def _match(text: str, m: re.Match[str], value: date | tuple[int, int], note: str) -> DateMatch:
    return DateMatch(
        text=text[m.start() : m.end()],
        start=m.start(),
        end=m.end(),
        value=value,
        precision="day" if isinstance(value, date) else "month",
        confidence=CORRECTED_CONFIDENCE if note else 1.0,
        note=note,
    )



def find_years(text: str) -> list[Match]:
    """Budget/award years written as "2025年度" (value: int)."""
    prepared, changes = prepare(text)
    out = []
    for m in _YEAR_ONLY.finditer(prepared):
        note = correction_note(changes, m.start(), m.end())
        out.append(
            Match(
                text=text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                value=int(m.group("y")),
                confidence=CORRECTED_CONFIDENCE if note else 1.0,
                note=note,
            )
        )
    return out
