"""The 申报表: read from Word, Excel and PDF forms (applicant, rows, amounts, total), its rows mapped to catalog
items, and declared compared with supported in the draft. The statuses one by one are policy cases
(tests/policy/declared.yaml); here the reading and the packet end to end."""

import io
import re
from datetime import date
from types import SimpleNamespace

import pytest

from models.draft import Period
from pipeline.classify import split_and_classify
from pipeline.extract.documents import extract_facts
from pipeline.extract.readers.form import header_role, header_unit, parse_amount, parse_article
from pipeline.intake import _file
from pipeline.read import read_file
from samples.render.office import docx_bytes, xlsx_bytes
from tests import officemaker as om
from tests.docmaker import policy

AS_OF = date(2026, 3, 31)


def form_facts(name: str, data: bytes, use_ocr: bool = False):
    docs = split_and_classify(read_file(_file(name, data), use_ocr=use_ocr))
    assert [d.type for d in docs] == ["application_form"], [(d.type, d.type_evidence) for d in docs]
    return extract_facts(docs[0], policy(), AS_OF)


def _check_form(f, exact: bool = True):
    assert f.get("applicant") == om.APPLICANT
    assert f.get("uscc") == om.USCC
    assert f.get("contact") == "李明"
    assert f.get("date") == "2026-03-20"
    rows = f.get("declared_items")
    assert [(r["text"], r["article"], r["clause"], r["amount_yuan"]) for r in rows] == [
        ("上海市质量金奖", 5, 2, 300000),
        ("上海市重点产品质量攻关成果奖二等奖", 7, 3, 100000),
        ("上海市标准化试点项目", None, None, 50000),
    ]
    assert f.get("declared_total") == 450000
    assert all(r["evidence"] for r in rows)
    return rows


def test_a_word_form_is_read():
    rows = _check_form(form_facts("申报表.docx", om.form_docx()))
    ev = rows[0]["evidence"]
    # evidence names the place in the file: Word and Excel files have no pages to crop from
    assert ev[0].page is None and ev[0].source == "office" and ev[0].location.startswith("表格 1 第 6 行")


def test_an_excel_form_is_read():
    rows = _check_form(form_facts("申报表.xlsx", om.form_xlsx()))
    assert rows[0]["evidence"][0].location.startswith("工作表“申报表” A7")


def test_a_text_layer_pdf_form_is_read_from_its_ruled_table():
    _check_form(form_facts("申报表.pdf", pdf_form(om.FORM_LINES, "text_layer")))


@pytest.mark.slow
def test_a_scanned_form_is_read_by_ocr_and_its_table_rules():
    _check_form(form_facts("申报表.jpg", pdf_form(om.FORM_LINES, "clean_scan"), use_ocr=True))


def pdf_form(lines, page_kind: str) -> bytes:
    """The form drawn as a PDF (text layer) or a scan, by the sample generator's form layout."""
    from samples.build import render_file
    from samples.truth_model import FileTruth

    name = "申报表.pdf" if page_kind == "text_layer" else "申报表.jpg"
    f = FileTruth.model_validate({"file": name, "page_kind": page_kind,
                                  "documents": [{"type": "application_form", "pages": [1]}],
                                  "pages": [{"page": 1, "layout": "form", "lines": lines}]})
    return render_file(SimpleNamespace(packet="test", applicant=SimpleNamespace(name=om.APPLICANT)), f)


def test_amounts_in_every_way_a_form_writes_them():
    assert parse_amount("30", 10_000) == (300000, None)
    assert parse_amount("300,000", 1) == (300000, None)
    assert parse_amount("300000", None)[0] == 300000
    assert parse_amount("叁拾万元整", None) == (300000, None)
    assert parse_amount("30万元", 1) == (300000, None)  # the cell's own unit wins over the header's
    assert parse_amount("15.5万", None) == (155000, None)
    assert parse_amount("￥300,000.00", None)[0] == 300000
    yuan, note = parse_amount("30", None)
    assert yuan == 300000 and "未注明单位，按万元计" in note
    assert parse_amount("", 10_000) == (None, None) and parse_amount("—", 1) == (None, None)
    assert header_unit("申报金额（万元）") == 10_000 and header_unit("申请金额(元)") == 1
    assert header_unit("申报金额") is None


def test_articles_in_every_way_a_form_writes_them():
    assert parse_article("第五条第（二）项") == (5, 2)
    assert parse_article("第五条（二）") == (5, 2)
    assert parse_article("第5条第2项") == (5, 2)
    assert parse_article("5.2") == (5, 2)
    assert parse_article("五（二）") == (5, 2)
    assert parse_article("第十四条") == (14, None)
    assert parse_article("第二十二条") == (22, None)
    assert parse_article("") == (None, None)


def test_header_words_come_from_the_kind():
    assert header_role("申报金额（万元）") == "amount"
    assert header_role("政策条款") == "article"
    assert header_role("申报项目名称") == "item"
    assert header_role("获得时间") == "date"
    assert header_role("上海市质量金奖") is None


def test_rows_without_rules_are_read_under_their_header():
    """A form printed without table rules (text aligned in columns): read under its header row."""
    from tests.docmaker import read_lines

    lines = [(200, 60, "金山区质量发展专项资金申报表"), (60, 110, "申报单位：" + om.APPLICANT),
             (60, 160, "序号"), (110, 160, "申报项目"), (380, 160, "申报金额（元）"),
             (60, 190, "1"), (110, 190, "上海市质量金奖"), (380, 190, "300,000"),
             (60, 220, "2"), (110, 220, "国家级标准化试点项目"), (380, 220, "200,000"),
             (60, 260, "本单位承诺以上内容真实。")]
    doc = read_lines(lines, name="申报表.pdf", size=12)[0]
    assert doc.type == "application_form"
    f = extract_facts(doc, policy(), AS_OF)
    assert f.get("applicant") == om.APPLICANT
    assert [(r["text"], r["amount_yuan"]) for r in f.get("declared_items")] == [
        ("上海市质量金奖", 300000), ("国家级标准化试点项目", 200000)]


# ------------------------------------------------------------------------------------------------ the packet

FORM_P01 = [
    "金山区质量发展专项资金申报表",
    ["申报单位（盖章）", om.APPLICANT],
    ["统一社会信用代码", om.USCC],
    ["联系人", "李明", "联系电话", "13916881234"],
    ["序号", "政策条款", "申报项目", "获得时间", "申报金额（万元）"],
    ["1", "第五条第（二）项", "上海市质量金奖", "2025年12月", "30"],
    ["2", "第十九条", "检验检测机构资质认定证书（CMA）", "2025年3月", "5"],
    ["合计", "", "", "", "35"],
]


def packet_with_form(tmp_path, form_name: str, form: bytes):
    """A text-layer packet (no OCR needed): licence, credit report, a 质量金奖 certificate, and the 申报表."""
    from tests.pdfmaker import text_pdf

    folder = tmp_path / "packet"
    folder.mkdir()
    (folder / "营业执照.pdf").write_bytes(text_pdf([[
        (200, 60, "营业执照"), (72, 120, f"统一社会信用代码 {om.USCC}"), (72, 150, f"名称 {om.APPLICANT}"),
        (72, 180, "类型 有限责任公司（自然人投资或控股）"), (72, 210, "法定代表人 陈建国"),
        (72, 240, "住所 上海市金山区亭林镇林盛路88号3幢"), (72, 270, "成立日期 2016年05月18日"),
        (72, 300, "登记机关 上海市金山区市场监督管理局")]]))
    (folder / "信用报告.pdf").write_bytes(text_pdf([[
        (100, 60, "市场主体专用信用报告（有无违法违规记录证明版）"), (72, 100, "报告编号：XYBG2026031700158"),
        (72, 130, f"报告主体：{om.APPLICANT}"), (72, 160, f"统一社会信用代码：{om.USCC}"),
        (72, 190, "出具日期：2026年03月17日"), (72, 220, "行政处罚信息 0"), (72, 250, "严重失信主体名单信息 0"),
        (72, 280, "经营（活动）异常名录信息 0"), (300, 400, "上海市公共信用信息服务中心"), (330, 430, "2026年03月17日")]]))
    (folder / "荣誉证书.pdf").write_bytes(text_pdf([[
        (230, 80, "荣誉证书"), (72, 160, f"{om.APPLICANT}："), (100, 200, "你单位荣获2025年度"),
        (180, 240, "上海市质量金奖"), (100, 280, "特发此证，以资鼓励。"), (300, 400, "上海市质量工作领导小组"),
        (320, 430, "二〇二五年十二月十八日")]], size=16))
    (folder / form_name).write_bytes(form)
    return folder


@pytest.fixture(scope="module")
def docx_draft(tmp_path_factory):
    from pipeline.intake import open_packet
    from pipeline.process import ProcessOptions, run_packet

    folder = packet_with_form(tmp_path_factory.mktemp("p"), "申报表.docx", docx_bytes(FORM_P01))
    opts = ProcessOptions(as_of=AS_OF, period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)), use_ocr=False)
    return run_packet(open_packet(folder), opts)


def test_a_packet_with_a_word_form_says_declared_against_supported(docx_draft):
    d = docx_draft.draft
    assert {r.file: r.type for r in d.documents}["申报表.docx"] == "application_form"
    assert [c.item_id for c in d.claims] == ["art05-2-shanghai-quality-gold-award-org"]
    assert d.declared.file == "申报表.docx" and d.declared.applicant == om.APPLICANT
    assert d.declared.total_yuan == 350000
    assert [(i.item_id, i.amount_yuan) for i in d.declared.items] == [
        ("art05-2-shanghai-quality-gold-award-org", 300000), ("art19-cma-first-certification", 50000)]
    assert [(c.status, c.declared_yuan, c.supported_yuan) for c in d.declared_vs_supported] == [
        ("matched", 300000, 300000), ("declared_not_found", 50000, 0)]
    assert d.flags[0].startswith("申报 2 项 35 万元，材料支持 1 项 30 万元；其中 1 项申报但未见材料")
    assert d.declared.summary == d.flags[0]


# ------------------------------------------------------------------------------------------------ the renderings

def test_review_json_carries_the_declaration_and_validates(docx_draft, tmp_path):
    import json

    import jsonschema

    from pipeline.render import write_outputs
    from tests.conftest import ROOT

    paths = write_outputs(docx_draft.draft, tmp_path, formats=("json",), sources=docx_draft.sources)
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "review-draft.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["declared"]["summary"] == data["flags"][0]
    assert [(x["status"], x["declared_yuan"], x["supported_yuan"], x["claim_ids"])
            for x in data["declared_vs_supported"]] == [("matched", 300000, 300000, ["C01"]),
                                                         ("declared_not_found", 50000, 0, [])]
    row = data["declared"]["items"][0]
    assert row["evidence"][0]["location"].startswith("表格 1 第 5 行") and row["evidence"][0]["page"] is None


def test_review_html_shows_declared_against_supported(docx_draft):
    from pipeline.render.html import render_html

    page = render_html(docx_draft.draft, docx_draft.sources, docx_draft.rotations)
    section = page[page.index('id="declared"'):page.index("一、申报主体信息来源")]
    assert "申报 2 项 35 万元，材料支持 1 项 30 万元" in section
    assert section.count("<tr>") == 3  # the header and one line per item
    assert "上海市质量金奖（组织）" in section and "30 万元" in section and 'href="#claim-C01"' in section
    assert "一致" in section and "申报但未见材料" in section and "材料中未见" in section
    assert "首次取得检验检测机构资质认定证书（CMA）" in section
    # the form's rows with where they were read: a Word file has no page to crop, so its place is named
    assert "表格 1 第 6 行" in section and "Word/Excel 原文" in section


def test_review_docx_shows_declared_against_supported(docx_draft):
    import docx

    from pipeline.render.docx import render_docx

    d = docx.Document(io.BytesIO(render_docx(docx_draft.draft)))
    paras = [p.text for p in d.paragraphs]
    assert any(t.endswith("、申报与材料比对") for t in paras)
    assert any(t.startswith("申报 2 项 35 万元，材料支持 1 项 30 万元") for t in paras)
    heads = [t for t in paras if re.match(r"^[一二三四五六七八九十]、", t)]
    assert [h[0] for h in heads] == list("一二三四五六七八九十")[:len(heads)]  # numbered as they come
    table = next(t for t in d.tables if [c.text for c in t.rows[0].cells][6:7] == ["比对结果"])
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0][2].startswith("上海市质量金奖（组织）") and rows[0][3:7] == ["30 万元", "30 万元", "C01", "一致"]
    assert rows[1][6] == "申报但未见材料" and rows[2][1] == "申报合计" and rows[2][3] == "35 万元"
