"""The applicant's own letters (授权委托书, 申请报告): they name honours, certificates and 文号 on purpose, and stay
letters; the applicant is the body that signs them."""

from __future__ import annotations

from datetime import date

from pipeline.extract.documents import extract_facts
from tests.docmaker import facts_of, policy, read_lines

REPORT = [(110, 80, "关于申请2025年度金山区质量发展专项资金的报告", 18),
          (80, 130, "上海市金山区市场监督管理局："),
          (80, 160, "我公司上海金山领先电器科技有限公司2024年度取得以下质量荣誉："),
          (80, 190, "1. 2024年6月6日获得金山区质量金奖（金府〔2024〕39号）；"),
          (80, 220, "2. 2024年9月1日取得质量管理体系认证证书，依据实施细则第十六条申请奖励。"),
          (80, 250, "特此报告。"),
          (330, 330, "上海金山领先电器科技有限公司"), (360, 360, "2025年3月2日")]
LETTER = [(230, 80, "授权委托书", 21),
          (80, 130, "委托单位：上海金山领先电器科技有限公司"), (80, 160, "受托人：朱红超"),
          (80, 190, "现委托上述受托人代表本单位办理2025年度金山区质量发展专项资金（上海市质量金奖奖励）的申报事宜。"),
          (220, 300, "委托单位（盖章）：上海金山领先电器科技有限公司"), (300, 330, "法定代表人（签字）：曹萍晨"),
          (380, 360, "2025年3月2日")]


def test_a_letter_whose_title_ends_in_what_it_is_stays_a_letter_though_its_body_names_honours():
    """The body's first lines under a larger title are no title (…获得金山区质量金奖…), and a title ending in
    的报告 outweighs 认证证书 / 金奖 in the body."""
    docs = read_lines(REPORT)
    assert [d.type for d in docs] == ["other"]
    _, got = facts_of(REPORT)
    assert got["title"] == "关于申请2025年度金山区质量发展专项资金的报告"
    assert got["applicant"] == "上海金山领先电器科技有限公司"


def test_the_applicant_signs_an_authorisation_under_a_label_with_its_representative_below():
    """委托单位（盖章）：X, then 法定代表人（签字）：Y, then the date: the label is no part of the name and the person
    signing for it does not end the block."""
    docs = read_lines(LETTER)
    assert [d.type for d in docs] == ["other"]
    _, got = facts_of(LETTER)
    assert got["applicant"] == "上海金山领先电器科技有限公司"
    no_colon = [(x, y, t.replace("（盖章）：", "（盖章）"), *s) for x, y, t, *s in LETTER]  # OCR dropped the colon
    _, got = facts_of(no_colon)
    assert got["applicant"] == "上海金山领先电器科技有限公司"


def test_a_value_in_a_ruled_grid_of_particulars_is_no_title():
    """姓名 | X | 证件类型 | 居民身份证 in a ruled grid under a person's report title: 居民身份证 is a cell's value,
    not the title of an ID card."""
    from pipeline.classify import split_and_classify
    from pipeline.intake import _file
    from pipeline.read import read_file
    from tests.pdfmaker import text_pdf

    xs, ys = (60, 140, 300, 380, 540), (100, 130, 160, 190)
    cells = [("姓名", "何飞庆", "证件号码", "310***********1124"), ("证件类型", "居民身份证", "查询日期", "2025-04-20"),
             ("报告编号", "ZRR20250420679798", "查询事由", "申请财政资金")]
    lines = [(220, 70, "个人信用信息查询报告", 12)]  # OCR boxes: the title little larger than the cells
    for i, row in enumerate(cells):
        lines += [(xs[k] + 4, ys[i] + 20, v, 11) for k, v in enumerate(row)]
    lines += [(60, 230, "一、行政处罚信息", 13), (80, 255, "经查询，未发现该自然人的行政处罚信息。", 11),
              (300, 320, "出具单位：上海市公共信用信息服务中心", 11)]
    rules = [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]
    docs = split_and_classify(read_file(_file("r.pdf", text_pdf([lines], rules=[rules]))))
    assert [d.type for d in docs] == ["credit_report"]
    f = extract_facts(docs[0], policy(), date(2025, 12, 31), [])
    assert f.fields["title"].value == "个人信用信息查询报告"  # 信用信息查询报告 is a title of the kind


def test_a_companys_appointment_notice_is_no_award_notice():
    """关于聘任…的通知 ends as award notices end; the body's words (聘任, 标准化总监) say what it is."""
    lines = [(150, 60, "上海金山领先电器科技有限公司", 16), (110, 100, "关于聘任龙庆英同志为公司标准化总监的通知", 18),
             (240, 130, "领先质〔2024〕104号", 11), (60, 170, "公司各部门："),
             (80, 200, "经公司研究决定，聘任龙庆英同志为公司标准化总监，任期三年。"), (80, 230, "特此通知。"),
             (330, 300, "上海金山领先电器科技有限公司"), (360, 330, "2024年5月6日")]
    docs = read_lines(lines)
    assert [d.type for d in docs] == ["appointment"]
