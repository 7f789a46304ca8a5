"""A credit report's penalties in a wide table ruled only above, under the header and below, with narrow cells:
OCR (and a text layer read loosely) joins neighbouring cells; the report's other categories as `name：无`."""

from __future__ import annotations

from datetime import date

from models.reading import DocumentText, Span
from pipeline.extract.documents import extract_facts
from tests.docmaker import policy
from tests.pdfmaker import text_pdf


def _span(text, x, y, h=12.0):
    w = sum(h * (1.0 if ord(c) > 0x2000 else 0.55) for c in text)
    return Span(text=text, page=1, bbox=(x, y, x + w, y + h), confidence=0.99, source="ocr")


HEAD = [_span("企业公共信用信息报告", 190, 60, 20), _span("报告编号：20256027-85856077", 54, 107),
        _span("出具日期：2025年4月16日", 304, 107), _span("统一社会信用代码：91310116MA16A27T2L", 54, 129),
        _span("出具机构：上海市公共信用信息服务中心", 304, 129), _span("企业名称：上海联丰五金制品有限公司", 54, 151),
        _span("一、行政处罚信息", 54, 180, 13)]
TAIL = [_span("二、其他信用信息", 54, 360, 13), _span("严重失信主体名单信息：无", 76, 384), _span("经营异常名录信息：无", 76, 406),
        _span("上海市公共信用信息服务中心", 380, 450)]


def test_cells_ocr_joined_are_cut_under_their_columns_and_a_row_whose_number_was_lost_is_a_record():
    rows = [
        # 序号 and the number's header joined; cells joined at a space, and where 汉字 meet a date's digits
        [_span("序号行政处罚决定书文号", 56, 207, 11), _span("处罚事由", 214, 207, 11), _span("处罚结果", 307, 207, 11),
         _span("处罚机关", 401, 207, 11), _span("处罚日期", 485, 207, 11)],
        [_span("1", 57, 229), _span("金环罚〔2021〕232号 超标排放大气污染物", 85, 229), _span("罚款人民币5000", 285, 229),
         _span("上海市金山区生态环境 2021-11-04", 373, 229)],
        [_span("元", 283, 243), _span("局", 372, 243)],
        [_span("2", 57, 262), _span("第72258428175035号", 84, 262), _span("擅自设置户外广告设", 185, 262),
         _span("罚款人民币30000", 285, 262), _span("上海市金山区城市管理2020-04-28", 370, 262)],
        [_span("施", 188, 276), _span("元", 286, 276), _span("行政执法局", 374, 276)],
        # the 序号 "3" lost: every other cell filled, the date whole
        [_span("金市监罚〔2022〕766号", 82, 300), _span("销售不合格产品", 185, 300), _span("罚款人民币2000元", 285, 300),
         _span("上海市金山区市场监督管理局", 370, 300), _span("2022-07-19", 480, 300)],
    ]
    spans = HEAD + [s for row in rows for s in row] + TAIL
    doc = DocumentText(file="信用报告.pdf", sha256="x", pages=[1], type="credit_report", spans=spans)
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert [(p["number"], p["date"], p["authority"]) for p in got["penalties"]] == [
        ("金环罚〔2021〕232号", "2021-11-04", "上海市金山区生态环境局"),
        ("第72258428175035号", "2020-04-28", "上海市金山区城市管理行政执法局"),
        ("金市监罚〔2022〕766号", "2022-07-19", "上海市金山区市场监督管理局")]
    assert got["sections"]["dishonest"] == "none" and got["sections"]["abnormal"] == "none"


def test_a_text_layer_splits_cells_at_a_gap_beside_chinese_characters():
    """Cells with narrow padding: a gap of under a character between two cells' Chinese text is still a column's
    edge (Chinese is set without word spaces)."""
    from pipeline.intake import _file
    from pipeline.read import read_file

    ft = read_file(_file("t.pdf", text_pdf([[(60, 100, "上海市金山区应急管理", 10), (168, 100, "2020年4月7日", 10),
                                              (60, 130, "Quality management system", 10)]])))
    texts = [s.text for s in ft.pages[0].spans]
    assert "上海市金山区应急管理" in texts and "2020年4月7日" in texts
    assert "Quality management system" in texts  # word spaces between Latin words stay inside the span


def test_a_wrapped_second_line_filling_every_cell_stays_its_records():
    """号 | 施 | 元 | 行政执法局 | 2022年9月4 — a record's wrapped tails under every column — is no new record."""
    rows = [
        [_span("序号", 62, 201, 11), _span("行政处罚决定书文号", 92, 201, 11), _span("处罚事由", 218, 201, 11),
         _span("处罚结果", 313, 201, 11), _span("处罚机关", 406, 201, 11), _span("处罚日期", 492, 201, 11)],
        [_span("1", 59, 219), _span("第33904538818829", 89, 219), _span("擅自设置户外广告设", 191, 219),
         _span("罚款人民币5000", 288, 219), _span("上海市金山区城市管理", 377, 219)],
        [_span("号", 90, 232), _span("施", 193, 232), _span("元", 290, 232), _span("行政执法局", 375, 232),
         _span("2022年9月4", 479, 232)],
        [_span("日", 481, 247)],
    ]
    spans = HEAD + [s for row in rows for s in row] + TAIL
    doc = DocumentText(file="信用报告.pdf", sha256="x", pages=[1], type="credit_report", spans=spans)
    got = {k: v.value for k, v in extract_facts(doc, policy(), date(2025, 12, 31)).fields.items()}
    assert [(p["number"], p["date"], p["authority"]) for p in got["penalties"]] == [
        ("第33904538818829号", "2022-09-04", "上海市金山区城市管理行政执法局")]
