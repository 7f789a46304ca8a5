"""The reviewer's words for the draft's codes, and money in figures and in Chinese capital numerals."""

from __future__ import annotations

CHECK_STATUS = {"pass": "通过", "fail": "不通过", "needs_review": "待人工审核"}
ELIGIBILITY_STATUS = {"eligible": "符合申报条件", "ineligible": "不符合申报条件", "needs_review": "待人工审核"}
CLAIM_STATUS = {"accepted": "予以支持", "rejected": "不予支持", "needs_review": "待审核"}
LEVELS = {"international": "国际", "national": "国家级", "municipal": "市级", "district": "区级"}
AMOUNT_KIND = {"fixed": "定额", "ceiling": "最高限额", "none": "无金额"}
APPLICANT_KIND = {"organization": "组织（单位）", "individual": "个人"}
DOC_STATUS = {"ok": "已读取", "partial": "部分读取", "error": "无法读取"}
DOC_TYPE = {
    "business_licence": "营业执照",
    "credit_report": "信用信息报告",
    "award_certificate": "获奖证书",
    "award_notice": "授奖决定/名单",
    "certification": "认证证书",
    "standard": "标准文本",
    "approval": "批复/认定文件",
    "appointment": "聘任/任命文件",
    "application_form": "申报表",
    "other": "其他材料",
    "id_card": "身份证",
    "unknown": "未识别",
}
EVIDENCE_SOURCE = {"text_layer": "PDF 文字层", "ocr": "OCR 识别", "ledger": "资金台账", "derived": "推算"}
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
