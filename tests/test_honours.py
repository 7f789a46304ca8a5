"""The honour of a certificate as its sentence prints it, across line breaks, and nothing after the sentence."""

from __future__ import annotations

import pytest

from tests.docmaker import facts_of, read_lines

HEAD = [(240, 80, "荣誉证书"), (120, 140, "上海金山领先电器科技有限公司：")]
FOOT = [(300, 360, "上海市市场监督管理局"), (300, 390, "二〇二五年十月二十日")]


@pytest.mark.parametrize("lines, honour, rank", [
    (["荣获2025年度上海市标准创新贡献奖", "组织奖。", "特发此证。"], "上海市标准创新贡献奖组织奖", None),
    (["荣获2025年度上海市标准创新贡献奖", "标准项目奖二等奖。", "特发此证。"], "上海市标准创新贡献奖标准项目奖", "二等奖"),
    (["荣获2025年度金山区质量金奖", "特发此证。"], "金山区质量金奖", None),
    (["荣获2025年度金山区质量金奖。", "组织奖获得者另行公布。"], "金山区质量金奖", None),
])
def test_an_honour_wrapped_onto_the_next_line_is_read_whole(lines, honour, rank):
    body = [(120, 190 + 30 * i, t) for i, t in enumerate(lines)]
    _, got = facts_of(HEAD + body + FOOT, kind="award_certificate")
    assert got["honour"] == honour
    assert got["rank"] == rank


def test_an_honour_printed_in_another_form_is_named_canonically_with_a_note():
    lines = [(240, 80, "荣誉证书"), (120, 140, "倪卫国同志："), (120, 170, "(上海禾穗家居用品有限公司)"),
             (120, 200, "在标准化工作中贡献突出，被授予2024年度"), (120, 230, "上海市标准创新贡献奖（标准化突出贡献个人）。"),
             (120, 260, "特颁此证，以资表彰。"), (300, 360, "上海市市场监督管理局"), (300, 390, "2024年12月09日")]
    f, got = facts_of(lines, kind="award_certificate")
    assert got["honour"] == "上海市标准创新贡献奖个人奖"
    assert "上海市标准创新贡献奖（标准化突出贡献个人）" in f.fields["honour"].note
    assert any(i.startswith("art06") for i in f.items), f.items


def test_a_form_given_for_two_honours_is_refused():
    from pydantic import ValidationError

    from models.kinds import HonourNames

    with pytest.raises(ValidationError, match="both"):
        HonourNames.model_validate({"names": {"甲奖个人奖": ["甲奖（个人）"], "乙奖个人奖": ["甲奖（个人）"]}})


@pytest.mark.parametrize("quoted, honour", [
    ("“上海市市长质量奖（个人）”", "上海市市长质量奖（个人）"),
    ("“金山区质量金奖个人奖’", "金山区质量金奖个人奖"),  # OCR's ’ for the closing ”
])
def test_a_quoted_honour_whose_sentence_ends_with_a_label_word(quoted, honour):
    """…被授予2024年度“…” / 荣誉称号。: the 荣誉称号 ending the sentence is no label, the line after it no honour."""
    lines = [(240, 80, "荣誉证书"), (120, 140, "谢婷桂同志："),
             (120, 170, "谢婷桂同志系上海金山和华传感技术股份有限公司技术中心主任，在推进质量提升工作中表现突出，"),
             (120, 200, f"经评审，被授予2024年度{quoted}"), (120, 230, "荣誉称号。"), (120, 260, "特发此证。"),
             (300, 360, "上海市人民政府"), (300, 390, "2024年10月1日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["honour"] == honour


def test_a_quoted_honour_before_rongyu_chenghao_loses_its_quotes_whatever_it_names():
    lines = [(120, 190, "胡飞同志系上海凯泽汽车零部件（集团）有限公司标准化工程师，表现突出，"),
             (120, 220, "经评审，被授予2024年度“全国优秀质量管理小组活动推"), (120, 250, "进者”荣誉称号。"),
             (120, 280, "特发此证。")]
    _, got = facts_of([(240, 80, "荣誉证书"), (120, 140, "胡飞同志：")] + lines +
                      [(300, 360, "中国质量协会"), (300, 390, "二〇二四年十二月十七日")], kind="award_certificate")
    assert got["honour"] == "全国优秀质量管理小组活动推进者"


def test_an_honours_verb_broken_over_the_lines_end():
    lines = [(120, 190, "李磊强同志系通源（上海）食品有限公司质量总监，"), (90, 220, "在推进质量提升和标准化工作中表现突出，经评审，被授"),
             (90, 250, "予2024年度“上海市市长质量奖（个人）”荣誉称号。"), (120, 280, "特发此证。")]
    _, got = facts_of([(240, 80, "荣誉证书"), (120, 140, "李磊强同志：")] + lines +
                      [(300, 360, "上海市人民政府"), (300, 390, "二〇二四年八月二十五日")], kind="award_certificate")
    assert got["honour"] == "上海市市长质量奖（个人）"


PROJECT_HEAD = [(250, 70, "证书"), (131, 120, "2024年度上海市标准创新贡献奖标准项目奖"),
                (80, 170, "项目名称：特种纸质量分级"), (80, 200, "获奖等级：二等奖")]
PROJECT_FOOT = [(330, 500, "上海市市场监督管理局"), (330, 530, "2024年12月9日")]


@pytest.mark.parametrize("units", [
    [(80, 230, "主要完成单位："), (110, 260, "1. 上海翔华汽车零部件股份有限公司"), (110, 290, "2. 上海理工大学"),
     (110, 320, "3. 上海天杰纺织科技股份有限公司")],
    [(80, 230, "完成单位："), (110, 260, "上海翔华汽车零部件股份有限公司"), (110, 290, "上海理工大学"),
     (110, 320, "上海天杰纺织科技股份有限公司")],
    [(80, 230, "完成单位：上海翔华汽车零部件股份有限公司、上海理工大学、上海天杰纺"), (80, 260, "织科技股份有限公司")],
    [(80, 230, "完成单位：上海翔华汽车零部件股份有限公司、"), (80, 260, "上海理工大学、上海天杰纺织科技股份有限公司")],
])
def test_a_project_certificate_lists_its_units_after_their_label_and_is_made_out_to_the_first(units):
    """完成单位 then the units: numbered lines, plain lines or one 、 paragraph wrapping back to the margin. The
    title 证书 standing alone makes it a certificate although 项目名称 / 完成单位 / 等奖 are words of notices too,
    and the honour centred under it, a little larger than the body, is the honour."""
    docs = read_lines(PROJECT_HEAD + units + PROJECT_FOOT)
    assert [d.type for d in docs] == ["award_certificate"]
    f, got = facts_of(PROJECT_HEAD + units + PROJECT_FOOT)
    assert got["co_units"] == ["上海翔华汽车零部件股份有限公司", "上海理工大学", "上海天杰纺织科技股份有限公司"]
    assert got["recipient"] == "上海翔华汽车零部件股份有限公司"
    assert got["recipient_kind"] == "organization"
    assert got["honour"] == "上海市标准创新贡献奖标准项目奖"
    assert got["rank"] == "二等奖"


def test_an_english_line_under_the_signing_body_leaves_the_body_the_issuer():
    lines = [(250, 70, "荣誉证书"), (100, 130, "兹授予"), (100, 150, "This is to certify that"),
             (160, 190, "上海金山领先电器科技有限公司"), (150, 240, "2024年度“上海市质量金奖”荣誉称号"),
             (300, 400, "上海市市场监督管理局"), (250, 425, "Shanghai Administration for Market Regulation"),
             (340, 450, "2024年12月9日"), (350, 475, "December 9, 2024")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["issuer"] == "上海市市场监督管理局"
    assert got["recipient"] == "上海金山领先电器科技有限公司"
    assert got["date"] == "2024-12-09"


def test_a_letter_spaced_title_standing_alone_is_the_kinds_name():
    """证　书 set wide: the text layer gives 证 and 书 apart, and the row they stand on is the title 证书."""
    head = [(240, 70, "证"), (275, 70, "书")] + PROJECT_HEAD[1:]
    units = [(80, 230, "完成单位："), (110, 260, "上海翔华汽车零部件股份有限公司"), (110, 290, "上海理工大学")]
    docs = read_lines(head + units + PROJECT_FOOT)
    assert [d.type for d in docs] == ["award_certificate"]


def test_a_quoted_honour_set_large_on_its_own_line_loses_its_quotes_with_its_rongyu_chenghao():
    """2024年度“全国质量信得过班组”荣誉称号 as a line of large type (no verb before it): the quotes go with 荣誉称号,
    though the name does not end in 奖."""
    from pipeline.extract.readers.honours import clean_honour

    assert clean_honour("2024年度“全国质量信得过班组”荣誉称号") == "全国质量信得过班组"
    assert clean_honour("“上海标准”") == "“上海标准”"


def test_a_person_named_after_their_label_on_a_form_like_certificate():
    # 姓名 / 工作单位 / 荣誉称号 as labelled lines beside a photo frame: the holder is a person (a label variant in
    # the kind's data), the employer is read from its own label.
    lines = [(330, 70, "荣誉证书", 30), (240, 160, "姓　　名："), (330, 160, "段超琳"), (240, 200, "工作单位："),
             (330, 200, "上海市金山区利海电子科技股份有限公司"), (120, 220, "照片", 12), (240, 240, "荣誉称号："),
             (330, 240, "上海市市长质量奖（个人）"),
             (90, 330, "该同志在2025年度质量提升工作中表现突出，经评审，授予“上海市市长质量奖（个人）”荣誉称号，特发此证。", 13),
             (600, 450, "上海市人民政府"), (610, 480, "2025年10月22日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert (got["recipient"], got["recipient_kind"], got["employer"]) == \
        ("段超琳", "individual", "上海市金山区利海电子科技股份有限公司")
    assert got["issuer"] == "上海市人民政府" and got["date"] == "2025-10-22"


def test_a_sentence_naming_an_honour_does_not_start_a_second_document_on_the_sheet():
    # The sheet's text falls in two blocks with a band between; the lower block opens with a sentence naming the
    # honour (…授予“上海市质量金奖”称号，特发此证。). A sentence is no title, so the sheet stays one certificate.
    lines = [(230, 70, "荣誉证书", 30), (90, 150, "上海金山恒达新材料科技有限公司："), (90, 190, "荣获："),
             (200, 230, "上海市质量金奖", 26),
             (90, 520, "你单位在2024年度质量工作中成绩突出，经评审，授予“上海市质量金奖”称号，特发此证。", 12),
             (380, 640, "上海市质量工作领导小组办公室"), (430, 668, "2024年12月20日")]
    docs = read_lines(lines)
    assert [d.type for d in docs] == ["award_certificate"]


def test_the_closing_words_under_a_projects_line_are_no_part_of_the_project():
    # The project's label line and, under it at the same indent, 特发此证。 (award_org_salutation_line photographed).
    lines = [(230, 70, "荣誉证书", 30), (90, 150, "上海金山恒达新材料科技有限公司："),
             (90, 190, "你单位在2024年度质量工作中成绩突出，经组织评审、公示，荣获："), (160, 230, "上海市重点产品质量攻关成果奖", 24),
             (250, 270, "二等奖", 20), (76, 310, "项目：精密轴承寿命提升项目", 13), (76, 332, "特发此证。", 13),
             (380, 640, "上海市市场监督管理局"), (430, 668, "2024年12月20日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["project"] == "精密轴承寿命提升项目"
