"""One sheet, one document or two: a band of empty space splits a page only where both parts have a title of their
own, and a value printed under its caption (荣誉名称 / …贡献奖…) is no title."""

from __future__ import annotations

from models.reading import FileText, PageText, Span
from pipeline.classify import split_and_classify


def _page(lines, width=1754, height=1240) -> FileText:
    spans = [Span(text=t, page=1, bbox=b, confidence=0.95, source="ocr") for t, b in lines]
    page = PageText(page=1, width=width, height=height, source="ocr", spans=spans)
    return FileText(file="证书.jpg", sha256="x", media_type="image/jpeg", pages=[page])


LANDSCAPE = [("荣誉证书", (139, 183, 466, 260)), ("证书编号：SHBZCX2024-045", (1323, 205, 1610, 229)),
             ("获奖单位", (185, 354, 283, 388)), ("上海懿昊金属制品股份有限公司", (192, 404, 1062, 461)),
             ("荣誉名称", (185, 511, 283, 544)), ("2024年度上海市标准创新贡献奖标准项目奖", (188, 557, 1193, 607)),
             ("奖励等级", (183, 653, 283, 686)), ("三等奖", (183, 690, 316, 745)), ("获奖项目", (183, 781, 281, 814)),
             ("特种纸 技术规范", (186, 827, 426, 864)), ("上海市市场监督管理局", (1253, 912, 1562, 948)),
             ("2024.8.25", (1421, 971, 1568, 1009))]


def test_a_landscape_certificate_with_captions_over_its_values_is_one_document():
    docs = split_and_classify(_page(LANDSCAPE))
    assert [(d.type, d.region) for d in docs] == [("award_certificate", None)]


def test_two_certificates_on_one_sheet_are_still_two():
    top = [(t, (x0, y0 * 0.45, x1, y1 * 0.45)) for t, (x0, y0, x1, y1) in LANDSCAPE]
    bottom = [(t.replace("懿昊", "德晟"), (x0, y0 * 0.45 + 640, x1, y1 * 0.45 + 640)) for t, (x0, y0, x1, y1) in LANDSCAPE]
    docs = split_and_classify(_page(top + bottom))
    assert [(d.type, d.region) for d in docs] == [("award_certificate", "top"), ("award_certificate", "bottom")]
