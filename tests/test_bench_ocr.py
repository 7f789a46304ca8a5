"""The OCR benchmark's accuracy measure, table and done-when figures on a tiny fixture (no OCR in quick tests)."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest

from pipeline.bench.ocr import (
    HEADERS, PageResult, Startup, Timed, accuracy, figures, kind_accuracy, known_engines, normalise, page_distance,
    percentile, print_figures, table_rows,
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
        PageResult("ppocr", "text_layer", "p1/a.pdf", 1, 400, 0, [0.02]),
        PageResult("ppocr", "text_layer", "p1/a.pdf", 2, 300, 0, [0.03]),
        PageResult("ppocr", "clean_scan", "p1/b.jpg", 1, 100, 0, [1.0, 1.2], [0.4, 0.6]),
        PageResult("ppocr", "clean_scan", "p2/c.jpg", 1, 100, 1, [1.4], [0.7]),
        PageResult("ppocr", "hard_scan", "p2/d.jpg", 1, 200, 6, [2.0], [0.5]),
        PageResult("ppocr", "rotated_photo", "p3/e.jpg", 1, 50, 0, [1.8]),
        PageResult("ppocr", "dense", "policy/f.pdf", 1, 1000, 1, [0.9]),
        PageResult("ppocr", "dense", "policy/f.pdf", 2, 1000, 0, [0.9]),
        PageResult("paddle", "clean_scan", "p1/b.jpg", 1, 100, 0, [1.5]),
        PageResult("paddle", "clean_scan", "p2/c.jpg", 1, 100, 1, [1.5]),
        PageResult("paddle", "dense", "policy/f.pdf", 1, 1000, 0, [1.5]),
        PageResult("paddle", "dense", "policy/f.pdf", 2, 1000, 0, [1.5]),
        PageResult("tesseract", "clean_scan", "p1/b.jpg", 1, 100, 10, [0.5]),
        PageResult("tesseract", "dense", "policy/f.pdf", 1, 1000, 20, [2.0]),
        PageResult("tesseract", "dense", "policy/f.pdf", 2, 1000, 20, [2.0]),
    ]


def test_table_has_one_row_per_engine_and_page_kind():
    rows = table_rows(_fixture(), ["ppocr", "paddle", "tesseract"])
    assert [(r[0], r[1]) for r in rows] == [
        ("ppocr", "text layer"), ("ppocr", "clean scan"), ("ppocr", "hard scan (seal/blur/skew/JPEG)"),
        ("ppocr", "rotated photo"), ("ppocr", "dense (policy text, 4 pages)"),
        ("paddle", "clean scan"), ("paddle", "dense (policy text, 4 pages)"),
        ("tesseract", "clean scan"), ("tesseract", "dense (policy text, 4 pages)"),
    ]
    text, clean, hard, _, dense, pclean, _, tess, tdense = rows
    assert text[2:4] == [2, 700] and text[4] == "100.00" and text[8] == "40.0"  # 2 pages in 0.05 s
    assert clean[2:4] == [2, 200] and clean[4] == "99.50"  # characters pooled: 1 − 1/200
    assert clean[5] == "+0.00" and pclean[5] is None  # Δ against the reference engine (paddle), same kind
    assert dense[4] == "99.95" and dense[5] == "-0.05"
    assert clean[6] == "1.250"  # median of the pages' medians (1.1 and 1.4)
    assert clean[9] == "0.600"  # median CPU: 0.5 and 0.7
    assert dense[10] == "0.45×"  # Σ 1.8 s against Tesseract's Σ 4.0 s on the same two pages
    assert clean[10] == "2.20×"  # only the page both read: 1.1 s / 0.5 s
    assert hard[4] == "97.00" and hard[10] is None and tess[4] == "90.00" and tess[10] is None
    table = format_table(HEADERS, rows)
    assert table.splitlines()[0].split()[:3] == ["engine", "page", "kind"]
    assert len(table.splitlines()) == 2 + len(rows)


def test_percentile_and_kind_accuracy():
    assert percentile([1, 2, 3, 4, 5], 90) == pytest.approx(4.6)
    assert percentile([], 50) == 0.0
    assert kind_accuracy([]) is None
    assert kind_accuracy(_fixture()[2:4]) == pytest.approx(0.995)


def _key(label: str) -> str:
    return re.split(r":| ≤| ≥| \(", label)[0]


def test_figures_pass_and_fail():
    startup = Startup(text_command_scan=Timed([1.2, 1.4, 3.0], 0.5), text_command_text_layer=Timed([0.3], 0.5))
    figs = figures(_fixture(), "ppocr", [("e.jpg", 1.0, 1.0)], startup)
    by = {_key(f.label): f for f in figs}
    assert by["clean scan"].ok is True  # 99.5% ≥ 99%
    assert by["hard scan"].ok is False  # 97% < 98%
    assert by["rotated photos read as well as upright"].ok is True
    assert by["dense"].ok is True  # 99.95% ≥ 99.9%
    assert by["accuracy within 0.1 point of the reference"].ok is True  # −0.05 on dense, 0 on clean
    assert by["median"].ok is True and "1.40 s over 3 pages" in by["median"].value  # scans only: 1.1, 1.4, 2.0
    assert by["certificate pages"].ok is True and "0.50 CPU-s" in by["certificate pages"].value
    assert by["dense pages"].ok is True  # 0.9 s per page
    assert by["dense pages"].ok is True
    assert next(f for f in figs if "Tesseract's" in f.label).ok is True  # 0.45×
    assert by["text-layer pages"].ok is True  # 40 pages/s
    assert by["start-up to first OCR'd page"].ok is True and "1.40 s (median of 3, load 0.50)" in \
        by["start-up to first OCR'd page"].value
    assert by["a text-layer file's `python -m pipeline text`"].ok is True
    out = io.StringIO()
    assert print_figures("ppocr", figs, file=out) is False
    assert "FAIL  hard scan" in out.getvalue()
    # a rotated photo read worse than upright fails; missing kinds, engines and start-up are not measured
    assert figures(_fixture(), "ppocr", [("e.jpg", 0.95, 1.0)])[2].ok is False
    assert all(f.ok is None for f in figures([], "ppocr"))
    worse = [r for r in _fixture() if not (r.engine == "ppocr" and r.kind == "dense")] + [
        PageResult("ppocr", "dense", "policy/f.pdf", 1, 1000, 3, [1.2]),
        PageResult("ppocr", "dense", "policy/f.pdf", 2, 1000, 0, [1.3])]
    failed = {_key(f.label) for f in figures(worse, "ppocr") if f.ok is False}
    assert failed == {"hard scan", "accuracy within 0.1 point of the reference", "dense pages", "dense"}


def test_unknown_engine_is_refused(capsys, tmp_path, monkeypatch):
    from pipeline.bench import ocr

    monkeypatch.setenv("JINSHAN_CACHE_DIR", str(tmp_path / "cache"))
    args = SimpleNamespace(samples="samples", engines=["nosuch"], repeat=1)
    assert ocr.run(args) == 2
    assert "nosuch" in capsys.readouterr().err


def test_every_preset_is_valid_options_and_the_first_is_the_default():
    from pipeline.ocr import default_options
    from pipeline.ocr.options import PRESETS, preset

    names = known_engines()
    assert names[0] == "ppocr" and preset("ppocr") == default_options()
    assert {"ppocr-base", "paddle", "rapid", "tesseract"} <= set(names)
    for name in PRESETS:
        assert preset(name).kind == "ppocr"


@pytest.mark.slow
def test_bench_ocr_on_the_samples_meets_accuracy(capsys):
    """Real OCR over every sample page with the default engine (minutes)."""
    from pipeline.bench import run_bench

    run_bench("ocr", SimpleNamespace(samples="samples", engines=["ppocr"], repeat=1))
    out = capsys.readouterr().out
    assert "PASS  clean scan" in out and "PASS  hard scan" in out and "PASS  rotated photos" in out
    assert "PASS  dense" in out
