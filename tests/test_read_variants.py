"""Variants the tune families printed under other seeds (python -m samples.families --seed 2027, 4049): a bilingual
certificate whose verb ends its line, an honour without the usual words, a 文号 OCR spaced round its brackets, a
date OCR misread, a credit report whose separators OCR read as colons, a title wrapped onto two lines of the same
type, a title told by its characters' pitch where a table's boxes are tall, a record's tag whose bracket OCR lost, a
sentence that opens again where OCR lost the full stop before it, a registered body's name with one character
misread."""

from __future__ import annotations

from datetime import date

import pytest

from models.reading import DocumentText, Span
from pipeline.extract.codes import find_standard_codes, year_dash
from pipeline.extract.dates import find_dates
from pipeline.extract.documents import extract_facts
from pipeline.extract.values import normalise
from tests.docmaker import facts_of, policy

SIGN = [(300, 420, "上海市金山区人民政府"), (300, 450, "2024年11月08日")]


def test_a_bilingual_certificate_names_the_honour_after_the_holders_line():
    lines = [(240, 80, "荣誉证书"), (200, 110, "CERTIFICATE OF HONOUR"), (120, 160, "兹授予"),
             (120, 185, "This is to certify that"), (120, 215, "铭凯（上海）环保科技有限公司"),
             (120, 245, "2024年度“金山区质量金奖”荣誉称号"), (120, 270, "has been awarded the honour of the year 2024.")]
    _, got = facts_of(lines + SIGN, kind="award_certificate")
    assert (got["recipient"], got["honour"], got["level"]) == ("铭凯（上海）环保科技有限公司", "金山区质量金奖", "district")


def test_an_honour_ending_in_rongyu_chenghao_without_quotes_round_it_loses_both_words():
    lines = [(240, 80, "荣誉证书"), (120, 160, "兹授予"), (120, 215, "上海市金山区智泽汽车零部件有限公司"),
             (120, 245, "2024年度上海市“专精特新”中小企业荣誉称号")]
    _, got = facts_of(lines + [(300, 420, "上海市经济和信息化委员会"), (300, 450, "2024年12月18日")],
                      kind="award_certificate")
    assert got["honour"] == "上海市“专精特新”中小企业"


def test_an_honour_standing_alone_between_the_verb_and_the_closing_formula_is_read_without_the_usual_words():
    lines = [(240, 80, "荣誉证书"), (120, 140, "上海泽飞新能源科技（集团）有限公司："),
             (140, 170, "你单位在2024年度质量工作中成绩突出，经组织评审、"), (120, 200, "公示，被评为："),
             (200, 240, "全国质量信得过班组"), (140, 280, "特发此证。"), (300, 420, "中国质量协会"), (300, 450, "2024年09月04日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["honour"] == "全国质量信得过班组"
    # the same line in running text, no closing formula after it: no honour is made up from a sentence
    _, got = facts_of(lines[:4] + [(200, 240, "质量管理体系运行良好"), (140, 280, "望再接再厉。")] + lines[6:],
                      kind="award_certificate")
    assert got["honour"] is None


@pytest.mark.parametrize("printed, value", [
    ("ZDGG [2024] 29号", "ZDGG[2024]29号"),   # OCR's spaces round the brackets
    ("No.20247401", "20247401"),              # No. is the number's label
    ("No. SHBZ-GR2024-012", "SHBZ-GR2024-012"),
    ("NOX2024-1", "NOX2024-1"),               # letters of the number itself stay
])
def test_a_certificate_number_as_printed(printed, value):
    assert normalise("code", printed)[0] == value


def test_a_number_labelled_bianhao_with_ocrs_spaces_is_the_certificates():
    lines = [(240, 80, "荣誉证书"), (120, 130, "2024年度上海市重点产品质量攻关成果奖"), (120, 170, "项目名称：工业机器人减速器精度保持性攻关"),
             (120, 200, "获奖等级：二等奖"), (120, 230, "主要完成单位："), (140, 260, "1. 上海禾浩新能源科技股份有限公司"),
             (140, 290, "2. 同济大学"), (300, 400, "上海市市场监督管理局"), (300, 430, "2024年12月27日"),
             (90, 480, "编号: ZDGG [2024] 29号")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["cert_no"] == "ZDGG[2024]29号"


@pytest.mark.parametrize("text, value, noted", [
    ("二〇一五年千二月十日", date(2015, 12, 10), "千"),       # 千 is OCR's 十: no month is written with it
    ("二〇二四年十月二千日", date(2024, 10, 20), "千"),
    ("2023 07.02", date(2023, 7, 2), "分隔符"),             # the dot after the year lost
    ("二〇一五年十二月十日", date(2015, 12, 10), ""),
])
def test_dates_ocr_misread_are_read_with_a_note(text, value, noted):
    (d,) = find_dates(text)
    assert d.value == value
    assert (noted in d.note) if noted else not d.note
    assert d.confidence < 1.0 if noted else d.confidence == 1.0


@pytest.mark.parametrize("text", ["注册资本 2024 12.5万元", "2023 07.02.5", "第2023 7.12项", "2023 7-12"])
def test_numbers_that_only_look_like_a_date_with_a_lost_separator_are_none(text):
    assert find_dates(text) == []


def test_a_standard_code_with_a_speck_for_the_space_after_T():
    assert [c.value for c in find_standard_codes("QB/T.3671—2022《光伏组件背板质量分级》")] == ["QB/T 3671—2022"]
    assert year_dash("QB/T.3671—2022《光伏组件背板质量分级》") == "QB/T 3671—2022《光伏组件背板质量分级》"


def test_penalty_entries_whose_separators_ocr_read_as_colons_keep_each_value_to_its_label():
    lines = [(200, 60, "公共信用信息报告", 20), (60, 110, "报告编号：XYZG2025072629808014"),
             (60, 135, "机构名称：上海宸昊生物科技股份有限公司"), (60, 160, "统一社会信用代码：9131011684249365XD"),
             (60, 200, "（一）行政管理信息——行政处罚"),
             (60, 225, "1.决定书文号：（沪金）应急罚〔2022〕234号；违法行为类型：未按规定开展安全生产教育"),
             (60, 245, "和培训；处罚内容：警告，罚款人民币5000元：处罚机关：上海市金山区应急管理局：处罚决定日"),
             (60, 265, "期：2022年6月25日。该记录属严重违法失信行为。"),
             (60, 290, "2.决定书文号：金人社监罚〔2025〕2288号：违法行为类型：未按规定办理社会保险登记；处"),
             (60, 310, "罚内容：罚款人民币5000元：处罚机关：上海市金山区人力资源和社会保障局；处罚决定日期：202"),
             (60, 330, "5年1月1日。"), (60, 360, "（二）严重失信主体名单"), (60, 380, "未查询到相关记录。"),
             (300, 440, "国家公共信用信息中心"), (300, 465, "报告生成时间：2025年7月26日")]
    _, got = facts_of(lines, kind="credit_report")
    assert got["penalties"] == [
        {"number": "（沪金）应急罚〔2022〕234号", "date": "2022-06-25", "serious": True, "authority": "上海市金山区应急管理局"},
        {"number": "金人社监罚〔2025〕2288号", "date": "2025-01-01", "serious": False,
         "authority": "上海市金山区人力资源和社会保障局"},
    ]


def test_a_title_wrapped_onto_two_lines_of_the_same_type_is_read_whole():
    lines = [(60, 40, "信用中国  www.creditchina.gov.cn"), (300, 62, "报告生成时间：2025年7月26日08:54"),
             (205, 95, "法人和非法人组织", 17), (205, 118, "公共信用信息报告", 17),
             (60, 160, "报告编号：XYZG2025072629808014"), (60, 185, "机构名称：上海宸昊生物科技股份有限公司"),
             (60, 210, "统一社会信用代码：9131011684249365XD"), (60, 235, "出具单位：国家公共信用信息中心")]
    _, got = facts_of(lines, kind="credit_report")
    assert got["title"] == "法人和非法人组织公共信用信息报告"
    # a line above in the body's type is not the title's first line
    lines[2] = (60, 95, "查询对象：法人和非法人组织")
    _, got = facts_of(lines, kind="credit_report")
    assert got["title"] == "公共信用信息报告"


def test_a_scanned_title_is_told_by_its_characters_pitch_where_a_tables_boxes_are_as_tall():
    """OCR boxes a table's cells taller than the body's lines: the title's box is hardly taller than the median
    row, but its characters are 1.7 times as wide; the title carries no cue word of the kind."""
    def at(text, box):
        return Span(text=text, page=1, bbox=box, confidence=0.95, source="ocr")

    spans = [at("市场主体信用信息简版报告", (375, 135, 869, 172)), at("编号：沪信简〔2025〕238号", (474, 205, 764, 230)),
             at("信息主体：上海海祥智能装备有限公司", (125, 270, 530, 294)),
             at("统一社会信用代码：91310116934640756A", (125, 314, 598, 340))]
    for i, (a, b) in enumerate((("信息类别", "近三年内（条）"), ("行政处罚", "0"), ("严重失信主体名单", "0"), ("经营异常名录", "0"))):
        y = 387 + 52 * i
        spans += [at(a, (125, y, 125 + 24 * len(a), y + 33)), at(b, (659, y, 659 + 24 * len(b), y + 33))]
    spans += [at("上海市公共信用信息服务中心", (600, 700, 912, 730)), at("出具日期：2025年2月1日", (600, 745, 880, 771))]
    doc = DocumentText(file="简版报告.jpg", sha256="x", pages=[1], type="credit_report", spans=spans)
    assert extract_facts(doc, policy(), date(2025, 12, 31)).get("title") == "市场主体信用信息简版报告"


def test_a_record_whose_tags_closing_bracket_ocr_lost_is_still_a_record():
    lines = [(200, 60, "市场主体信用信息简版报告", 20), (60, 110, "编号：沪信简（2025)11号"), (60, 135, "信息主体：上海新航五金制品有限公司"),
             (60, 160, "统一社会信用代码：91310116MA15H9TFUQ"), (60, 200, "记录明细（[严重]为严重违法失信行为）"),
             (60, 225, "[一般〕2021-09-05上海市金山区市场监督管理局金市监罚〔2021〕2580号"),
             (60, 250, "[一般2020-09-07上海市金山区城市管理行政执法局第22088090161904号"),
             (300, 320, "上海市公共信用信息服务中心"), (300, 345, "出具日期：2025年2月3日")]
    _, got = facts_of(lines, kind="credit_report")
    assert [(p["number"], p["date"], p["authority"]) for p in got["penalties"]] == [
        ("金市监罚〔2021〕2580号", "2021-09-05", "上海市金山区市场监督管理局"),
        ("第22088090161904号", "2020-09-07", "上海市金山区城市管理行政执法局")]


def test_a_sentence_that_opens_again_ends_the_one_whose_full_stop_ocr_lost():
    lines = [(60, 60, "DB31/T 1390—2022"), (60, 100, "工业阀门安全要求"), (60, 160, "前言"),
             (60, 190, "本文件由上海市市场监督管理局提出并组织实施"),
             (60, 215, "本文件由上海市金山区升鑫医疗器械有限公司、上海市计量测试技术研究院共同起草。"),
             (60, 240, "本文件主要起草人：许芳雪、夏勇辉。"), (200, 300, "上海市市场监督管理局发布")]
    _, got = facts_of(lines, kind="standard")
    assert got["drafting_units"] == ["上海市金山区升鑫医疗器械有限公司", "上海市计量测试技术研究院"]


def test_a_registered_bodys_name_with_one_character_misread_is_written_as_registered_with_a_note():
    from pipeline.bodies import registered_form

    name, note = registered_form("上海市公共信用信焦服务中心")
    assert name == "上海市公共信用信息服务中心" and "信焦" in note and "请核对原件" in note
    assert registered_form("上海市公共信用信息服务中心") == ("上海市公共信用信息服务中心", None)
    assert registered_form("上海市金山区某某精密机械有限公司") == ("上海市金山区某某精密机械有限公司", None)
    lines = [(200, 60, "市场主体信用信息简版报告", 20), (60, 110, "编号：沪信简（2025)11号"), (60, 135, "信息主体：上海新航五金制品有限公司"),
             (60, 200, "记录明细"), (60, 225, "无记录。"), (300, 320, "上海市公共信用信焦服务中心"), (300, 345, "出具日期：2025年2月3日")]
    f, got = facts_of(lines, kind="credit_report")
    assert got["issuer"] == "上海市公共信用信息服务中心"
    assert "信焦" in f.fields["issuer"].note


def test_a_notices_title_that_ocr_opened_with_guan_gan_opens_with_guanyu():
    lines = [(150, 60, "上海市质量协会", 20), (150, 100, "沪质协〔2024〕165号"),
             (80, 140, "关干公布2024年度上海市重点产品质量攻关成果奖评审结果的通知", 18),
             (60, 190, "各会员单位："), (80, 215, "经组织评审，现将结果予以公布。"), (300, 300, "上海市质量协会"), (300, 325, "2024年9月17日")]
    f, got = facts_of(lines, kind="award_notice")
    assert got["title"] == "关于公布2024年度上海市重点产品质量攻关成果奖评审结果的通知"
    assert "关干" in f.fields["title"].note


def _ocr(text, box):
    return Span(text=text, page=1, bbox=box, confidence=0.95, source="ocr")


def test_a_body_line_ocr_boxed_as_tall_as_the_title_is_not_part_of_the_title_zone():
    """A letter to the bureau (…的报告) that lists a management-system certificate among its honours: the body line
    with quotes and brackets is boxed as tall as the title, but its characters are the body's."""
    from pipeline.classify import classify_spans

    body = ["上海市金山区市场监督管理局：", "我公司上海恒远智能装备有限公司成立于2001年，主要从事色纺纱线的",
            "研发与生产。2025年度我公司取得以下质量荣誉：", "1.2025年6月10日获得上海市标准创新贡献奖标准项目奖二",
            "监标技〔2025]37号），依据实施细则第七条申请奖励。", "2.2025年7月1日获得上海市企业标准“领跑者”(沪市监标",
            "23号），依据实施细则第九条申请奖励。", "3.2025年6月2日获得质量管理体系认证证书，依据实施细则第十六条申",
            "请奖励。", "以上合计申请奖励资金10万元。相关证明材料附后，请予审核。", "特此报告。"]
    spans = [_ocr("关于申请2026年度金山区质量发展专项资金的报告", (150, 100, 150 + 38 * 24, 147))]
    for i, t in enumerate(body):
        h = 46 if "“" in t else 40
        w = sum(15 if ord(c) < 0x80 else 27 for c in t)  # 27 px per 汉字, about half that per digit
        spans.append(_ocr(t, (120, 200 + 60 * i, 120 + w, 200 + 60 * i + h)))
    spans += [_ocr("上海恒远智能装备有限公司", (700, 900, 1024, 940)), _ocr("2026年4月19日", (720, 960, 980, 1000))]
    v = classify_spans(1, spans)
    assert (v.type, v.title) == ("other", True)


def test_a_titles_last_words_on_a_short_line_of_the_same_pitch_are_in_the_title_zone():
    from pipeline.classify import classify_spans

    spans = [_ocr("上海市市场监督管理局", (300, 80, 607, 119)), _ocr("沪市监标技〔2024〕258号", (330, 140, 500, 159)),
             _ocr("关于同意组建上海市化工园区安全标准化技术委员会", (150, 200, 150 + 19 * 23, 227)),
             _ocr("的批复", (330, 232, 391, 255)), _ocr("上海铂岚环境检测技术有限公司：", (100, 290, 100 + 14 * 15, 310))]
    for i, t in enumerate(["你单位《关于申请组建上海市化工园区安全标准化技术委员会的请示》", "收悉。经研究，同意组建上海市化工园区安全标准化技术委员会（编号：",
                           "SH/TC 043)，秘书处设在你单位。", "请按照有关规定做好技术委员会的组建工作。"]):
        spans.append(_ocr(t, (100, 330 + 40 * i, 100 + 14 * len(t), 330 + 40 * i + 23)))
    v = classify_spans(1, spans)
    assert (v.type, v.title) == ("approval", True)


def test_an_employer_in_the_sentence_about_the_person_on_the_line_under_the_salutation():
    lines = [(240, 80, "荣誉证书"), (120, 130, "曹涛红同志："), (120, 160, "曹涛红同志系上海飞彤汽车零部件（集团）有限公司"),
             (120, 185, "检验班组长，在推进质量提升和标准化工作中表现突出"), (120, 210, "经评审，被授予2024年度“上海市质量金奖个人奖”荣誉"),
             (120, 235, "称号。"), (140, 260, "特发此证。"), (300, 400, "上海市质量工作领导小组办公室"), (300, 430, "二〇二四年十一月二十八日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert (got["recipient"], got["employer"]) == ("曹涛红", "上海飞彤汽车零部件（集团）有限公司")


def test_a_day_ocr_read_with_you_for_ri_and_guan_gan_inside_a_title():
    (d,) = find_dates("2025年09月29由")
    assert d.value == date(2025, 9, 29) and "由" in d.note
    lines = [(80, 100, "国家市场监督管理总局关干授予2024年度中国标准创新贡献奖标准项目奖的决定", 16),
             (60, 150, "各省、自治区、直辖市市场监管局："), (80, 175, "经评审，决定授予下列项目2024年度中国标准创新贡献奖标准项目奖。"),
             (300, 260, "国家市场监督管理总局"), (300, 285, "2024年10月8日")]
    _, got = facts_of(lines, kind="award_notice")
    assert got["title"] == "国家市场监督管理总局关于授予2024年度中国标准创新贡献奖标准项目奖的决定"


def test_a_quoted_honour_without_the_usual_words_before_chenghao_in_a_sentence_loses_its_quotes():
    lines = [(240, 80, "证书"), (120, 140, "为表彰先进、树立典型，经组织评审和"), (120, 165, "社会公示，决定授予上海市金山区天逸新材"),
             (120, 190, "料科技有限公司2024年度“全国质量信得过"), (120, 215, "班组”称号。"), (140, 240, "特发此证，以资鼓励。"),
             (300, 400, "中国质量协会"), (300, 430, "二〇二四年十月八日")]
    _, got = facts_of(lines, kind="award_certificate")
    assert got["honour"] == "全国质量信得过班组"
