"""Golden documents per kind (tests/documents/<kind>/): a few documents of different layouts each, with their truth.

Each `<id>.yaml` beside its document gives the kind, the layout family and the fields a reviewer reads off it (the
corpus format), and `known_misses`: the fields the reader still gets wrong, each with what it reads instead. The
test fails when a field outside that list is read wrong — a regression — and when a listed field is read right, so
the list only ever shrinks honestly. `JINSHAN_GOLDEN_UPDATE=1 pytest tests/test_documents.py` rewrites the lists
from what the reader reads now (review the diff before committing it).

The documents were generated once by `python -m samples.families` (tune families only, seeds 7 and 8 — seed 11 for
the families added later, one document each —, one text-PDF
and one scanned delivery per family); the report-only families are never used here.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from pipeline.bench.corpus import Entry, _names_for, compare_entry
from pipeline.bench.extract import show
from pipeline.classify import split_and_classify
from pipeline.extract.documents import extract_facts
from pipeline.intake import _file
from pipeline.read import read_file
from tests.docmaker import policy

FOLDER = Path(__file__).parent / "documents"
CASES = sorted(FOLDER.glob("*/*.yaml"))
UPDATE = os.environ.get("JINSHAN_GOLDEN_UPDATE") == "1"


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _marks(path: Path):
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [pytest.mark.slow] if spec.get("delivery") != "text_pdf" else []


@pytest.mark.parametrize("case", [pytest.param(p, id=_case_id(p), marks=_marks(p)) for p in CASES])
def test_golden_document(case: Path):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    doc_file = case.with_name(spec["file"])
    entry = Entry(id=case.stem, file=spec["file"], pages=spec.get("pages") or [1], type=spec["kind"],
                  fields=spec["fields"], family=spec.get("family", ""), delivery=spec.get("delivery", ""))
    docs = split_and_classify(read_file(_file(doc_file.name, doc_file.read_bytes())))
    doc = next((d for d in docs if d.pages == entry.pages), docs[0])
    assert doc.type == entry.type, f"typed {doc.type} ({doc.type_evidence})"
    facts = extract_facts(doc, policy(), date(2025, 12, 31), _names_for(entry))
    got = {k: f.value for k, f in facts.fields.items()}
    wrong = {o.field: show(o.got) for o in compare_entry(entry, got) if not o.ok}
    known = spec.get("known_misses") or {}
    if UPDATE:
        spec["known_misses"] = wrong
        case.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        return
    regressions = {f: v for f, v in wrong.items() if f not in known}
    mended = sorted(set(known) - set(wrong))
    assert not regressions, f"read wrong (expected {[entry.fields[f] for f in regressions]}): {regressions}"
    assert not mended, f"now read right, remove from known_misses: {mended}"


def test_every_kind_has_golden_documents():
    from pipeline.kinds import kinds

    have = {p.parent.name for p in CASES}
    wanted = {k for k, v in kinds().items() if v.classifiable and k not in ("id_card", "application_form")}
    assert wanted <= have, f"no golden documents for {sorted(wanted - have)}"
    for kind in have:
        assert len([p for p in CASES if p.parent.name == kind]) >= 2
