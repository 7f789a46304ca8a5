"""The reviewer's words for the draft's codes, and money in figures and in Chinese capital numerals.

The words are defined once: statuses, levels and kinds of amount in `models.vocab`, document kinds in the kind
registry (pipeline/kinds/*.yaml); the tables here are views of them for the templates (`label(TABLE, code)`).
"""

from __future__ import annotations

from models.vocab import AmountKind, ApplicantKind, CheckStatus, ClaimStatus, DeclaredStatus, DocumentStatus
from models.vocab import EligibilityStatus, EvidenceSource, Level
from pipeline.kinds import kinds

CHECK_STATUS = CheckStatus.labels()
ELIGIBILITY_STATUS = EligibilityStatus.labels()
CLAIM_STATUS = ClaimStatus.labels()
LEVELS = Level.labels()
AMOUNT_KIND = AmountKind.labels()
APPLICANT_KIND = ApplicantKind.labels()
DOC_STATUS = DocumentStatus.labels()
DOC_TYPE = {name: k.label for name, k in kinds().items()}
EVIDENCE_SOURCE = EvidenceSource.labels()
DECLARED_STATUS = DeclaredStatus.labels()
# the badge colour of a comparison line: agrees, to look at, or declared without support
DECLARED_TONE = {"matched": "pass", "amount_differs": "needs_review", "item_differs": "needs_review",
                 "needs_review": "needs_review", "not_declared": "needs_review", "not_supported": "fail",
                 "declared_not_found": "fail"}
CHECK_RULE = {
    "policy_in_force": "政策在有效期内",
    "registered_in_jinshan": "在金山区依法设立",
    "materials_credit_report": "提交最新信用信息报告",
    "materials_identity": "提交身份证明材料",
    "operating_normally": "正常经营（未列入经营异常名录）",
    "credit_serious_violation": "信用良好，近三年无严重违法失信",
    "individual_good_credit": "个人信用良好",
    "not_fully_budget_funded": "非机关或全额拨款事业单位",
}
CAP_RULE = {
    "same_project_highest_level": "同一项目不同级别，就高奖励",
    "max_standard_projects": "标准制（修）订项目数量上限",
    "annual_cap": "年度支持总额上限",
}

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


_CN = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """Small counts as the policy writes them: 2 → 二, 12 → 十二, 23 → 二十三."""
    if n <= 10:
        return _CN[n]
    if n < 20:
        return "十" + _CN[n - 10]
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def article_label(article: int, clause: int | None = None) -> str:
    """第五条第（二）项."""
    return f"第{cn_number(article)}条" + (f"第（{cn_number(clause)}）项" if clause else "")


def label(table: dict[str, str], code: str | None, default: str = "—") -> str:
    if code is None or code == "":
        return default
    return table.get(code, code)


def wan(amount: int | None) -> str:
    """300000 → '30 万元' (how a 申报表 counts)."""
    if amount is None:
        return "—"
    text = f"{amount / 10_000:.4f}".rstrip("0").rstrip(".")
    return f"{text} 万元"


def yuan(amount: int | None) -> str:
    """1234567 → '1,234,567 元'."""
    return "—" if amount is None else f"{amount:,} 元"


def _four(n: int) -> str:
    """0 < n < 10000 in capitals, with inner zeros as 零 and no trailing zeros."""
    out, zero = [], False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def capital_yuan(amount: int) -> str:
    """Whole yuan in Chinese capital numerals as written on a financial form: 1000000 → 壹佰万元整."""
    if amount < 0:
        raise ValueError("amount must be non-negative")
    if amount == 0:
        return "零元整"
    groups = []
    n = amount
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = []
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        need_zero = False
        out.append(_four(g) + _BIG_UNITS[i])
    return "".join(out) + "元整"
