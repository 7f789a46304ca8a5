"""Word and Excel uploads: sniffed from their parts, read by their structure in the bounded reader, laid out on
notional pages for the geometric readers, and refused with a reason when the package is hostile or broken."""

import time

import pytest

from pipeline.intake import _file
from pipeline.read import ReadError, read_file
from pipeline.read.office import cell_text
from pipeline.read.sandbox import Limits, ReadLimitError, ReadStats, parse_bounded
from pipeline.sniff import DOCX, OFFICE, XLSX, sniff
from samples.render.office import docx_bytes, xlsx_bytes
from tests import officemaker as om


def _read(name, data, **kw):
    return read_file(_file(name, data), use_ocr=False, **kw)


def test_office_files_are_sniffed_from_their_parts():
    assert sniff(om.form_docx()) == (DOCX, None)
    assert sniff(om.form_xlsx()) == (XLSX, None)
    media, reason = sniff(om.pptx_like())
    assert media == OFFICE and "pptx" in reason
    media, reason = sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "打开密码" in reason and "旧版 Office" in reason
    # a damaged package is named from its first local headers, and left to the reader to refuse
    assert sniff(om.form_docx()[:3000])[0] == DOCX


def test_a_word_form_is_read_by_its_structure():
    ft = _read("申报表.docx", om.form_docx())
    (page,) = ft.pages
    assert page.source == "office" and "Word" in page.reason
    (table,) = page.tables
    assert table.source == "office" and table.n_cols == 6
    grid = table.grid()
    assert grid[0][:2] == ["申报单位（盖章）", om.APPLICANT]
    name_cell = next(c for c in table.cells if c.text == om.APPLICANT)
    assert name_cell.col == 1 and name_cell.col_span == 5  # merged across the rest of the row (gridSpan)
    assert grid[5] == ["1", "第五条第（二）项", "上海市质量金奖", "市级", "2025年12月", "30"]
    spans = {s.text: s for s in page.spans}
    assert spans[om.APPLICANT].ref == "表格 1 第 1 行第 2 列"
    title, body = spans["金山区质量发展专项资金申报表"], spans["联系人"]
    assert title.bbox[3] - title.bbox[1] > 1.5 * (body.bbox[3] - body.bbox[1])  # the heading stays larger
    # cells of one table row share a visual row: label and value side by side for the geometric readers
    assert abs(spans["联系人"].bbox[1] - spans["李明"].bbox[1]) < 1 and spans["李明"].bbox[0] > spans["联系人"].bbox[2]
    assert spans["申报日期：2026年3月20日"].bbox[1] > table.bbox[3]


def test_an_excel_form_is_read_cell_by_cell():
    ft = _read("申报表.xlsx", om.form_xlsx())
    (page,) = ft.pages
    assert page.source == "office" and "申报表" in page.reason
    (table,) = page.tables
    grid = table.grid()
    assert grid[0][0] == "金山区质量发展专项资金申报表"
    assert grid[6][-1] == "30"  # written as the number 30, read without ".0"
    spans = {s.text: s for s in page.spans}
    assert spans[om.APPLICANT].ref == "工作表“申报表” B2:F2"
    assert spans["30"].ref == "工作表“申报表” F7"


def test_excel_values_read_as_excel_shows_them():
    from datetime import datetime

    assert cell_text(300000.0) == "300000"
    assert cell_text(15.5) == "15.5"
    assert cell_text(300000, "#,##0") == "300,000"
    assert cell_text(0.5, "0%") == "50%"
    assert cell_text(datetime(2025, 12, 18)) == "2025-12-18"
    assert cell_text(True) == "是" and cell_text(None) == ""


def test_hidden_sheets_and_pictures_are_named_in_a_warning():
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(om.form_xlsx()))
    wb.create_sheet("下拉选项")["A1"] = "第五条"
    wb["下拉选项"].sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    ft = _read("申报表.xlsx", buf.getvalue())
    assert len(ft.pages) == 1 and "隐藏的工作表“下拉选项”" in ft.pages[0].warning


def test_a_page_break_starts_the_next_page_of_a_word_file():
    import io

    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document(io.BytesIO(docx_bytes(["金山区质量发展专项资金申报表", ["申报单位", om.APPLICANT]])))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("承诺书")
    d.add_paragraph("本单位承诺所报材料真实。")
    buf = io.BytesIO()
    d.save(buf)
    ft = _read("申报表.docx", buf.getvalue())
    assert [p.page for p in ft.pages] == [1, 2]
    assert ft.pages[1].spans[0].text == "承诺书" and ft.pages[1].spans[0].page == 2


@pytest.mark.parametrize("make, kind, reason", [
    (lambda: om.bomb("docx"), DOCX, "压缩炸弹"),
    (lambda: om.bomb("xlsx"), XLSX, "压缩炸弹"),
    (om.entity_bomb, DOCX, "XML 炸弹"),
    (lambda: om.broken_part("docx"), DOCX, "结构异常"),
    (lambda: om.form_docx()[:3000], DOCX, "已损坏"),
], ids=["docx-zip-bomb", "xlsx-zip-bomb", "docx-entities", "docx-broken-xml", "docx-truncated"])
def test_hostile_office_files_are_refused_in_the_bounded_reader(make, kind, reason):
    data = make()
    stats = ReadStats()
    started = time.monotonic()
    with pytest.raises(ReadLimitError) as e:
        list(parse_bounded(data, kind, render=False, stats=stats))
    assert reason in str(e.value)
    assert time.monotonic() - started < 20
    assert stats.items == 0 and 0 < stats.peak_mb < 400  # the child said why, having inflated nothing


def test_a_zip_bomb_in_a_docx_is_a_document_error_in_the_draft():
    with pytest.raises(ReadError) as e:
        _read("申报表.docx", om.bomb("docx", 120))
    assert "word/document.xml" in str(e.value) and "120 MB" in str(e.value)


@pytest.mark.slow
def test_a_large_sheet_is_read_in_part_and_a_small_memory_limit_holds():
    data = om.big_sheet(3000)
    ft = _read("明细.xlsx", data)
    assert "只读取了前 500 行" in ft.pages[0].warning
    with pytest.raises(ReadLimitError) as e:
        list(parse_bounded(data, XLSX, render=False, limits=Limits(memory_bytes=200 * 1024 * 1024)))
    assert "内存" in str(e.value)
