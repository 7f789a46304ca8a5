"""Money amounts: 30万元, 30.5 万元, 1,000,000元, ￥300000, 壹佰万元整, 三十万元. Value: int yuan."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ._text import CORRECTED_CONFIDENCE, Match, correction_note, prepare, keep_longest
from .cnnum import BIG_UNITS, DIGITS, SMALL_UNITS, cn_to_int

_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<f>\d+))?"
# "万" without "元" only inside a list or range ("最高 100 万、50 万元"), where 元 is implied.
_ARABIC = re.compile(
    rf"(?<![\d.,])(?P<cur>[¥￥]\s*|人民币\s*)?{_NUM}\s*(?P<unit>万|亿)?\s*(?P<yuan>元|(?<=万)(?=\s*[、,，和或至到~-]))"
)
_ARABIC_CUR = re.compile(rf"(?P<cur>[¥￥]|人民币)\s*{_NUM}(?!\s*[\d万亿元])")
_CAPITALS = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
_CN = "".join(DIGITS).replace("0", "").replace("O", "").replace("o", "") + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_CHINESE = re.compile(rf"(?:人民币\s*)?(?P<cn>[{_CN}]+)\s*元\s*(?P<zheng>[整正])?")


def _arabic_value(n: str, f: str | None, unit: str | None) -> int | None:
    try:
        amount = Decimal(n.replace(",", "") + ("." + f if f else ""))
    except InvalidOperation:
        return None
    return int((amount * (BIG_UNITS[unit] if unit else 1)).to_integral_value())


def find_amounts(text: str) -> list[Match]:
    """Every amount in `text`, in reading order, value in yuan (int)."""
    prepared, changes = prepare(text)
    found: list[Match] = []
    for pattern in (_ARABIC, _ARABIC_CUR):
        for m in pattern.finditer(prepared):
            value = _arabic_value(m.group("n"), m.group("f"), m.groupdict().get("unit"))
            if value is None:
                continue
            note = correction_note(changes, m.start(), m.end())
            found.append(_make(text, m, value, note))
    for m in _CHINESE.finditer(prepared):
        cn = m.group("cn")
        # A lower-case numeral needs a unit or 整 to be money: "二元醇" is a chemical, "三十万元" is money.
        is_capital = any(c in _CAPITALS for c in cn)
        has_unit = any(c in SMALL_UNITS or c in BIG_UNITS for c in cn)
        if not (is_capital or has_unit or m.group("zheng")):
            continue
        value = cn_to_int(cn)  # None for a bare unit such as the 万 of "100万元"
        if not value:
            continue
        found.append(_make(text, m, value, ""))
    return keep_longest(found)


def _make(text: str, m: re.Match[str], value: int, note: str) -> Match:
    return Match(
        text=text[m.start() : m.end()],
        start=m.start(),
        end=m.end(),
        value=value,
        confidence=CORRECTED_CONFIDENCE if note else 1.0,
        note=note,
    )

