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
