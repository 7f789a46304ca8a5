"""Checks of what reviewers type: a reason of substance, and amounts in yuan parsed strictly."""

from __future__ import annotations

import re
import unicodedata

MIN_SUBSTANCE = 8  # characters that are letters or digits (Chinese characters count one each)
MAX_AMOUNT = 10**11  # 1000 亿: far above any grant; larger input is a typing error
_EMPTY_WORDS = {"同意", "无", "没有", "ok", "yes", "确认", "通过", "好的", "已核对", "见附件", "同上", "理由", "测试"}


class ReasonError(ValueError):
    """A reason that says nothing (Chinese message)."""


def check_substance(reason: str | None, what: str = "理由") -> str:
    """The reason stripped, or ReasonError when it is too short or filler ("x", "同意", "……")."""
    text = (reason or "").strip()
    letters = [ch for ch in text if unicodedata.category(ch)[0] in "LN"]
    if not text:
        raise ReasonError(f"请填写{what}")
    if len(letters) < MIN_SUBSTANCE or len(set(letters)) < 4 or text.lower() in _EMPTY_WORDS:
        raise ReasonError(f"{what}须写明依据（至少 {MIN_SUBSTANCE} 个字，说明核对了什么、依据哪份材料或规定），"
                          f"“{text[:20]}”不足以说明")
    return text


class AmountError(ValueError):
    """An amount that is not a whole number of yuan (Chinese message)."""


_AMOUNT = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?P<wan>万)?$")


def parse_amount(text: str | None) -> int | None:
    """'300000', '300,000', '30万', '1.5万', '300000元' → yuan; None when empty. Anything else — 'inf', 'nan',
    '1e400', '-5', '12.5' — is AmountError with the reason."""
    t = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "").removesuffix("元")
    if not t:
        return None
    m = _AMOUNT.match(t)
    if not m:
        raise AmountError(f"金额“{(text or '')[:30]}”不是有效的金额：请填写整数元，如 300000、300,000 或 30万")
    whole = int(m.group("int").replace(",", ""))
    frac = m.group("frac") or ""
    factor = 10_000 if m.group("wan") else 1
    if len(frac) > 8:
        raise AmountError("金额的小数位过多")
    value = whole * factor + (int(frac) * factor) // (10 ** len(frac)) if frac else whole * factor
    if frac and (int(frac) * factor) % (10 ** len(frac)):
        raise AmountError("金额须为整数元（不能有角、分）")
    if value > MAX_AMOUNT:
        raise AmountError("金额过大，请核对")
    return value


def parse_int(text: str | None, what: str, lo: int, hi: int) -> int:
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not re.fullmatch(r"\d{1,12}", t) or not lo <= int(t) <= hi:
        raise AmountError(f"{what}须为 {lo} 至 {hi} 之间的整数")
    return int(t)
