"""Standard codes of every kind parse, and each kind is mapped to its Art. 14 clause or refused with the catalog's
reason (pipeline/policies/jinshan-quality-2025/standards.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from models.draft import Evidence, Period
from models.facts import DocumentFacts, Fact
from pipeline.decide import Context, decide
from pipeline.extract.codes import (code_data, decode_private_font, find_replaces, find_standard_codes,
                                    industry_sectors, own_code, standard_kind)
from pipeline.policy import load_policy


def one(text):
    found = find_standard_codes(text)
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize("text, value, kind", [
    ("GB/T 44112—2024", "GB/T 44112—2024", "national"),
    ("GB 3100-93", "GB 3100—1993", "national"),
    ("GB/Z 41275.1—2022", "GB/Z 41275.1—2022", "national"),
    # slashes: ASCII, division slash, full width, fraction slash; dashes: em, hyphen, full width, en, OCR 一
    ("GB∕T 19001—2016", "GB/T 19001—2016", "national"),
    ("GB／T 19001－2016", "GB/T 19001—2016", "national"),
    ("GB⁄T 19001–2016", "GB/T 19001—2016", "national"),
    ("GB/T 19001一2016", "GB/T 19001—2016", "national"),
    ("JR/T 0176.5—2024", "JR/T 0176.5—2024", "industry"),
    ("JR∕T 0176.5-2024", "JR/T 0176.5—2024", "industry"),
    ("YY/T 0287—2017", "YY/T 0287—2017", "industry"),
    ("SN/T 5123—2019", "SN/T 5123—2019", "industry"),
    ("NB/T 10001—2016", "NB/T 10001—2016", "industry"),
    ("QX/T 200—2013", "QX/T 200—2013", "industry"),
    ("XF 1131—2014", "XF 1131—2014", "industry"),
    ("DB/T 15—2009", "DB/T 15—2009", "industry"),  # DB without a region code: the 地震 sector
    ("DB31/T 1234—2020", "DB31/T 1234—2020", "local_shanghai"),
    ("DB 31/T 1234-2020", "DB31/T 1234—2020", "local_shanghai"),
    ("DB31 1234—2020", "DB31 1234—2020", "local_shanghai"),
    ("DB32/T 3456—2021", "DB32/T 3456—2021", "local_other"),
    ("DB11/T 1322.23—2019", "DB11/T 1322.23—2019", "local_other"),
    ("DG/TJ 08-2093-2019", "DG/TJ 08-2093-2019", "construction_shanghai"),
    ("DG/TJ08-2093-2019", "DG/TJ 08-2093-2019", "construction_shanghai"),
    ("DG／TJ 08—2093—2019", "DG/TJ 08-2093-2019", "construction_shanghai"),
    ("DGJ 08-9-2013", "DGJ 08-9-2013", "construction_shanghai"),
    ("DBJ33/T 1001-2019", "DBJ33 1001-2019", "construction_other"),
    ("T/CAS 123—2024", "T/CAS 123—2024", "group"),
    ("T∕SHQAP 001-2023", "T/SHQAP 001—2023", "group"),
    ("Q/JSHD 001—2024", "Q/JSHD 001—2024", "enterprise"),
    ("Q/310116 JSHD 001-2024", "Q/310116 JSHD 001—2024", "enterprise"),
    ("ISO 9001:2015", "ISO 9001:2015", "international"),
    ("ISO/IEC 17025：2017", "ISO/IEC 17025:2017", "international"),
    ("ISO/IEC/IEEE 8802-3:2021", "ISO/IEC/IEEE 8802-3:2021", "international"),
    ("IEC 60335-2-24:2020", "IEC 60335-2-24:2020", "international"),
    ("ISO/TS 22163:2023", "ISO/TS 22163:2023", "international"),
    ("IEEE 1547-2018", "IEEE 1547-2018", "international_body"),
    ("ASTM D638-14", "ASTM D638-14", "international_body"),
    ("DIN EN 1234:2010", "DIN EN 1234:2010", "foreign"),
    ("JJF 1069—2012", "JJF 1069—2012", "metrology"),
])
def test_every_code_form_parses(text, value, kind):
    c = one(text)
    assert (c.value, c.kind) == (value, kind)


@pytest.mark.parametrize("sector", sorted(industry_sectors()))
def test_every_sector_code_of_the_national_list_is_an_industry_standard(sector):
    # DB with digits after it is a local standard (DB31 …): the 地震 sector is written DB/T, DB/Z.
    forms = [f"{sector}/T 1234—2020", f"{sector}/Z 12.3—2021"] + ([f"{sector} 1234—2020"] if sector != "DB" else [])
    for form in forms:
        c = one(form)
        assert c.category == "industry" and c.sector == industry_sectors()[sector], form


def test_the_sector_list_is_data_and_has_the_national_codes():
    sectors = industry_sectors()
    assert 65 <= len(sectors) <= 75
    assert {"JR", "DL", "YY", "SN", "NB", "JT", "QX", "XF", "DB"} <= set(sectors)
    assert "31" in code_data()["regions"]


def test_a_bare_sector_prefix_without_year_is_not_a_code():
    assert find_standard_codes("SH2023001") == []
    assert find_standard_codes("报告编号 JR 12345") == []


def test_parts_keep_their_number():
    c = one("JR/T 0176.5—2024")
    assert c.number == "0176.5" and c.year == 2024 and c.prefix == "JR/T"


# ---------------------------------------------------------------- 代替 lists
def test_several_codes_in_one_replaces_line_across_line_breaks():
    cover = "GB/T 44112—2024\n代替 GB/T 1234—2008、\nGB/T 5678—2010\n电动汽车充电设备 通用要求\n"
    own = own_code(cover)
    assert own.value == "GB/T 44112—2024"
    (r,) = find_replaces(cover, own)
    assert r.value == ("GB/T 1234—2008", "GB/T 5678—2010")


def test_a_list_one_code_a_line_does_not_swallow_the_own_code():
    # Reading order can put the 代替 line above the code (a right-aligned block read top to bottom).
    cover = "代替 GB/T 1234—2008\nGB/T 5678—2010\nGB/T 44112—2024\n电动汽车充电设备\n"
    own = own_code(cover)
    assert own.value == "GB/T 44112—2024"
    (r,) = find_replaces(cover, own)
    assert r.value == ("GB/T 1234—2008", "GB/T 5678—2010")


def test_a_code_split_over_a_line_break_is_one_code():
    cover = "JB/T 12345—2024\n代替 JB/T 1111—2010，JB/T\n2222—2012\n"
    (r,) = find_replaces(cover, own_code(cover))
    assert r.value == ("JB/T 1111—2010", "JB/T 2222—2012")


def test_foreword_lists_with_titles():
    text = "本文件代替GB/T 1234—2008《机械安全 通则》和GB/T 5678—2010《机械安全 术语》，与GB/T 1234—2008相比，主要变化如下："
    (r,) = find_replaces(text)
    assert r.value == ("GB/T 1234—2008", "GB/T 5678—2010")


def test_the_own_code_is_the_newest_not_the_most_cited():
    text = ("GB/T 44112—2024\n代替 GB/T 1234—2008\n前言\n本文件按照GB/T 1.1—2020的规定起草。\n"
            "本文件代替GB/T 1234—2008，与GB/T 1234—2008相比，主要技术变化如下：\nGB/T 44112—2024\n")
    assert own_code(text).value == "GB/T 44112—2024"


# ---------------------------------------------------------------- the private font of national-platform PDFs
def test_private_font_letters_are_decoded():
    assert decode_private_font("犌犅／犜４１４５０—２０２２")[0] == "GB／T４１４５０—２０２２"
    assert one("犌犅／犜４１４５０—２０２２").value == "GB/T 41450—2022"
    assert one("犌犅／犜３２８９７—２０１６").value == "GB/T 32897—2016"
    assert one("犑犚／犜０１７６．５—２０２４").value == "JR/T 0176.5—2024"


def test_private_font_digits_printed_as_numerals():
    assert one("犌犅／犜三七一三六－二零一八").value == "GB/T 37136—2018"


def test_private_font_does_not_touch_ordinary_text():
    text = "本文件起草单位：上海金山恒达新材料科技有限公司。"
    assert decode_private_font(text) == (text, False)


# ---------------------------------------------------------------- Art. 14: clause or the catalog's reason
POLICY = load_policy()
APPLICANT = "上海金山恒达新材料科技有限公司"
SAMPLE = {
    "international": "ISO/IEC/IEEE 8802-3:2021", "international_body": "IEEE 1547-2018", "foreign": "DIN EN 1234:2010",
    "national": "GB/T 44112—2024", "industry": "JR/T 0176.5—2024", "local_shanghai": "DB31/T 1450—2024",
    "construction_shanghai": "DG/TJ 08-2093-2024", "group": "T/SHQAP 001—2024", "local_other": "DB32/T 3456—2024",
    "construction_other": "DBJ33/T 1001-2024", "enterprise": "Q/JSHD 001—2024", "metrology": "JJF 1069—2024",
}


def _decide(code: str, units: list[str], applicant_type: str = "有限责任公司"):
    def fact(v):
        return Fact(value=v, evidence=[Evidence(file="x.pdf", page=1, text=str(v), source="derived")])

    licence = DocumentFacts(file="营业执照.pdf", pages=[1], type="business_licence", fields={
        "name": fact(APPLICANT), "uscc": fact("91310116MA1FL2K3X9"), "address": fact("上海市金山区亭林镇林盛路88号"),
        "kind": fact(applicant_type)})
    report = DocumentFacts(file="信用报告.pdf", pages=[1], type="credit_report", fields={
        "subject": fact(APPLICANT), "uscc": fact("91310116MA1FL2K3X9"), "report_date": fact("2026-03-17"),
        "penalties": fact([]), "dishonest": fact([]), "abnormal": fact([])})
    std = DocumentFacts(file="标准.pdf", pages=[1], type="standard", fields={
        "code": fact(code), "publish_date": fact("2025-06-01"), "drafting_units": fact(units), "replaces": fact([])})
    ctx = Context(policy=POLICY, as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    return decide([licence, report, std], ctx)


def test_every_kind_of_the_catalog_has_a_sample_and_a_parser():
    assert set(SAMPLE) == set(POLICY.standard_kinds)
    for kind, code in SAMPLE.items():
        assert standard_kind(code) == kind, code


@pytest.mark.parametrize("kind", sorted(SAMPLE))
def test_each_kind_is_paid_under_its_clause_or_refused_with_the_catalog_reason(kind):
    k = POLICY.standard_kinds[kind]
    result = _decide(SAMPLE[kind], [APPLICANT, "上海市质量协会"])
    if k.clause is None:
        assert result.claims == []
        assert any(k.refused in f and k.label in f for f in result.flags), result.flags
    else:
        (claim,) = result.claims
        assert (claim.article, claim.clause) == (14, k.clause)
        assert any(f"标准类别：{k.label}" in r for r in claim.reasons)
        if k.review:
            assert claim.status == "needs_review" and k.review in claim.reasons


def test_industry_standard_of_any_sector_is_art_14_3():
    result = _decide("JR/T 0176.5—2024", [APPLICANT])
    (claim,) = result.claims
    assert claim.item_id == "art14-3-industry-standard-led" and claim.amount_yuan == 100000


def test_participating_in_an_international_body_standard_is_refused_with_the_reason():
    result = _decide("IEEE 1547-2018", ["某大学", APPLICANT])
    assert result.claims == []
    assert any("未规定参与制订此类标准的奖励" in f for f in result.flags)


def test_a_standard_whose_text_layer_is_in_the_private_font_yields_its_code():
    """Cover and foreword as the national platform's PDFs extract when their text layer is used: Latin letters in
    the 犌犅 font, the 代替 list wrapped over two lines, the own code in the running head of the foreword page.
    (A page mostly in that font is judged implausible by pipeline/read/plausible.py and OCR'd instead, which reads
    the Latin glyphs the font draws.)"""
    from models.reading import DocumentText, Span
    from pipeline.extract.documents import extract_facts

    pages = [[(60, 60, "犐犆犛 ２７．１２０．２０"), (150, 130, "中华人民共和国国家标准"),
              (360, 180, "犌犅／犜４１４５０—２０２２"), (360, 200, "代替 犌犅／犜１２３４—２００８、"),
              (360, 220, "犌犅／犜５６７８—２０１０"), (120, 300, "电动汽车传导充电系统 安全要求"),
              (60, 700, "２０２２－０３－０９发布"), (360, 700, "２０２２－１０－０１实施"),
              (120, 760, "国家市场监督管理总局"), (120, 780, "国家标准化管理委员会  发布")],
             [(400, 40, "犌犅／犜４１４５０—２０２２"), (250, 100, "前言"),
              (60, 140, "本文件按照犌犅／犜１．１—２０２０的规定起草。"),
              (60, 170, "本文件代替犌犅／犜１２３４—２００８和犌犅／犜５６７８—２０１０。"),
              (60, 200, "本文件起草单位：上海金山恒达新材料科技有限公司、上海市质量协会。")]]
    spans = [Span(text=t, page=p, bbox=(x, y, x + 12 * len(t), y + 12), confidence=1.0, source="text_layer")
             for p, lines in enumerate(pages, start=1) for x, y, t in lines]
    doc = DocumentText(file="std.pdf", sha256="0" * 64, pages=[1, 2], type="standard", spans=spans)
    facts = extract_facts(doc, POLICY, date(2026, 3, 31))
    assert facts.get("code") == "GB/T 41450—2022"
    assert facts.get("replaces") == ["GB/T 1234—2008", "GB/T 5678—2010"]
    assert facts.get("drafting_units")[0] == APPLICANT
    assert "私有字体" in facts.fields["code"].note
