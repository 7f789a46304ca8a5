"""A licence photographed skewed: a letter-spaced label OCR cut in two (名 / 称 泓毅…), and a label standing alone
half a line under its value (类 型 under 有限责任公司（…）) — both read, from where they stand."""

from __future__ import annotations

from datetime import date

from models.reading import DocumentText, Span
from pipeline.extract.documents import extract_facts
from tests.docmaker import policy

H = 30  # line height in pixels


def _s(text, x0, y0, w=None):
    return Span(text=text, page=1, bbox=(x0, y0, x0 + (w or H * len(text)), y0 + H), confidence=0.95, source="ocr")


def _facts(spans):
    doc = DocumentText(file="licence.jpg", sha256="x", pages=[1], type="business_licence", spans=spans)
    return extract_facts(doc, policy(), date(2025, 12, 31))


BASE = [_s("营业执照", 500, 100), _s("统一社会信用代码 91310116709610164X", 100, 200)]


def test_a_label_cut_in_two_by_ocr_is_read_with_its_value():
    spans = BASE + [_s("称 泓毅（上海）包装材料有限公司", 190, 300), _s("名", 100, 325)]
    assert _facts(spans).get("name") == "泓毅（上海）包装材料有限公司"


def test_a_lone_head_character_far_from_the_rest_is_not_a_label():
    spans = BASE + [_s("称 泓毅（上海）包装材料有限公司", 190, 300), _s("名", 100, 500)]
    assert _facts(spans).get("name") is None


def test_a_value_half_a_line_over_its_lone_label_is_read_and_its_tail_too():
    spans = BASE + [_s("有限责任公司（外商投资、非独", 190, 400), _s("类", 100, 425), _s("型", 160, 425, w=H),
                    _s("资）", 190, 455)]
    assert _facts(spans).get("kind") == "有限责任公司（外商投资、非独资）"


def test_a_value_under_its_label_is_not_taken_for_one_beside_it():
    # 类型 alone on its row, the value a full line under it and starting under the label: read as below, once
    spans = BASE + [_s("类型", 100, 400), _s("有限责任公司（自然人独资）", 100, 445)]
    assert _facts(spans).get("kind") == "有限责任公司（自然人独资）"
