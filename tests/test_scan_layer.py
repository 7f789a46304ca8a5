"""A scanned page's text layer (someone's OCR under the image) that misses print on the page is not trusted: the
page is read by OCR, and the line the layer missed is read."""

from __future__ import annotations

from pipeline.intake import _file
from pipeline.read import read_file
from tests.pdfmaker import scan_pdf_with_layer

TITLE = "医疗器械包装无菌屏障系统完整性试验"
LINES = [(60, 80, "ICS 85.060", 11), (60, 100, "CCS X 10", 11), (150, 180, "中华人民共和国国家标准", 22),
         (380, 230, "GB 43857—2024", 14), (110, 380, TITLE, 24), (60, 700, "2024-03-05 发布", 12),
         (400, 700, "2024-11-01 实施", 12), (180, 760, "国家市场监督管理总局  发布", 14)]


def _read(layer):
    return read_file(_file("standard.pdf", scan_pdf_with_layer(LINES, layer)), bounded=False).pages[0]


def test_a_layer_missing_the_title_is_replaced_by_ocr_which_reads_the_title():
    page = _read([i for i in range(len(LINES)) if LINES[i][2] != TITLE])
    assert page.source == "ocr" and "文字层缺少" in page.reason
    assert any(TITLE in s.text.replace(" ", "") for s in page.spans)


def test_a_complete_layer_is_kept():
    page = _read(list(range(len(LINES))))
    assert page.source == "text_layer"
    assert any(TITLE in s.text for s in page.spans)
