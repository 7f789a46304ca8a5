"""The extraction benchmark's comparison on hand-made facts, and the shared table printer."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from models.facts import DocumentFacts, Fact
from pipeline.bench import run_bench
from pipeline.bench.corpus import Entry, Score, compare_entry, report, sample_entries
from pipeline.bench.extract import Tally, compare_records, compare_value, norm_text, norm_value
from pipeline.bench.table import cell_width, format_table


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


def test_records_compare_on_the_sub_fields_the_kind_names():
    """A notice's winner rows are records matched on unit, rank and project (pipeline/kinds/award_notice.yaml)."""
    truth = {"units": [{"unit": "上海金山申佳环保科技有限公司", "rank": "三等奖", "project": "GB/T 42756—2023 工业废水处理用生物填料"}]}
    same = {"units": [{"unit": "上海金山申佳环保科技有限公司", "rank": "三等奖", "project": "GB/T 42756-2023 工业废水处理用生物填料"}]}
    other_rank = {"units": [{"unit": "上海金山申佳环保科技有限公司", "rank": "二等奖", "project": "GB/T 42756—2023 工业废水处理用生物填料"}]}
    entry = Entry(id="n1", file="x.pdf", pages=[1], type="award_notice", fields=truth)
    assert all(o.ok for o in compare_entry(entry, same))
    assert not all(o.ok for o in compare_entry(entry, other_rank))


# -- precision and recall --------------------------------------------------------------------------------------

LICENCE = {"name": "上海金山恒达新材料科技有限公司", "uscc": "91310116MA1FL2K3X9", "kind": "有限责任公司（自然人投资或控股）",
           "legal_rep": "陈建国", "established": date(2016, 5, 18), "address": "上海市金山区亭林镇林盛路88号3幢"}


def _licence(values) -> list:
    return compare_entry(Entry(id="l1", file="l.jpg", pages=[1], type="business_licence", fields=LICENCE), values)


def test_a_missed_field_lowers_recall_only():
    t = _tally(_licence(dict(LICENCE, established=None)))
    assert (t.n_truth, t.n_extracted, t.correct) == (6, 5, 5)
    assert t.precision == 1.0 and t.recall == 5 / 6


def test_a_wrong_value_lowers_precision_and_recall():
    t = _tally(_licence(dict(LICENCE, established="2016-05-19")))
    assert (t.n_truth, t.n_extracted, t.correct) == (6, 6, 5)
    assert t.precision == 5 / 6 and t.recall == 5 / 6


def test_report_prints_per_field_tables_misses_and_the_last_line():
    from pipeline.bench.corpus import Compared

    entry = Entry(id="l1", file="l.jpg", pages=[1], type="business_licence", fields=LICENCE, family="fam")
    score = Score("set", rows=[Compared(entry, o) for o in _licence(dict(LICENCE, established="2016-05-19"))],
                  typed=1, documents=1)
    out = io.StringIO()
    assert report(score, out) is False
    text = out.getvalue()
    assert "business_licence" in text and "established" in text and "2016-05-19" in text and "FAIL" in text
    assert text.strip().splitlines()[-1] == "fields: P=0.833 R=0.833 over 6 fields"
    perfect = Score("set", rows=[Compared(entry, o) for o in _licence(LICENCE)], typed=1, documents=1)
    assert report(perfect, io.StringIO()) is True


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
    """Every value shape in the samples' truth (dates, years, lists, records) survives normalisation: extracted
    values equal to the truth give precision and recall 1.0, and every field is one its kind declares."""
    from pathlib import Path

    entries = sample_entries(Path("samples"))
    t = _tally(o for e in entries for o in compare_entry(e, e.fields))
    assert t.n_truth > 200 and t.precision == 1.0 and t.recall == 1.0


def test_dispatcher_imports_the_benchmark_lazily_and_returns_its_code(monkeypatch):
    import sys

    calls = []
    fake = SimpleNamespace(run=lambda args: calls.append(args) or 1)
    monkeypatch.setitem(sys.modules, "pipeline.bench.fakebench", fake)
    args = SimpleNamespace(samples="samples", engines=None, repeat=1)
    assert run_bench("fakebench", args) == 1 and calls == [args]


