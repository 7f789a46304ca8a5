"""The sample packets match their declared ground truth, and the generator reproduces them."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from samples.build import render_file
from samples.generate import PACKETS_DIR, generate_packet
from samples.truth_model import TRUTH_DIR, all_truths, load_truth
from samples.uscc import check_character, is_valid

TRUTHS = all_truths()
IDS = [t.packet for t in TRUTHS]


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_at_least_eight_packets():
    assert len(TRUTHS) >= 8


def test_uscc_check_character():
    assert is_valid("91110000600037341L") and is_valid("91110108551385082Q")
    assert not is_valid("91110000600037341M")
    assert check_character("91310116MA1FL2K3X") == "9"


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_truth_usccs_are_valid(truth):
    codes = [truth.applicant.uscc] if truth.applicant.uscc else []
    for f in truth.files:
        for d in f.documents:
            if d.facts.get("uscc"):
                codes.append(d.facts["uscc"])
    for code in codes:
        assert is_valid(code), code
        assert code[2:8] == "310116", f"{code}: not registered in Jinshan"


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_packet_folder_holds_exactly_the_declared_files(truth):
    folder = PACKETS_DIR / truth.packet
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.file for f in truth.files)


def test_every_packet_folder_has_a_truth():
    assert sorted(p.name for p in PACKETS_DIR.iterdir() if p.is_dir()) == sorted(IDS)


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_text_layer_pdfs_hold_the_truth_lines(truth):
    for f in truth.files:
        if f.page_kind != "text_layer":
            continue
        with pdfplumber.open(PACKETS_DIR / truth.packet / f.file) as pdf:
            assert len(pdf.pages) == len(f.pages)
            for page, declared in zip(pdf.pages, f.pages):
                got = _norm(page.extract_text() or "")
                for line in declared.texts:
                    assert _norm(line) in got, f"{f.file} p{declared.page}: {line!r} not in the text layer"


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_scans_have_the_declared_page_count_and_size(truth):
    for f in truth.files:
        path = PACKETS_DIR / truth.packet / f.file
        if f.page_kind == "office":  # a Word or Excel 申报表: opens with its library, no page image
            if path.suffix.lower() == ".docx":
                import docx

                assert docx.Document(str(path)).tables
            else:
                import openpyxl

                assert openpyxl.load_workbook(path).active.max_row > 3
            continue
        if path.suffix.lower() == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert len(pdf.pages) == len(f.pages)
                if f.page_kind != "text_layer":  # image only, as a scanner writes it
                    assert all(not (p.extract_text() or "").strip() for p in pdf.pages)
            continue
        with Image.open(path) as img:
            assert getattr(img, "n_frames", 1) == len(f.pages)
            if f.page_kind == "rotated_photo":
                assert img.width > img.height  # a portrait certificate shot sideways
            else:
                assert img.size == (1240, 1754)


def test_the_kinds_the_issue_asks_for_are_present():
    kinds = {f.page_kind for t in TRUTHS for f in t.files}
    assert {"text_layer", "hard_scan", "rotated_photo"} <= kinds
    outcomes = {t.expected.eligibility for t in TRUTHS}
    assert outcomes == {"eligible", "ineligible", "needs_review"}
    assert any(c.rule == "annual_cap" for t in TRUTHS for c in t.expected.caps)
    assert any(len({d.type for d in f.documents}) >= 3 for t in TRUTHS for f in t.files)  # a 合订本
    assert any(Path(f.file).suffix.lower() in {".tif", ".tiff"} for t in TRUTHS for f in t.files)
    assert any(re.fullmatch(r"IMG_\d+\.jpg", f.file) for t in TRUTHS for f in t.files)


def test_samples_stay_under_20_mb():
    total = sum(p.stat().st_size for p in PACKETS_DIR.rglob("*") if p.is_file())
    assert total < 20 * 1024 * 1024


def test_generator_is_deterministic(tmp_path):
    truth = load_truth(TRUTH_DIR / "p01-quality-gold.yaml")
    written = generate_packet(truth, tmp_path)
    for path in written:
        committed = PACKETS_DIR / truth.packet / path.name
        assert path.read_bytes() == committed.read_bytes(), f"{path.name} differs from the committed sample"


def test_rendering_twice_gives_the_same_bytes():
    truth = load_truth(TRUTH_DIR / "p08-phone-photo.yaml")
    for f in truth.files:
        assert render_file(truth, f) == render_file(truth, f)


def test_truth_refuses_a_wrong_total(tmp_path):
    text = (TRUTH_DIR / "p01-quality-gold.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "p01-quality-gold.yaml"
    bad.write_text(text.replace("total_yuan: 300000", "total_yuan: 310000"), encoding="utf-8")
    with pytest.raises(ValueError, match="total_yuan"):
        load_truth(bad)
