"""A document's date of issue is its signature block's date, never another field's date standing in a cell right of
that field's label or a range's end (营业期限 | 1999年11月7日至2019年11月6日); where the block's date is unreadable
(a seal over it), the field is left empty rather than filled with one of those."""

from __future__ import annotations

from tests.docmaker import facts_of

LICENCE = [(200, 80, "营业执照", 30), (300, 130, "统一社会信用代码　91310116MA1FL2K3X9", 10),
           (80, 200, "名　　称"), (200, 200, "上海金山恒达新材料科技有限公司"),
           (80, 240, "类　　型"), (200, 240, "有限责任公司（自然人投资或控股）"),
           (80, 280, "住　　所"), (200, 280, "上海市金山区朱泾镇秀州路3464号"),
           (80, 320, "法定代表人"), (200, 320, "张伟"),
           (80, 360, "注册资本"), (200, 360, "人民币500万元整"),
           (80, 400, "成立日期"), (200, 400, "一九九九年十一月七日"),
           (80, 440, "营业期限"), (200, 440, "一九九九年十一月七日至二〇一九年十一月六日"),
           (80, 480, "经营范围"), (200, 480, "一般项目：塑料制品制造；塑料制品销售。"),
           (250, 640, "登记机关"), (330, 640, "上海市金山区市场监督管理局")]


def test_no_other_fields_date_is_taken_for_the_date_of_issue():
    _, got = facts_of(LICENCE, kind="business_licence", size=12)
    assert got["established"] == "1999-11-07"
    assert got["issue_date"] is None


def test_the_signature_blocks_date_is_the_date_of_issue():
    _, got = facts_of(LICENCE + [(380, 690, "二〇一五年十一月十一日")], kind="business_licence", size=12)
    assert got["issue_date"] == "2015-11-11"


def test_a_labelled_date_of_issue_under_the_authority_counts():
    _, got = facts_of(LICENCE + [(250, 680, "登记日期"), (330, 680, "2015-11-11")], kind="business_licence", size=12)
    assert got["issue_date"] == "2015-11-11"


def test_a_heading_in_smaller_type_under_the_title_is_not_part_of_it():
    # OCR's boxes of a 20 pt title and a 12 pt heading under it differ less than the type does (18.4 and 15.8 px
    # measured on a scan); the characters' pitch tells them apart. A title's second line in the same type joins.
    from models.reading import Span
    from pipeline.extract.geometry import Row
    from pipeline.extract.readers.common import _same_type

    def row(text, x0, y0, x1, y1):
        return Row(1, [Span(text=text, page=1, bbox=(x0, y0, x1, y1), confidence=0.99, source="ocr")])

    title = row("公共信用信息概要", 237.0, 65.9, 373.0, 84.3)
    assert not _same_type(row("基本信息", 70.0, 102.6, 118.0, 118.4), title)
    assert _same_type(row("服务中心", 237.0, 92.0, 305.0, 110.4), title)


def test_a_date_a_copy_damaged_leaves_the_date_empty_and_the_body_over_it_signs():
    # 二〇二六年 lost 〇二 on a copy: the date is left empty, not guessed, and the body over it is still the issuer;
    # the last line of the annex (完成单位：…) is a field, never the signing body.
    lines = [(250, 60, "上海市质量协会", 20), (70, 100, "沪质协〔2026〕57号", 11),
             (90, 150, "关于公布2025年度上海市重点产品质量攻关成果奖获奖名单的通知", 15),
             (70, 190, "各会员单位，各有关单位：", 12.5),
             (95, 220, "经评审、公示，现将2025年度上海市重点产品质量攻关成果奖获奖名单予以公布。", 12.5),
             (420, 300, "上海市质量协会", 12.5), (420, 324, "二六年一月三十日", 12.5),
             (70, 420, "1. 项目名称：精密轴承寿命提升项目", 11.5), (90, 440, "完成单位：山东浩峰生物科技有限公司", 11.5)]
    _, got = facts_of(lines, kind="award_notice")
    assert got["issuer"] == "上海市质量协会"
    assert got["date"] is None
