"""The reviewer-readable diff between two draft versions (pure)."""

from __future__ import annotations

import copy

from pipeline.store.diff import claim_keys, diff_drafts, same_draft


def _claim(cid, article, clause, item, amount, status="accepted", reasons=()):
    return {"claim_id": cid, "article": article, "clause": clause, "item": item, "amount_yuan": amount,
            "status": status, "reasons": list(reasons), "level": "national", "rank": None,
            "citation": {"article": article, "clause": clause, "label": f"第{article}条", "text": "…"}}


BASE = {
    "applicant": {"name": "上海金山某公司", "uscc": "91310116MA1H0R8W5T"},
    "eligibility": {"status": "eligible", "checks": [{"rule": "credit", "status": "pass", "reason": "无失信"}]},
    "claims": [_claim("C01", 14, 2, "主导制定国家标准", 150000), _claim("C02", 14, 2, "主导制定国家标准", 300000)],
    "caps": [], "documents": [{"file": "a.pdf", "pages": [1], "type": "standard", "status": "ok"}],
    "total_yuan": 450000, "flags": [], "generated_by": "jinshan-review 0.1.0",
}


def test_same_draft_ignores_the_generator():
    b = copy.deepcopy(BASE)
    b["generated_by"] = "jinshan-review 0.2.0"
    assert same_draft(BASE, b) and diff_drafts(BASE, b) == []


def test_claim_keys_number_repeated_items():
    assert claim_keys(BASE["claims"]) == ["art14/2/主导制定国家标准#1", "art14/2/主导制定国家标准#2"]


def test_amount_change_says_why():
    b = copy.deepcopy(BASE)
    b["claims"][0]["amount_yuan"] = 300000
    b["claims"][0]["reasons"] = ["本标准为制定，不按修订 50% 计"]
    b["total_yuan"] = 600000
    lines = diff_drafts(BASE, b)
    assert lines[0] == "第14条 主导制定国家标准：金额 150,000 → 300,000 元；原因：本标准为制定，不按修订 50% 计"
    assert lines[-1] == "建议支持总额：450,000 → 600,000 元"


def test_eligibility_claims_added_and_removed():
    b = copy.deepcopy(BASE)
    b["eligibility"] = {"status": "ineligible", "checks": [{"rule": "credit", "status": "fail", "reason": "有失信记录"}]}
    b["claims"] = [b["claims"][0], _claim("C02", 11, None, "首次通过“上海品牌”认证", 300000)]
    lines = diff_drafts(BASE, b)
    assert "申报资格：符合申报条件 → 不符合申报条件" in lines
    assert "审查“credit”：通过 → 不通过（有失信记录）" in lines
    assert any(line.startswith("新增申报项目 第11条 首次通过“上海品牌”认证：300,000 元") for line in lines)
    assert "不再列出申报项目 第14条 主导制定国家标准（原 300,000 元）" in lines
