import io

import pytest

from pipeline.intake import _file
from pipeline.read import ReadError, TextView, read_file
from pipeline.read.pdf import text_layer_verdict
from tests.pdfmaker import text_pdf


def test_text_layer_pdf_is_read_with_boxes_without_ocr():
    data = text_pdf([[(72, 100, "公共信用信息报告"), (72, 140, "报告编号：XY2026031500123")],
                     [(72, 100, "第二页")]])
    ft = read_file(_file("credit.pdf", data), use_ocr=False)
    assert [p.page for p in ft.pages] == [1, 2]
    first = ft.pages[0]
    assert first.source == "text_layer"
    assert first.spans[0].text == "公共信用信息报告"
    x0, y0, x1, y1 = first.spans[0].bbox
    assert 70 <= x0 <= 74 and 85 <= y0 <= 100 and x1 > x0 + 100  # points from the top-left corner
    assert all(s.source == "text_layer" and s.confidence == 1.0 for s in first.spans)


def test_table_cells_become_separate_spans():
    data = text_pdf([[(72, 100, "1"), (120, 100, "上海金山示例材料有限公司"), (400, 100, "三等奖")]])
    ft = read_file(_file("notice.pdf", data), use_ocr=False)
    assert [s.text for s in ft.pages[0].spans] == ["1", "上海金山示例材料有限公司", "三等奖"]


def test_name_broken_over_two_lines_is_found_in_the_joined_view():
    data = text_pdf([[(40, 100, "兹证明在本年度质量提升工作中成绩突出，特授予上海金山区示"),
                      (40, 120, "例新材料科技股份有限公司荣誉称号。"),
                      (40, 160, "二〇二五年十二月")]])
    ft = read_file(_file("cert.pdf", data), use_ocr=False)
    view = TextView(ft.pages[0].spans)
    assert "上海金山区示例新材料科技股份有限公司" in view.text
    start = view.text.index("上海金山区示例")
    assert len(view.spans_for(start, start + 20)) == 2  # evidence points at both lines
    assert "\n二〇二五年十二月" in view.text  # a short line after a full one keeps its break


def test_garbage_text_layer_is_refused():
    chars = [{"text": "(cid:12)"}] * 30 + [{"text": "a"}] * 2
    usable, reason = text_layer_verdict(chars)
    assert not usable and "乱码" in reason
    usable, reason = text_layer_verdict([{"text": "营"}] * 3)
    assert not usable and "过少" in reason


def test_truncated_pdf_is_a_document_error():
    data = text_pdf([[(72, 100, "营业执照")]])
    with pytest.raises(ReadError, match="损坏|无法"):
        read_file(_file("broken.pdf", data[: len(data) // 3]), use_ocr=False)


def test_file_that_is_not_an_image_is_a_document_error():
    with pytest.raises(ReadError):
        read_file(_file("IMG_1.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 10), use_ocr=False)
    with pytest.raises(ReadError, match="空"):
        read_file(_file("empty.pdf", b""), use_ocr=False)


def _box(text, box):
    from models.reading import Span

    return Span(text=text, page=1, bbox=box, confidence=0.95, source="ocr")


def test_a_column_of_label_initials_is_cut_into_characters_and_a_vertical_title_is_not():
    """OCR's detection took 类 / 住 / 层 (the first characters of letter-spaced labels, and an address's wrapped
    tail) for one vertical line; a title printed vertically in a margin, with nothing beside it, stays whole."""
    from pipeline.read import _columns_cut

    lines = [_box("型：有限责任公司（自然人投资或控股）", (136, 236, 358, 261)), _box("类住层", (85, 233, 105, 306)),
             _box("所：上海市金山区廊下镇益康路9980号第1幢1", (135, 263, 394, 289)), _box("法定代表人：龙秀", (86, 311, 189, 335))]
    cut = _columns_cut(lines)
    assert [s.text for s in cut if s.bbox[0] < 110 and s.bbox[1] < 310] == ["类", "住", "层"]
    title = [_box("荣誉证书", (40, 200, 100, 460)), _box("上海博棱精细化工有限公司：", (300, 220, 700, 250))]
    assert [s.text for s in _columns_cut(title)] == ["荣誉证书", "上海博棱精细化工有限公司："]


def test_a_skewed_scans_table_row_stays_one_row():
    """Each cell of a row on a scan turned a little stands a little lower than the one before it."""
    from pipeline.read.layout import rows

    cells = [_box("1", (81, 119, 98, 133)), _box("第00757104344663号", (104, 117, 210, 140)),
             _box("上海市金山区城市管理行政执法", (257, 123, 403, 146)), _box("2023-10-30", (416, 127, 473, 148)),
             _box("严重", (499, 129, 528, 150)), _box("2", (81, 156, 93, 167)), _box("沪金税简罚〔2021〕565号", (103, 154, 230, 176))]
    assert [[s.text for s in r] for r in rows(cells)][0] == \
        ["1", "第00757104344663号", "上海市金山区城市管理行政执法", "2023-10-30", "严重"]
