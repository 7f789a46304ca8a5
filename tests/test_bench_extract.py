"""The extraction benchmark's comparison on hand-made facts, and the shared table printer."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from models.facts import DocumentFacts, Fact
from pipeline.bench import run_bench
from pipeline.bench.extract import (
    Tally, compare_facts, compare_records, compare_value, norm_text, norm_value, report, score_packet,
)
from pipeline.bench.table import cell_width, format_table
from samples.truth_model import Document, FileTruth, Page


def _tally(outcomes) -> Tally:
    t = Tally()
    for o in outcomes:
        t.add(o)
    return t


# -- normalisation -------------------------------------------------------------------------------------------------

def test_dates_compare_as_iso_whatever_their_type():
    assert norm_value(date(2025, 12, 18)) == norm_value("2025-12-18")
    assert compare_value("date", date(2025, 12, 18), "2025-12-18").ok
    assert compare_value("year", 2025, "2025").ok
    assert not compare_value("date", date(2025, 12, 18), "2025-12-19").ok


def test_standard_codes_compare_without_spaces_and_with_one_dash():
    assert norm_text("GB/T 46012—2025") == norm_text("GB/T46012-2025")
    assert compare_value("code", "GB/T 46012—2025", "GB／T 46012－2025").ok
    assert compare_value("code", "DB31/T 1588—2025", "DB31/T 1588–2025").ok
    assert not compare_value("code", "GB/T 46012—2025", "GB/T 46013—2025").ok


def test_brackets_colons_and_whitespace_are_unified():
    assert compare_value("type", "有限责任公司（自然人投资或控股）", "有限责任公司(自然人投资或控股)").ok
    assert norm_text("报告编号：XYB G") == norm_text("报告编号:XYBG")
    assert norm_value("  ") is None and norm_value([]) is None and norm_value(None) is None


def test_false_is_a_value_not_a_null():
    o = compare_value("re_certification", False, False)
    assert (o.n_truth, o.n_extracted, o.correct) == (1, 1, 1)
    assert not compare_value("re_certification", False, True).ok


def test_null_on_both_sides_is_a_true_negative_and_an_extra_value_a_false_positive():
    tn = compare_value("employer", None, None)
    assert (tn.n_truth, tn.n_extracted, tn.correct) == (0, 0, 0) and tn.ok
    fp = compare_value("employer", None, "某公司")
    assert (fp.n_truth, fp.n_extracted, fp.correct) == (0, 1, 0)


def test_lists_compare_element_wise_in_order():
    units = ["上海金山华标精细化工有限公司", "江苏钟山化工有限公司"]
    assert compare_value("drafting_units", units, [" 上海金山华标精细化工有限公司", "江苏钟山化工有限公司"]).ok
    assert not compare_value("drafting_units", units, list(reversed(units))).ok
    assert not compare_value("drafting_units", units, units[:1]).ok


def test_records_compare_on_date_and_content():
    truth = [{"date": "2024-06-18", "content": "拖欠农民工工资被列入严重失信主体名单（上海市金山区人力资源和社会保障局）"}]
    got = [{"date": date(2024, 6, 18), "content": "拖欠农民工工资被列入严重失信主体名单(上海市金山区人力资源和社会保障局)",
            "extra": "ignored"}]
    o = compare_records("serious_dishonesty", ("date", "content"), truth, got)
    assert (o.n_truth, o.n_extracted, o.correct) == (1, 1, 1)
    wrong = compare_records("serious_dishonesty", ("date", "content"), truth, [{"date": "2024-06-19", "content": "x"}])
    assert (wrong.n_truth, wrong.n_extracted, wrong.correct) == (1, 1, 0)
    empty = compare_records("penalties", ("date", "content"), [], [])
    assert (empty.n_truth, empty.n_extracted) == (0, 0)


def test_nested_record_is_compared_per_sub_field():
    truth = {"honour": "中国标准创新贡献奖", "applicant_row": {"rank": "三等奖", "project": "GB/T 42756—2023 工业废水处理用生物填料",
                                                   "units": ["上海金山申佳环保科技有限公司"]}}
    got = {"honour": "中国标准创新贡献奖", "applicant_row": {"rank": "二等奖", "project": "GB/T 42756-2023 工业废水处理用生物填料",
                                                 "units": ["上海金山申佳环保科技有限公司"]}}
    by_name = {o.field: o for o in compare_facts("award_notice", truth, got)}
    assert by_name["applicant_row.project"].ok and by_name["applicant_row.units"].ok
    assert not by_name["applicant_row.rank"].ok


# -- precision and recall --------------------------------------------------------------------------------------

LICENCE = {"name": "上海金山恒达新材料科技有限公司", "uscc": "91310116MA1FL2K3X9", "type": "有限责任公司（自然人投资或控股）",
           "legal_representative": "陈建国", "established": date(2016, 5, 18), "address": "上海市金山区亭林镇林盛路88号3幢"}


def test_a_missed_field_lowers_recall_only():
    got = dict(LICENCE, established=None)
    t = _tally(compare_facts("business_licence", LICENCE, got))
    assert (t.n_truth, t.n_extracted, t.correct) == (6, 5, 5)
    assert t.precision == 1.0 and t.recall == 5 / 6


def test_a_wrong_value_lowers_precision_and_recall():
    got = dict(LICENCE, established="2016-05-19")
    t = _tally(compare_facts("business_licence", LICENCE, got))
    assert (t.n_truth, t.n_extracted, t.correct) == (6, 6, 5)
    assert t.precision == 5 / 6 and t.recall == 5 / 6


def _truth(documents, page_kind="hard_scan"):
    pages = [Page(page=n, layout="licence", lines=["x"]) for n in sorted(p for d in documents for p in d.pages)]
    ft = FileTruth(file="营业执照.jpg" if len(pages) == 1 else "合订本.pdf", page_kind=page_kind,
                   documents=documents, pages=pages)
    return SimpleNamespace(packet="p99-test", files=[ft])


def _facts(file, pages, type_, values) -> DocumentFacts:
    return DocumentFacts(file=file, pages=pages, type=type_,
                         fields={k: Fact(value=v) for k, v in values.items()})


def test_score_packet_matches_by_file_and_pages_and_reports():
    truth = _truth([Document(type="business_licence", pages=[1], facts=LICENCE)])
    got = {"营业执照.jpg": [_facts("营业执照.jpg", [1], "business_licence",
                                 dict(LICENCE, established="2016-05-18", address="上海市金山区亭林镇林盛路88号3幢 "))]}
    score = score_packet(truth, got)
    assert score.matched == 1 and all(r.outcome.ok for r in score.rows)
    out = io.StringIO()
    assert report([score], out) == 0
    assert "PASS" in out.getvalue()


def test_a_document_split_differently_counts_all_fields_missed():
    report_facts = {"subject": "上海金山恒达新材料科技有限公司", "uscc": "91310116MA1FL2K3X9", "address": None,
                    "report_no": "XYBG2026031700158", "report_date": "2026-03-17", "penalties": [],
                    "serious_dishonesty": [], "abnormal_operations": []}
    truth = _truth([Document(type="credit_report", pages=[1, 2], facts=report_facts)])
    split = [_facts("合订本.pdf", [1], "credit_report", report_facts),
             _facts("合订本.pdf", [2], "credit_report", {})]
    score = score_packet(truth, {"合订本.pdf": split})
    t = _tally(r.outcome for r in score.rows)
    assert score.matched == 0
    assert t.recall == 0.0 and t.precision == 0.0  # the [1] document's values match nothing declared
    assert any("split differently" in n[2] for n in score.notes)
    out = io.StringIO()
    assert report([score], out) == 1
    assert "split differently" in out.getvalue() and "FAIL" in out.getvalue()


def test_an_unreadable_file_counts_as_missed():
    truth = _truth([Document(type="business_licence", pages=[1], facts=LICENCE)])
    score = score_packet(truth, {"营业执照.jpg": "ReadError: 无法读取"})
    t = _tally(r.outcome for r in score.rows)
    assert t.n_truth == 6 and t.n_extracted == 0 and t.recall == 0.0


def test_a_document_classified_differently_is_reported():
    facts = {"name": "李文博", "id_number": "310228198506122416", "address": "上海市金山区"}
    truth = _truth([Document(type="other", pages=[1], facts=facts)], page_kind="clean_scan")
    score = score_packet(truth, {"营业执照.jpg": [_facts("营业执照.jpg", [1], "id_card", facts)]})
    assert score.notes == [("p99-test", "营业执照.jpg", "other p.1: classified as id_card")]


# -- dispatcher and table ----------------------------------------------------------------------------------------

def test_dispatcher_refuses_unknown_benchmarks(capsys):
    assert run_bench("nope", SimpleNamespace()) == 2
    assert run_bench("../x", SimpleNamespace()) == 2
    assert "unknown benchmark" in capsys.readouterr().err


def test_table_aligns_cjk_columns():
    text = format_table(["字段", "n", "值"], [["名称", 3, "上海金山（恒达）"], ["uscc", 12, "91310116MA1FL2K3X9"],
                                          ["legal_representative", 1, None]])
    lines = text.splitlines()
    assert cell_width("名称") == 4 and cell_width("（") == 2 and cell_width("abc") == 3
    # Every cell starts at the same terminal column on every line.
    starts = {cell_width(line[: line.index(cell)]) for line, cell in zip(lines[2:], ["3", "12", "1"])}
    ends = {cell_width(line[: line.index(cell)]) + cell_width(cell) for line, cell in zip(lines[2:], ["3", "12", "1"])}
    assert len(ends) == 1, text  # numbers right-aligned
    assert len(starts) == 2
    values = {cell_width(line[: line.index(v)]) for line, v in zip(lines[2:], ["上海", "9131", "—"])}
    assert len(values) == 1, text
    assert cell_width(lines[0]) <= cell_width(lines[1])


def test_the_truth_itself_scores_perfectly_on_every_sample_packet():
    """Every value shape in the real truth files (dates as objects or strings, years, booleans, records, nested
    rows) survives normalisation: extracted facts equal to the truth give precision and recall 1.0."""
    from samples.truth_model import all_truths

    scores = []
    for truth in all_truths():
        extracted = {ft.file: [_facts(ft.file, d.pages, d.type, d.facts) for d in ft.documents] for ft in truth.files}
        scores.append(score_packet(truth, extracted))
    rows = [r for s in scores for r in s.rows]
    t = _tally(r.outcome for r in rows)
    assert t.n_truth > 200 and t.precision == 1.0 and t.recall == 1.0
    assert not [n for s in scores for n in s.notes]
    out = io.StringIO()
    assert report(scores, out) == 0, out.getvalue()


def test_dispatcher_imports_the_benchmark_lazily_and_returns_its_code(monkeypatch):
    import sys

    calls = []
    fake = SimpleNamespace(run=lambda args: calls.append(args) or 1)
    monkeypatch.setitem(sys.modules, "pipeline.bench.fakebench", fake)
    args = SimpleNamespace(samples="samples", engines=None, repeat=1)
    assert run_bench("fakebench", args) == 1 and calls == [args]


def test_engines_option_builds_ocr_options():
    from pipeline.bench.extract import _engine_options

    assert _engine_options(None) == [None]
    assert [o.kind for o in _engine_options(["paddle", "tesseract"])] == ["paddle", "tesseract"]
