"""Credit-report records printed as lines rather than tables: numbered entries of label：value pairs, and one record
per line behind a bracketed tag; the report's own date is never a record."""

from __future__ import annotations

from tests.docmaker import facts_of

HEAD = [(60, 60, "法人和非法人组织公共信用信息报告"), (60, 90, "报告编号：XYZG2025033020532459"),
        (60, 120, "机构名称：上海金山恒达新材料科技有限公司"), (60, 150, "统一社会信用代码：91310116MA1FL2K3X9")]


def _lines(texts, top=200):
    return [(60, top + 28 * i, t) for i, t in enumerate(texts)]


def test_numbered_entries_of_label_value_pairs_over_wrapped_lines():
    lines = HEAD + _lines([
        "（一）行政管理信息——行政处罚",
        "1．决定书文号：（沪金）应急罚〔2021〕2216号；违法行为类型：未按规定开展安全生产教育",
        "和培训；处罚内容：警告；处罚机关：上海市金山区应急管理局；处罚决定日",
        "期：2021年06月18日。该记录属严重违法失信行为。",
        "2．决定书文号：金环罚〔2025〕2155号；处罚机关：上海市金山区生态环境局；处罚决定日期：2025年01月25日。",
        "（二）严重失信主体名单",
        "1．名单类型：重大税收违法失信主体名单；列入日期：2021年11月23日；认定部门：国家税务",
        "总局上海市税务局。",
        "（三）经营异常名录",
        "未查询到相关记录。",
    ])
    _, got = facts_of(lines, kind="credit_report")
    assert got["penalties"] == [
        {"number": "（沪金）应急罚〔2021〕2216号", "date": "2021-06-18", "serious": True, "authority": "上海市金山区应急管理局"},
        {"number": "金环罚〔2025〕2155号", "date": "2025-01-25", "serious": False, "authority": "上海市金山区生态环境局"},
    ]
    (listing,) = got["dishonest"]
    assert (listing["list"], listing["date"], listing["authority"]) == \
        ("重大税收违法失信主体名单", "2021-11-23", "国家税务总局上海市税务局")
    assert got["abnormal"] == [] and got["sections"]["abnormal"] == "none"


def test_one_record_per_line_behind_a_bracketed_tag():
    lines = HEAD + _lines([
        "记录明细（〔严重〕为严重违法失信行为）",
        "〔一般〕2020-03-12国家税务总局上海市金山区税务局沪金税简罚〔2020〕2570号",
        "〔严重〕2019-12-29上海市金山区城市管理行政执法局第69099281031115号",
        "〔名单〕2021-09-06列入重大税收违法失信主体名单（国家税务总局上海市税务局）",
        "〔异常〕2023-09-21未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告，2023-12-04",
        "移出",
        "出具日期：2025年3月25日",
    ])
    _, got = facts_of(lines, kind="credit_report")
    assert got["penalties"] == [
        {"number": "沪金税简罚〔2020〕2570号", "date": "2020-03-12", "serious": False,
         "authority": "国家税务总局上海市金山区税务局"},
        {"number": "第69099281031115号", "date": "2019-12-29", "serious": True, "authority": "上海市金山区城市管理行政执法局"},
    ]
    assert [(x["list"], x["authority"]) for x in got["dishonest"]] == [("重大税收违法失信主体名单", "国家税务总局上海市税务局")]
    assert got["abnormal"] == [{"date": "2023-09-21", "reason": "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
                                "removed": "2023-12-04"}]
    assert got["report_date"] == "2025-03-25"


def test_the_reports_own_date_under_a_section_heading_is_not_a_record():
    # the matrix as OCR reads it: the counts of 行政处罚 a line above its label, so the label stands alone
    lines = HEAD + [(60, 200, "信息类别"), (300, 200, "近三年内（条）"), (450, 200, "三年以前（条）"),
                    (300, 226, "0"), (450, 226, "0"), (60, 242, "行政处罚"),
                    (60, 270, "严重失信主体名单"), (300, 270, "0"), (450, 270, "0")]
    lines += _lines(["记录明细（〔严重〕为严重违法失信行为）", "无记录。", "上海市公共信用信息服务中心", "出具日期：2025年3月13日"],
                    top=300)
    _, got = facts_of(lines, kind="credit_report")
    assert got["penalties"] == [] and got["report_date"] == "2025-03-13"


def test_an_authority_read_one_look_alike_character_off_a_place_name_is_corrected():
    from pipeline.bodies import fix_region

    lines = HEAD + _lines(["（一）行政管理信息——行政处罚",
                           "1．决定书文号：金环罚〔2025〕2155号；处罚机关：土海市金山区生态环境局；处罚决定日期：2025年01月25日。"])
    f, got = facts_of(lines, kind="credit_report")
    assert got["penalties"][0]["authority"] == "上海市金山区生态环境局"
    assert "土海市金山区生态环境局" in f.fields["penalties"].note
    # a real place name, or one off by a character that is no look-alike, stays as read
    assert fix_region("上海市金山区生态环境局") == ("上海市金山区生态环境局", None)
    assert fix_region("江苏省苏州市生态环境局") == ("江苏省苏州市生态环境局", None)
    assert fix_region("北海市生态环境局") == ("北海市生态环境局", None)


def test_a_doc_number_whose_year_brackets_do_not_pair_is_written_as_the_standard_gives():
    from pipeline.extract.values import year_brackets

    assert year_brackets("金环罚（2024〕2757号") == "金环罚〔2024〕2757号"  # OCR took one 〔 for （
    assert year_brackets("沪信简（2025)177号") == "沪信简（2025)177号"  # round both: as printed
    assert year_brackets("沪金税简罚〔2020〕2570号") == "沪金税简罚〔2020〕2570号"
    assert year_brackets("沪金税简罚[2020]2570号") == "沪金税简罚[2020]2570号"  # a pair of one kind: as printed
    assert year_brackets("沪金税简罚〔2020]2570号") == "沪金税简罚〔2020〕2570号"  # two square ones, no pair: OCR's


def test_a_record_whose_date_label_wrapped_onto_its_own_line_is_one_record():
    lines = HEAD + _lines(["（一）行政管理信息——行政处罚",
                           "1.决定书文号：（沪金）应急罚〔2023〕1119号；违法行为类型：未按规定开展安全生产教",
                           "育和培训；处罚内容：警告；处罚机关：上海市金山区应急管理局；处罚决定",
                           "日期：2023年2月15日。",
                           "（二）严重失信主体名单", "未查询到相关记录。"])
    _, got = facts_of(lines, kind="credit_report")
    assert got["penalties"] == [{"number": "（沪金）应急罚〔2023〕1119号", "date": "2023-02-15", "serious": False,
                                 "authority": "上海市金山区应急管理局"}]


def test_entries_numbered_with_a_middle_dot_and_a_speck_after_the_years_bracket():
    """A photocopy: OCR reads the full stop of 1． as · and a speck after 〔2024〕 as a dot."""
    lines = HEAD + _lines([
        "（一）行政管理信息——行政处罚",
        "1·决定书文号：金环罚[2024]403号；违法行为类型：超标排放大气污染物；处罚内容：罚",
        "款人民币2000元；处罚机关：上海市金山区生态环境局；处罚决定日期：2024年04月17日。",
        "2·决定书文号：沪金税简罚〔2024〕.691号；处罚机关：国家税务总局上海市金山区税务局；处罚决定日期：2024年03月03日。",
        "（二）严重失信主体名单",
        "未查询到相关记录。",
    ])
    _, got = facts_of(lines, kind="credit_report")
    assert [(p["number"], p["date"]) for p in got["penalties"]] == [
        ("金环罚[2024]403号", "2024-04-17"), ("沪金税简罚〔2024〕691号", "2024-03-03")]


def test_a_tagged_records_number_keeps_the_region_in_brackets_before_it():
    lines = HEAD + _lines([
        "记录明细（〔严重〕为严重违法失信行为）",
        "〔一般〕2021-01-18上海市金山区应急管理局（沪金）应急罚〔2021〕1984号",
        "出具日期：2025年3月25日",
    ])
    _, got = facts_of(lines, kind="credit_report")
    assert [(p["number"], p["authority"]) for p in got["penalties"]] == [("（沪金）应急罚〔2021〕1984号", "上海市金山区应急管理局")]


def test_records_as_boxed_cards_of_label_value_pairs_two_to_a_line():
    # The app's layout: a heading with its count, then one boxed card per record headed 记录N, its particulars as
    # label：value pairs two to a line. The stacked boxes are found as one ruled table whose cells hold whole
    # cards; that is no key/value table, so the cards' lines are read as rows, each card one record.
    from datetime import date

    from pipeline.classify import split_and_classify
    from pipeline.extract.documents import extract_facts
    from pipeline.intake import _file
    from pipeline.read import read_file
    from tests.docmaker import policy
    from tests.pdfmaker import text_pdf

    cards = [("金市监罚〔2023〕1466号", "2023年06月19日", "上海市金山区市场监督管理局"),
             ("金消行罚决字〔2022〕265号", "2022年12月14日", "上海市金山区消防救援支队")]
    lines = [(200, 60, "企业信用报告", 20), (60, 110, "企业名称：上海金山恒达新材料科技有限公司", 10),
             (60, 130, "统一社会信用代码：91310116MA1FL2K3X9", 10), (300, 130, "报告编号：XYSH25032271649879", 10),
             (60, 150, "生成时间：2025-03-2209:40:09", 10), (300, 150, "出具机构：上海市公共信用信息服务中心", 10),
             (60, 190, "行政处罚信息（2条）", 12.5)]
    rules, top = [], 210
    for k, (no, day, auth) in enumerate(cards, 1):
        lines += [(70, top + 16, f"记录{k}", 10.5), (72, top + 36, f"决定文书号：{no}", 9.5),
                  (300, top + 36, f"处罚日期：{day}", 9.5), (72, top + 56, f"处罚机关：{auth}", 9.5),
                  (300, top + 56, "处罚事由：销售不合格产品", 9.5)]
        rules += [(64, top, 531, top), (64, top + 66, 531, top + 66), (64, top, 64, top + 66),
                  (531, top, 531, top + 66)]
        top += 78
    lines += [(60, top + 20, "严重失信主体名单信息（1条）", 12.5), (70, top + 50, "记录1", 10.5),
              (72, top + 70, "名单名称：严重违法失信名单", 9.5), (300, top + 70, "列入日期：2022年01月31日", 9.5),
              (72, top + 90, "列入机关：上海市市场监督管理局", 9.5), (60, top + 130, "经营异常名录信息（0条）", 12.5),
              (70, top + 155, "暂无记录", 10.5)]
    docs = split_and_classify(read_file(_file("c.pdf", text_pdf([lines], rules=[rules]))))
    assert [d.type for d in docs] == ["credit_report"]
    got = {k: v.value for k, v in extract_facts(docs[0], policy(), date(2025, 12, 31), []).fields.items()}
    assert got["title"] == "企业信用报告"
    assert got["report_date"] == "2025-03-22"  # the time of day run into the date where the space was lost
    assert got["penalties"] == [{"number": no, "date": f"{day[:4]}-{day[5:7]}-{day[8:10]}", "serious": False,
                                 "authority": auth} for no, day, auth in cards]
    (listing,) = got["dishonest"]
    assert (listing["list"], listing["date"], listing["authority"]) == \
        ("严重违法失信名单", "2022-01-31", "上海市市场监督管理局")
    assert got["sections"]["abnormal"] == "none"
