"""Credit reports as applicants upload them, read from their text layer and decided: 信用中国 公共信用信息报告 (V2.0)
and 自然人 reports (tests/credit_docs.py builds them; the corpus has the Shanghai 专用信用报告 families)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.draft import Period
from pipeline.process import ProcessOptions, process_packet_path
from tests import credit_docs as docs

OPTS = dict(as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)), use_ocr=False)


def _packet(tmp_path: Path, files: dict[str, bytes]) -> Path:
    d = tmp_path / "packet"
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


def _draft(tmp_path, files):
    return process_packet_path(_packet(tmp_path, files), ProcessOptions(**OPTS))


def _facts(tmp_path, data: bytes):
    from pipeline.classify import split_and_classify
    from pipeline.extract.documents import extract_facts
    from pipeline.intake import open_packet
    from pipeline.policy import load_policy
    from pipeline.read import read_file

    packet = open_packet(_packet(tmp_path, {"report.pdf": data}))
    (doc,) = split_and_classify(read_file(packet.files[0], use_ocr=False))
    assert doc.type == "credit_report"
    return extract_facts(doc, load_policy(), OPTS["as_of"])


def _check(draft, rule):
    return next(c for c in draft.eligibility.checks if c.rule == rule)


def test_xyzg_v2_sections_summary_and_records(tmp_path):
    f = _facts(tmp_path, docs.xyzg_report())
    assert f.get("summary")["administrative"] == 2 and f.get("summary")["dishonest"] == 1
    sections = f.get("sections")
    for cat in ("penalties", "licences", "dishonest", "abnormal", "honours", "commitments", "evaluations",
                "judicial", "other"):
        assert cat in sections, cat
    (p,) = f.get("penalties")  # the 行政处罚 under 行政管理信息; the 行政许可 beside it is not a penalty
    assert p["number"] == "沪金应急罚〔2024〕15号" and p["date"] == "2024-11-05"
    assert [x["section"] for x in f.get("other_records")] == ["licences"]
    (listing,) = f.get("dishonest")
    assert listing["list"] == "失信被执行人名单" and listing["date"] == "2016-03-10"
    assert listing["status"] == "全部未履行" and listing["removed"] is None


def test_a_listing_from_ten_years_ago_never_lifted_fails_art_3(tmp_path):
    draft = _draft(tmp_path, {"公共信用信息报告.pdf": docs.xyzg_report()})
    check = _check(draft, "credit_serious_violation")
    assert check.status == "fail" and "失信被执行人" in check.reason and "未移出" in check.reason
    assert draft.eligibility.status == "ineligible"
    assert _check(draft, "operating_normally").status == "pass"


def test_a_lifted_listing_passes(tmp_path):
    draft = _draft(tmp_path, {"公共信用信息报告.pdf": docs.xyzg_report(executed="已履行")})
    check = _check(draft, "credit_serious_violation")
    assert check.status == "pass" and "已履行" in check.reason


def test_personal_report_reads_name_masked_number_and_employer(tmp_path):
    f = _facts(tmp_path, docs.person_report())
    assert f.get("subject") == docs.PERSON and f.get("uscc") is None
    assert f.get("id_masked") == "310116********3026" and f.get("employer") == docs.EMPLOYER
    assert f.get("subject_kind") == "individual"
    assert f.get("sections") == {"penalties": "none", "dishonest": "none"}


def test_summary_count_that_differs_from_the_records_is_a_flag(tmp_path):
    report = docs.person_report(penalties=[{"number": "金市监简罚〔2025〕1021号", "authority": "上海市金山区市场监督管理局",
                                            "date": "2025-07-03"}], count_penalties=2)
    draft = _draft(tmp_path, {"个人信用报告.pdf": report, "身份证.pdf": docs.id_card(),
                              "荣誉证书.pdf": docs.certificate()})
    assert any("信用信息概要记载“行政处罚信息” 2 条，报告中读到 1 条" in f for f in draft.flags), draft.flags
    assert _check(draft, "individual_good_credit").status == "needs_review"


def test_a_report_without_a_penalties_section_is_unknown_not_clean(tmp_path):
    from tests.pdfmaker import text_pdf

    report = text_pdf([[(60, 60, "市场主体专用信用报告"), (60, 90, "主体名称：上海金山恒达新材料科技有限公司"),
                        (60, 120, "统一社会信用代码：91310116MA1FL2K3X9"), (60, 150, "报告日期：2026年03月18日"),
                        (60, 180, "一、严重失信主体名单信息"), (60, 210, "未查见该主体被列入严重失信主体名单的记录。"),
                        (60, 240, "二、经营（活动）异常名录信息"), (60, 270, "未查见该主体被列入经营异常名录的记录。"),
                        (60, 330, "上海市公共信用信息服务中心"), (60, 360, "2026年03月18日")]], size=12)
    draft = _draft(tmp_path, {"信用报告.pdf": report})
    check = _check(draft, "credit_serious_violation")
    assert check.status == "needs_review" and "未见“行政处罚信息”一节" in check.reason


@pytest.mark.skipif(not Path(__file__).resolve().parents[2].joinpath("shared", "corpus").is_dir(),
                    reason="../shared/corpus is not here")
def test_tick_box_report_whose_ticks_are_drawings_is_unknown():
    """The corpus' 自然人 tick-box report: 有 and 无 are both text, the tick is a drawing."""
    from pipeline.classify import split_and_classify
    from pipeline.extract.documents import extract_facts
    from pipeline.intake import open_packet
    from pipeline.policy import load_policy
    from pipeline.read import read_file

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "documents"
    packet = open_packet(corpus)
    f = next(x for x in packet.files if x.name == "d021.pdf")
    (doc,) = split_and_classify(read_file(f, use_ocr=False))
    facts = extract_facts(doc, load_policy(), OPTS["as_of"])
    assert facts.get("summary")["penalties"] is None and facts.get("penalties") == []


def test_a_table_without_rules_whose_cells_wrap(tmp_path):
    f = _facts(tmp_path, docs.unruled_table_report())
    assert f.get("penalties") == [
        {"number": "沪金市监案处〔2024〕282024000777号", "date": "2024-07-18", "serious": True,
         "authority": "上海市金山区市场监督管理局"},
        {"number": "金市监简罚〔2025〕1021号", "date": "2025-07-03", "serious": False,
         "authority": "上海市金山区市场监督管理局"}]
    (tmp_path / "d").mkdir()
    draft = _draft(tmp_path / "d", {"信用报告.pdf": docs.unruled_table_report()})
    assert _check(draft, "credit_serious_violation").status == "fail"


def test_a_letter_with_sections_as_sentences(tmp_path):
    f = _facts(tmp_path, docs.letter_report())
    assert f.get("abnormal") == [{"date": "2025-02-08", "reason": "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
                                  "removed": "2025-04-02"}]
    assert {k: f.get("sections")[k] for k in ("penalties", "dishonest", "abnormal")} == {
        "penalties": "none", "dishonest": "none", "abnormal": "records"}
    (tmp_path / "d").mkdir()
    draft = _draft(tmp_path / "d", {"告知书.pdf": docs.letter_report()})
    assert _check(draft, "operating_normally").status == "pass"
    assert _check(draft, "credit_serious_violation").status == "pass"
