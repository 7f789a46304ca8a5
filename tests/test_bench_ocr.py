"""The OCR benchmark's accuracy measure, table and done-when figures on a tiny fixture (no OCR in quick tests)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from pipeline.bench.ocr import (
    HEADERS, PageResult, accuracy, figures, kind_accuracy, normalise, page_distance, percentile, print_figures,
    table_rows,
)
from pipeline.bench.table import format_table


def test_normalise_folds_width_and_drops_whitespace():
    assert normalise("统一社会信用代码：９１３１ 0116\nMA1K") == "统一社会信用代码:91310116MA1K"
    assert normalise(" \t\u3000\n") == ""


def test_accuracy_is_one_minus_edit_distance_over_reference_length():
    ref = "上海金山精密制造有限公司"  # 12 characters
    assert accuracy(ref, ref) == 1.0
    assert accuracy("上海金山精密制造有限公", ref) == pytest.approx(1 - 1 / 12)  # one deleted
    assert accuracy("上海金山精蜜制造有限公司", ref) == pytest.approx(1 - 1 / 12)  # one substituted
    assert accuracy("上海 金山\n精密制造有限公司", ref) == 1.0  # layout whitespace does not count
    assert accuracy("", ref) == 0.0
    assert accuracy("完全不同的一长串文字" * 5, ref) == 0.0  # floored at 0
    assert accuracy("", "") == 1.0
    assert page_distance("ＡＢＣ", "ABC") == (0, 3)  # NFKC: full-width letters are the same text


def _fixture() -> list[PageResult]:
    return [
        PageResult("paddle", "text_layer", "p1/a.pdf", 1, 400, 0, [0.02]),
        PageResult("paddle", "text_layer", "p1/a.pdf", 2, 300, 0, [0.03]),
        PageResult("paddle", "clean_scan", "p1/b.jpg", 1, 100, 0, [1.0, 1.2]),
        PageResult("paddle", "clean_scan", "p2/c.jpg", 1, 100, 1, [1.4]),
        PageResult("paddle", "hard_scan", "p2/d.jpg", 1, 200, 6, [2.0]),
        PageResult("paddle", "rotated_photo", "p3/e.jpg", 1, 50, 0, [1.8]),
        PageResult("tesseract", "clean_scan", "p1/b.jpg", 1, 100, 10, [0.5]),
    ]


def test_table_has_one_row_per_engine_and_page_kind():
    rows = table_rows(_fixture(), ["paddle", "tesseract"])
    assert [(r[0], r[1]) for r in rows] == [
        ("paddle", "text layer"), ("paddle", "clean scan"), ("paddle", "hard scan (seal/blur/skew/JPEG)"),
        ("paddle", "rotated photo"), ("tesseract", "clean scan"),
    ]
    text, clean, hard, _, tess = rows
    assert text[2:4] == [2, 700] and text[4] == "100.00" and text[7] == "40.0"  # 2 pages in 0.05 s
    assert clean[2:4] == [2, 200] and clean[4] == "99.50"  # characters pooled: 1 − 1/200
    assert clean[5] == "1.250"  # median of the pages' medians (1.1 and 1.4)
    assert hard[4] == "97.00" and tess[4] == "90.00"
    table = format_table(HEADERS, rows)
    assert table.splitlines()[0].split()[:3] == ["engine", "page", "kind"]
    assert len(table.splitlines()) == 2 + len(rows)


def test_percentile_and_kind_accuracy():
    assert percentile([1, 2, 3, 4, 5], 90) == pytest.approx(4.6)
    assert percentile([], 50) == 0.0
    assert kind_accuracy([]) is None
    assert kind_accuracy(_fixture()[2:4]) == pytest.approx(0.995)


def test_figures_pass_and_fail():
    figs = figures(_fixture(), "paddle", [("e.jpg", 1.0, 1.0)])
    by = {f.label.split(":")[0]: f for f in figs}
    assert by["clean scan"].ok is True  # 99.5% ≥ 99%
    assert by["hard scan (seal/blur/skew/JPEG)"].ok is False  # 97% < 98%
    assert figs[2].ok is True  # rotated as well as upright
    assert figs[3].ok is True and "1.40 s over 3 pages" in figs[3].value  # scan pages only: 1.1, 1.4, 2.0
    assert figs[4].ok is True  # 40 pages/s
    out = io.StringIO()
    assert print_figures("paddle", figs, file=out) is False
    assert "FAIL  hard scan" in out.getvalue()
    # a rotated photo read worse than upright fails; missing kinds are not measured
    assert figures(_fixture(), "paddle", [("e.jpg", 0.95, 1.0)])[2].ok is False
    assert all(f.ok is None for f in figures([], "paddle"))


def test_unknown_engine_is_refused(capsys, tmp_path, monkeypatch):
    from pipeline.bench import ocr

    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path / "cache"))
    args = SimpleNamespace(samples="samples", engines=["nosuch"], repeat=1)
    assert ocr.run(args) == 2
    assert "nosuch" in capsys.readouterr().err


@pytest.mark.slow
def test_bench_ocr_on_the_samples_meets_accuracy(capsys):
    """Real OCR over every sample page with the default engine (minutes)."""
    from pipeline.bench import run_bench

    run_bench("ocr", SimpleNamespace(samples="samples", engines=["paddle"], repeat=1))
    out = capsys.readouterr().out
    assert "PASS  clean scan" in out and "PASS  hard scan" in out and "PASS  rotated photos" in out
