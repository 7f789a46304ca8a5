"""First issue or renewal: printed, told by two dates, or — for the sorts of certificate that print their renewal
date whenever they are renewed — taken from its absence (kinds data: `unstated`), and then always put to the
reviewer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models.kinds import DocumentKind
from pipeline.kinds import kind as get_kind
from tests.test_roles import APPLICANT, _decide


def _product(kind_line: str, dates: list[str]):
    lines = [(200, 80, kind_line), (300, 120, "证书编号：CQC25001234567"), (80, 170, f"委托人名称：{APPLICANT}"),
             (80, 200, "产品名称：智能低压开关柜")]
    lines += [(80, 280 + 30 * i, d) for i, d in enumerate(dates)]
    return lines + [(80, 400, "有效期至：2030年06月11日"), (330, 450, "中国质量认证中心有限公司")]


def test_a_product_certificate_with_one_issue_date_is_a_first_issue_put_to_the_reviewer():
    facts, result = _decide(_product("节能产品认证证书", ["发证日期：2025年06月12日"]))
    t = facts.fields["certification_type"]
    assert t.value == "initial" and t.confidence < 1 and "换证" in t.note
    assert facts.get("first_issue_date") == facts.get("issue_date") == "2025-06-12"
    assert t.evidence and "2025年06月12日" in t.evidence[0].text
    c = result.claims[0]
    assert c.status == "needs_review", c.reasons
    assert any("按初次发证读取" in r for r in c.reasons), c.reasons


def test_a_renewed_product_certificate_is_a_renewal():
    facts, result = _decide(_product("低碳产品认证证书", ["首次发证日期：2019年04月09日", "换证日期：2025年04月08日"]))
    assert facts.get("certification_type") == "renewal"
    assert result.claims[0].status == "rejected"


def test_a_management_system_certificate_that_says_nothing_is_not_inferred():
    facts, result = _decide(_product("测量管理体系认证证书", ["发证日期：2025年06月12日"]))
    assert facts.get("certification_type") is None and facts.get("first_issue_date") is None
    assert any("未载明首次发证日期" in r for r in result.claims[0].reasons)


def test_unstated_names_only_known_values():
    data = get_kind("certification").model_dump()
    data["fields"]["certification_type"]["unstated"]["when"] = {"kind": ["节能认证"]}
    with pytest.raises(ValidationError, match="节能认证"):
        DocumentKind.model_validate(data)


def test_ocr_s_zero_for_the_o_of_iso_is_put_right_in_the_standard():
    from pipeline.extract.codes import with_prefixes_read_right

    assert with_prefixes_read_right("GB/T 23331—2020/IS0 50001:2018") == "GB/T 23331—2020/ISO 50001:2018"
    assert with_prefixes_read_right("IS09001") == "ISO9001"
    assert with_prefixes_read_right("CQC3159—2021") == "CQC3159—2021"
