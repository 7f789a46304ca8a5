"""The generated layout families (samples/families): tagging, the truth schema shared with the corpus, and that
every value of the truth is drawn on the document (read back from the text layer of text-layer PDFs)."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pdfplumber
import pytest
import yaml
from PIL import Image
from pydantic import ValidationError

from samples.families import DEFAULT_PER_FAMILY, FAMILIES, build_one, build_set
from samples.families import printed
from samples.families.base import BUILDERS
from samples.families.catalog import by_name
from samples.families.credit_report import MARKS_SERIOUS
from samples.families.make import load_builders
from samples.families.schema import KINDS, Truth, load
from samples.uscc import is_valid

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def text_set(tmp_path_factory) -> tuple[Path, dict]:
    """Every family once, all written as text-layer PDFs: the check that values are drawn covers every layout."""
    out = tmp_path_factory.mktemp("families-text")
    return out, build_set(out, "all", per_family=1, delivery="text_pdf")


@pytest.fixture(scope="module")
def mixed_set(tmp_path_factory) -> tuple[Path, dict]:
    """A few families in their own deliveries: photos turned, sideways landscape pages, copies, text layers."""
    out = tmp_path_factory.mktemp("families-mixed")
    names = ["credit_landscape_wide_table", "award_comrade_sentence", "lic_copy_wrapped_margin"]
    return out, build_set(out, "all", per_family=2, names=names)


def test_every_builder_has_exactly_one_tagged_row():
    load_builders()
    names = [f.name for f in FAMILIES]
    assert len(names) == len(set(names))
    assert set(names) == set(BUILDERS)
    assert {f.tag for f in FAMILIES} == {"tune", "report"}
    assert {f.kind for f in FAMILIES} == set(KINDS)


def test_each_kind_has_its_own_families_and_some_held_out():
    by_kind = Counter(f.kind for f in FAMILIES)
    for kind in KINDS:
        assert by_kind[kind] >= (3 if kind == "other" else 4), kind
        assert any(f.tag == "report" for f in FAMILIES if f.kind == kind), f"{kind}: no report-only family"
        assert any(f.tag == "tune" for f in FAMILIES if f.kind == kind), f"{kind}: no tune family"
    share = sum(f.tag == "report" for f in FAMILIES) / len(FAMILIES)
    assert 0.25 <= share <= 0.42, f"report share {share:.2f}, about a third wanted"


def test_readme_lists_every_family_with_its_tag():
    readme = (Path(__file__).resolve().parents[1] / "samples" / "README.md").read_text(encoding="utf-8")
    for f in FAMILIES:
        assert f"`{f.name}` | {f.tag} |" in readme, f.name


def test_the_default_set_stays_modest():
    assert 60 <= DEFAULT_PER_FAMILY * len(FAMILIES) <= 130  # the bench generates and reads them every run


def test_no_family_copies_a_corpus_family_name():
    if not (CORPUS / "truth.yaml").exists():
        pytest.skip("../shared/corpus is not present")
    corpus_families = {e.family for e in load(CORPUS / "truth.yaml").entries}
    assert not corpus_families & {f.name for f in FAMILIES}


def test_corpus_truth_reads_with_the_same_schema():
    if not (CORPUS / "truth.yaml").exists():
        pytest.skip("../shared/corpus is not present")
    assert len(load(CORPUS / "truth.yaml").entries) > 50


def test_output_has_the_corpus_layout(mixed_set):
    out, truth = mixed_set
    assert sorted(p.name for p in out.iterdir()) == ["documents", "truth.yaml"]
    listed = sorted(e["file"] for e in truth["entries"])
    assert sorted(f"documents/{p.name}" for p in (out / "documents").iterdir()) == listed
    again = load(out / "truth.yaml")
    assert again.documents == len(again.entries) == 6
    assert set(again.families) == {e.family for e in again.entries}


def test_rasters_are_150_dpi_pages_and_turned_as_declared(mixed_set):
    out, truth = mixed_set
    seen = Counter()
    for e in truth["entries"]:
        path = out / e["file"]
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert len(pdf.pages) == len(e["pages"])
                text = "".join(p.extract_text() or "" for p in pdf.pages)
                assert bool(text.strip()) == (e["delivery"] == "text_pdf"), e["id"]
                for page, cw in zip(pdf.pages, e.get("page_rotations_cw") or [e.get("content_rotation_cw", 0)] *
                                    len(pdf.pages)):
                    seen[e["delivery"], cw] += 1
            continue
        with Image.open(path) as img:
            w, h = img.size
        cw = e.get("content_rotation_cw", 0)
        seen[e["delivery"], cw] += 1
        if e["delivery"] == "photo_jpg":
            assert max(w, h) == 2048
        else:
            portrait = (1240, 1754)
            assert (w, h) in (portrait, portrait[::-1]), (e["id"], w, h)
    assert any(d == "photo_jpg" for d, _ in seen)
    assert any(cw for _, cw in seen), "some page is turned"
    assert any(e.get("page_rotations_cw") or e.get("content_rotation_cw") for e in truth["entries"]
               if e["delivery"] == "scan_pdf")


def test_every_value_is_in_the_text_layer(text_set):
    out, truth = text_set
    assert len(truth["entries"]) == len(FAMILIES)
    for e in truth["entries"]:
        runs = printed.runs_of_pdf(out / e["file"])
        assert not printed.missing(e["type"], e["fields"], runs), e["id"]


def test_natural_text_pdf_deliveries_hold_their_values(mixed_set):
    out, truth = mixed_set
    text_pdfs = [e for e in truth["entries"] if e["delivery"] == "text_pdf"]
    assert text_pdfs
    for e in text_pdfs:
        assert not printed.missing(e["type"], e["fields"], printed.runs_of_pdf(out / e["file"])), e["id"]


def test_the_value_check_can_fail(text_set):
    out, truth = text_set
    e = next(x for x in truth["entries"] if x["type"] == "business_licence")
    runs = printed.runs_of_pdf(out / e["file"])
    wrong = dict(e["fields"], legal_rep="欧阳未名", established="1999-09-09")
    assert sorted(printed.missing("business_licence", wrong, runs)) == ["established: 1999-09-09",
                                                                       "legal_rep: 欧阳未名"]


def test_usccs_are_valid(text_set):
    _, truth = text_set
    codes = [e["fields"]["uscc"] for e in truth["entries"] if e["fields"].get("uscc")]
    assert len(codes) >= 6
    assert all(is_valid(c) for c in codes), codes


def test_field_conventions(text_set):
    _, truth = text_set
    for e in truth["entries"]:
        f = e["fields"]
        if e["type"] == "award_notice":
            assert 2 <= len(f["units"]) <= 3, e["id"]
            assert e["hints"]["rows"] >= len(f["units"])
        if e["type"] == "standard":
            assert f["code"].replace("—", "") == f["code_as_printed"].replace("—", "").replace("-", "").replace(
                "－", ""), e["id"]
        if e["type"] == "credit_report" and e["family"] not in MARKS_SERIOUS:
            assert not any(p["serious"] for p in f["penalties"]), e["id"]


def test_credit_reports_hold_old_and_serious_records(tmp_path):
    names = [f.name for f in FAMILIES if f.kind == "credit_report"]
    truth = build_set(tmp_path, "all", per_family=4, names=names, delivery="text_pdf")
    old = serious = 0
    for e in truth["entries"]:
        f = e["fields"]
        three_years = (date.fromisoformat(f["report_date"]) - timedelta(days=3 * 365)).isoformat()
        old += sum(p["date"] < three_years for p in f["penalties"])
        serious += sum(p["serious"] for p in f["penalties"])
        if any(p["serious"] for p in f["penalties"]):
            text = "".join(r.text for r in printed.runs_of_pdf(tmp_path / e["file"]))
            assert "严重" in text, e["id"]
    assert old and serious
    assert any(e["fields"].get("subject_kind") == "individual" for e in truth["entries"])


def test_schema_refuses_unknown_and_missing_keys(text_set):
    out, _ = text_set
    good = yaml.safe_load((out / "truth.yaml").read_text(encoding="utf-8"))
    Truth.model_validate(good)

    def broken(edit):
        t = copy.deepcopy(good)
        edit(t)
        with pytest.raises(ValidationError):
            Truth.model_validate(t)

    def first(t, kind):
        return next(e for e in t["entries"] if e["type"] == kind)

    broken(lambda t: t.update(extra=1))
    broken(lambda t: t["entries"][0].update(colour="red"))
    broken(lambda t: first(t, "business_licence")["fields"].update(capital="1"))
    broken(lambda t: first(t, "business_licence")["fields"].pop("term"))
    broken(lambda t: first(t, "business_licence")["fields"].update(uscc="913101160000000000"))
    broken(lambda t: first(t, "standard")["fields"].update(code="GB/T 1-2024"))
    broken(lambda t: first(t, "award_certificate")["fields"].update(date="2024年3月5日"))
    broken(lambda t: first(t, "award_notice")["fields"]["units"][0].update(units=[]))
    broken(lambda t: first(t, "award_notice").update(hints={"row": 3}))
    broken(lambda t: t["entries"][0].update(family="no_such_family"))
    broken(lambda t: t.update(documents=t["documents"] + 1))


def test_generation_is_deterministic():
    for name in ("notice_annex_wrapped_grid", "award_bilingual_portrait"):
        fam = by_name()[name]
        a, b = build_one(fam, 0, 7), build_one(fam, 0, 7)
        assert a.data == b.data and a.entry == b.entry
    fam = by_name()["lic_registry_print"]
    assert build_one(fam, 0, 7).entry != build_one(fam, 0, 8).entry


def test_sets_split_by_tag(tmp_path):
    truth = build_set(tmp_path / "r", "report", per_family=1, delivery="text_pdf")
    assert {i["tag"] for i in truth["families"].values()} == {"report"}
    assert {e["family"] for e in truth["entries"]} == {f.name for f in FAMILIES if f.tag == "report"}
    with pytest.raises(ValueError, match="unknown families"):
        build_set(tmp_path / "x", "all", names=["no_such_family"])
