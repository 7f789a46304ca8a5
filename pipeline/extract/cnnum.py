"""Chinese numerals, lower-case (二十), financial (贰拾) and digit-by-digit years (二〇二四)."""

from __future__ import annotations

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def cn_digits_to_int(s: str) -> int | None:
    """Digit-by-digit reading, as in years: 二〇二四 -> 2024."""
    if not s or any(c not in DIGITS for c in s):
        return None
    return int("".join(str(DIGITS[c]) for c in s))


def cn_to_int(s: str) -> int | None:
    """Positional reading: 十二 -> 12, 壹佰万 -> 1000000, 贰万伍仟 -> 25000. None if not a numeral."""
    if not s or any(c not in DIGITS and c not in SMALL_UNITS and c not in BIG_UNITS for c in s):
        return None
    total = 0  # finished groups (above 万/亿)
    section = 0  # current group below 万
    digit: int | None = None
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[c]  # 十二: a bare 十 means 10
            digit = None
        else:
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                return None  # "万" alone is not a number
            # 亿 multiplies everything so far; 万 only the current group.
            if BIG_UNITS[c] > 10_000:
                total = (total + section) * BIG_UNITS[c]
            else:
                total += section * BIG_UNITS[c]
            section = 0
    return total + section + (digit or 0)
