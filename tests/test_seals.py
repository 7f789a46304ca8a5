"""Round red seals: the ring read by real OCR, matched to the registry of issuing bodies, and a licence's 登记机关
printed only in its seal read from it — never one district's bureau for another's, never the company's own seal."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from models.reading import DocumentText, SealText, Span
from pipeline.bodies import bodies, seal_body
from datetime import date

from pipeline.extract.documents import extract_facts
from pipeline.ocr import get_engine
from samples.render.fonts import pil_font
from samples.render.seal import seal_layer, stamp
from tests.docmaker import policy

JINSHAN = "上海市金山区市场监督管理局"


# --- the registry match ---------------------------------------------------------------------------------------


def test_every_registered_body_is_found_by_its_name_on_a_seal():
    for b in bodies():
        if len(b.name) >= 5:
            hit = seal_body((b.name,) * 3)
            assert hit is not None and hit[0] is b, b.name


def test_readings_with_slips_name_the_body_with_its_edits():
    hit = seal_body(("上属市金出区市场监督晋理局", "上西市金出区市场监督管理局", "上属市金出区市场监督管理局"))
    assert hit is not None and hit[0].name == JINSHAN and hit[1] == 1
    # a serial number and a stray mark at the ends of the unrolled ring do not count
    assert seal_body(("3101160027王上海市金山区市场监督管理局",) * 3)[0].name == JINSHAN


def test_a_ring_unrolled_from_the_middle_of_its_name_is_read_round():
    hit = seal_body(("市场监督管理局20上海市金山区",) * 3)
    assert hit is not None and hit[0].name == JINSHAN and hit[1] == 0


def test_two_districts_that_differ_in_one_character_are_never_confused():
    assert seal_body(("上海市宝山区市场监督管理局",) * 3)[0].name == "上海市宝山区市场监督管理局"
    # the district itself misread in every reading: 金山 and 宝山 are both one edit away, so nobody is named
    assert seal_body(("上海市全山区市场监督管理局",) * 3) is None
    # readings that disagree on the district name nobody
    assert seal_body(("上海市宝山区市场监督管理局", JINSHAN, JINSHAN)) is None


def test_a_company_seal_or_noise_names_no_body():
    assert seal_body(("上海凯湖汽车零部件制造有限公司",) * 3) is None
    assert seal_body(("シンッ", "公", "")) is None
    assert seal_body(()) is None


# --- real OCR of a seal ---------------------------------------------------------------------------------------


def _licence_corner(seal_text: str, company_seal: str | None = None) -> Image.Image:
    """A licence page (A4 at 150 dpi) whose foot prints 登记机关 in black with the authority's seal over it and the
    date under it."""
    img = Image.new("RGB", (1240, 1754), (250, 248, 240))
    d = ImageDraw.Draw(img)
    d.text((450, 200), "营 业 执 照", font=pil_font("noto-serif-bold", 90), fill=(20, 20, 20))
    d.text((860, 1430), "登 记 机 关", font=pil_font("noto-serif-bold", 34), fill=(20, 20, 20))
    d.text((840, 1530), "2024 年 3 月 15 日", font=pil_font("noto-serif-bold", 30), fill=(20, 20, 20))
    rng = np.random.default_rng(7)
    img = stamp(img, seal_layer(seal_text, 115, rng), 950, 1450)
    if company_seal:
        img = stamp(img, seal_layer(company_seal, 105, rng), 400, 900)
    return img


@pytest.fixture(scope="module")
def engine():
    e = get_engine("ppocr")
    e.load()
    return e


def test_the_authority_seal_is_read_and_matched(engine):
    reads = engine.read_seals(_licence_corner(JINSHAN, company_seal="上海凯湖汽车零部件制造有限公司"))
    named = [seal_body(r.readings) for r in reads]
    assert [h[0].name for h in named if h] == [JINSHAN]
    company = next(r for r, h in zip(reads, named) if h is None)
    assert any("凯湖汽车" in t for t in company.readings)  # the applicant's own seal, read, but no issuer


def test_another_districts_seal_is_read_as_that_district(engine):
    (read,) = engine.read_seals(_licence_corner("上海市宝山区市场监督管理局"))
    hit = seal_body(read.readings)
    assert hit is not None and hit[0].name == "上海市宝山区市场监督管理局"


def test_a_photocopied_licence_s_grey_authority_seal_is_read(engine):
    """A 副本 photocopied in grey: the authority's seal is a grey ring, found by its shape, not its colour."""
    copy = _licence_corner(JINSHAN).convert("L").convert("RGB")
    copy = Image.eval(copy, lambda v: int(v * 0.85 + 30))  # a copier's grey: paper darker, ink lighter
    hits = [seal_body(r.readings) for r in engine.read_seals(copy)]
    assert [h[0].name for h in hits if h] == [JINSHAN]


# --- the licence field ----------------------------------------------------------------------------------------


def _span(text, x0, y0, x1, y1):
    return Span(text=text, page=1, bbox=(x0, y0, x1, y1), confidence=0.95, source="ocr")


def _licence(seals: list[SealText]) -> DocumentText:
    spans = [_span("营业执照", 500, 100, 900, 180), _span("名称 上海凯湖汽车零部件制造有限公司", 100, 300, 900, 330),
             _span("统一社会信用代码 91310116637284338R", 100, 350, 900, 380),
             _span("登记机关", 1150, 1020, 1300, 1050), _span("2024年3月15日", 1130, 1080, 1350, 1110)]
    return DocumentText(file="licence.jpg", sha256="x", pages=[1], type="business_licence", spans=spans, seals=seals)


def _seal(readings, box):
    return SealText(page=1, bbox=box, readings=list(readings), confidence=0.9)


def test_a_licence_authority_printed_only_in_its_seal_is_read_from_it_with_a_note():
    doc = _licence([_seal(("上海凯湖汽车零部件制造有限公司",) * 3, (500, 900, 760, 1160)),
                    _seal(("王海市金山区市场监督管理局", JINSHAN, JINSHAN), (1100, 950, 1380, 1230))])
    fact = extract_facts(doc, policy(), date(2025, 12, 31)).fields["authority"]
    assert fact.value == JINSHAN
    assert fact.evidence[0].source == "seal" and fact.evidence[0].bbox == (1100, 950, 1380, 1230)
    assert "仅见于印章" in fact.note and "请核对印章" in fact.note


def test_a_seal_that_names_no_body_leaves_the_authority_to_the_reviewer():
    doc = _licence([_seal(("上海市全山区市场监督管理局",) * 3, (1100, 950, 1380, 1230))])
    assert extract_facts(doc, policy(), date(2025, 12, 31)).get("authority") is None


def _grey_copy_with_text_under_the_seal() -> Image.Image:
    """A grey copy: the authority's line and the date printed under a (now grey) seal."""
    img = Image.new("RGB", (1240, 1754), (250, 248, 240))
    d = ImageDraw.Draw(img)
    d.text((450, 200), "营 业 执 照", font=pil_font("noto-serif-bold", 90), fill=(20, 20, 20))
    d.text((620, 1420), "登记机关：上海市金山区市场监督管理局", font=pil_font("noto-serif-bold", 30), fill=(20, 20, 20))
    d.text((860, 1490), "2020年12月27日", font=pil_font("noto-serif-bold", 30), fill=(20, 20, 20))
    img = stamp(img, seal_layer(JINSHAN, 120, np.random.default_rng(3)), 950, 1460)
    return Image.eval(img.convert("L").convert("RGB"), lambda v: int(v * 0.85 + 30))


def test_text_printed_under_a_grey_seal_is_read(engine):
    """The lighter ink inside a grey seal's ring is whitened before reading; the darker print under it stays."""
    from pipeline.ocr.preprocess import grey_rings, suppress_seal

    page = _grey_copy_with_text_under_the_seal()
    rgb = np.asarray(page)
    (ring,) = grey_rings(rgb)
    assert abs(ring[0] - 950) < 12 and abs(ring[1] - 1460) < 12
    a = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    on_ring = lambda img: (img[(ring[1] + (ring[2] - 4) * np.sin(a)).astype(int),  # noqa: E731
                               (ring[0] + (ring[2] - 4) * np.cos(a)).astype(int)].mean(axis=-1) < 200).mean()
    cleaned = suppress_seal(rgb, "seal")
    assert on_ring(rgb) > 0.6 and on_ring(cleaned) < 0.1  # the ring's line is gone
    text = "".join(s.text for s in engine.read_page(page, 1).spans).replace(" ", "").replace(":", "：")
    assert "登记机关：上海市金山区市场监督管理局" in text and "2020年12月27日" in text


def test_a_small_seal_in_a_jpeg_photo_is_read(engine):
    """A phone photo's JPEG keeps colour at half resolution: read from redness alone a small seal's strokes
    smear into blobs; its ink is read from brightness, weighted by redness."""
    import io

    from PIL import ImageFilter

    page = _licence_corner(JINSHAN).resize((744, 1052), Image.LANCZOS)  # the seal ~70 px in radius
    page = page.filter(ImageFilter.GaussianBlur(0.8))  # a phone's focus
    buf = io.BytesIO()
    page.save(buf, format="JPEG", quality=70, subsampling=2)  # 4:2:0
    hits = [seal_body(r.readings) for r in engine.read_seals(Image.open(buf).convert("RGB"))]
    assert [h[0].name for h in hits if h] == [JINSHAN]


def test_a_licence_page_whose_label_is_lost_under_the_seal_still_has_its_seals_read():
    from pipeline.read import _prints_seal_label

    assert _prints_seal_label([_span("营业执照", 500, 100, 900, 180), _span("法定代表人 谈海燕", 100, 300, 600, 330)])
    assert _prints_seal_label([_span("登记机", 1150, 1020, 1300, 1050)])
    assert _prints_seal_label([_span("营 业 执 照", 500, 100, 900, 180)])
    assert not _prints_seal_label([_span("荣誉证书", 500, 100, 900, 180), _span("特发此证", 100, 300, 600, 330)])
    assert not _prints_seal_label([_span("目录", 500, 100, 600, 130), _span("1. 营业执照（副本）", 100, 300, 600, 330)])
