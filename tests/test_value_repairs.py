"""Values OCR damaged in known ways, repaired by the registry or the value's own form, with a note where the
reviewer should look at the original."""

from __future__ import annotations

from pipeline.bodies import cut_short
from pipeline.extract.values import _org, _term
from tests.docmaker import facts_of


def test_a_registered_bodys_name_with_its_end_lost_is_completed_with_a_note():
    name, note = _org("上海市金山区市场监督管")
    assert name == "上海市金山区市场监督管理局"
    assert "末尾未识别" in note and "请核对原件" in note
    # too short to tell which body it is, or no body begins so
    assert cut_short("上海市市场监督") is None
    assert _org("上海市金山区某某科技") is None


def test_a_licence_whose_authority_is_cut_short_under_the_seal():
    lines = [(200, 80, "营业执照", 30), (80, 200, "名　　称"), (200, 200, "上海金山恒达新材料科技有限公司"),
             (80, 240, "法定代表人"), (200, 240, "张伟"), (80, 280, "经营范围"), (200, 280, "一般项目：塑料制品制造。"),
             (250, 640, "登记机关上海市金山区市场监督管")]
    f, got = facts_of(lines, kind="business_licence", size=12)
    assert got["authority"] == "上海市金山区市场监督管理局"
    assert "末尾未识别" in (f.fields["authority"].note or "")


def test_a_term_in_chinese_numerals_keeps_its_zero_where_ocr_read_a_circle():
    assert _term("二〇○七年七月十一日至二〇三七年七月十日")[0] == "二〇〇七年七月十一日至二〇三七年七月十日"
    assert _term("二O一O年一月一日至长期")[0] == "二〇一〇年一月一日至长期"
    assert _term("2010年1月1日至长期")[0] == "2010年1月1日至长期"


def test_a_licence_type_whose_enumeration_comma_ocr_read_as_a_comma_is_the_listed_type():
    from models.facts import Fact
    from pipeline.extract.fields import _completed
    from pipeline.kinds import kind

    listed = kind("business_licence").fields["kind"].completes
    got = _completed(Fact(value="股份有限公司（上市，自然人投资或控股）"), listed)
    assert got.value == "股份有限公司（上市、自然人投资或控股）" and "请核对原件" in got.note
