"""Who stands on an honour document in which role: issuers are never holders, a mismatch needs another holder in a
holder role, sub-units are flagged, issuing bodies are data."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

import pipeline.bodies as bodies_registry
from models.draft import Period
from pipeline.bodies import BODIES_FILE, bodies, is_issuer, load_bodies
from pipeline.decide import Context, decide
from pipeline.extract.documents import extract_facts
from tests.docmaker import facts_of, policy, read_lines

APPLICANT = "上海金山恒达新材料科技有限公司"


def _cma(holder_line: str, issuer: str = "上海市市场监督管理局"):
    return [(200, 80, "检验检测机构"), (200, 110, "资质认定证书"), (80, 160, "240912345678"),
            (80, 220, holder_line), (80, 270, "地址：上海市金山区亭林镇林盛路88号3幢"),
            (80, 330, "经评审，你机构符合《检验检测机构资质认定管理办法》规定的条件，准予资质认定。"),
            (80, 400, "发证日期：2025年03月03日"), (80, 430, "有效期至：2031年03月02日"),
            (300, 480, f"发证机关：{issuer}")]


def _decide(lines, kind="certification", applicant=APPLICANT):
    from models.facts import DocumentFacts, Fact

    doc = read_lines(lines)[0].model_copy(update={"type": kind})
    f = extract_facts(doc, policy(), date(2026, 3, 31), [applicant])
    licence = DocumentFacts(file="营业执照.pdf", pages=[1], type="business_licence",
                            fields={"name": Fact(value=applicant), "uscc": Fact(value="91310116MA1FL2K3X9"),
                                    "address": Fact(value="上海市金山区亭林镇林盛路88号3幢")})
    ctx = Context(policy=policy(), as_of=date(2026, 3, 31),
                  period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    return f, decide([licence, f], ctx)


@pytest.mark.parametrize("body", sorted({n for b in bodies() for n in (b.name, *b.aliases) if len(n) >= 4}))
def test_a_known_issuer_is_never_reported_as_the_holder(body):
    """Every body of the registry, standing alone where a holder's name would stand: never the holder, and the
    claim is never rejected for a holder mismatch naming it."""
    facts, result = _decide(_cma(body, issuer=body))
    assert facts.get("holder") != body
    for c in result.claims:
        assert not any(f"“{body}”，与申报主体" in r or f"为“{body}”" in r for r in c.reasons), c.reasons


def test_a_holder_mismatch_needs_another_holder_in_a_holder_role():
    _, result = _decide(_cma("机构名称：上海另一家检测技术有限公司"))
    assert result.claims[0].status == "rejected"
    assert any("上海另一家检测技术有限公司" in r and "不一致" in r for r in result.claims[0].reasons)
    _, result = _decide(_cma(f"机构名称：{APPLICANT}"))
    assert result.claims[0].status != "rejected", result.claims[0].reasons


def test_a_manufacturer_is_not_a_holder():
    lines = [(200, 80, "节能产品认证证书"), (300, 120, "证书编号：CQC25001234567"),
             (80, 170, f"委托人名称：{APPLICANT}"), (80, 200, "生产企业名称：江苏另一家电气有限公司"),
             (80, 230, "产品名称：智能低压开关柜"), (80, 280, "发证日期：2025年06月12日"),
             (80, 310, "有效期至：2030年06月11日"), (330, 360, "中国质量认证中心有限公司")]
    facts, result = _decide(lines)
    assert facts.get("holder") == APPLICANT and facts.get("manufacturer") == "江苏另一家电气有限公司"
    assert result.claims[0].status != "rejected", result.claims[0].reasons


def test_a_sub_unit_of_the_applicant_is_flagged_not_rejected():
    _, result = _decide(_cma(f"机构名称：{APPLICANT}检测中心"))
    c = result.claims[0]
    assert c.status == "needs_review" and any("下属机构" in r for r in c.reasons)


def test_a_new_issuing_body_is_a_data_change(tmp_path, monkeypatch):
    """A certificate whose only unlabelled organisation name is a body not yet registered reads it as the holder;
    once the body is a line of issuing_bodies.yaml it is never the holder."""
    body = "上海市金山区标准化促进中心"
    lines = [(240, 80, "荣誉证书"), (160, 160, body), (200, 220, "荣获2025年度金山区质量金奖"),
             (300, 320, "二〇二五年十一月十八日")]
    _, before = facts_of(lines)
    assert before["recipient"] == body and not is_issuer(body)
    path = tmp_path / "issuing_bodies.yaml"
    shutil.copy(BODIES_FILE, path)
    path.write_text(path.read_text(encoding="utf-8") + f"  - {{name: {body}, level: district}}\n", encoding="utf-8")
    monkeypatch.setattr(bodies_registry, "bodies", lambda: load_bodies(path))
    bodies_registry._index.cache_clear()
    try:
        assert is_issuer(body)
        _, after = facts_of(lines)
        assert after["recipient"] != body
    finally:
        bodies_registry._index.cache_clear()


def test_the_issuer_of_a_notice_is_not_its_addressee():
    lines = [(90, 80, "上海市市场监督管理局关于公布2025年度上海市质量金奖获奖名单的通知"),
             (200, 110, "沪市监质〔2025〕88号"), (60, 150, "各区市场监督管理局，各有关单位："),
             (60, 180, "经评审，决定授予上海金山恒达新材料科技有限公司等3家单位2025年度上海市质量金奖。"),
             (330, 300, "上海市市场监督管理局"), (340, 330, "2025年12月18日")]
    _, v = facts_of(lines, kind="award_notice", names=[APPLICANT])
    assert v["issuer"] == "上海市市场监督管理局" and v["date"] == "2025-12-18"
    assert v["honour"] == "上海市质量金奖"
    assert v["units"] and v["units"][0]["unit"] == APPLICANT
