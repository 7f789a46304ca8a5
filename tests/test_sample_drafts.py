"""The sample packets end to end: each draft equals its ground truth, validates against the exported schema,
and explains every decision (citation + evidence on every claim and check)."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from pipeline.evaluate import compare, draft_for
from tests.conftest import ROOT, SAMPLES

TRUTHS = sorted((SAMPLES / "truth").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "schemas" / "review-draft.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drafts():
    out = {}
    for p in TRUTHS:
        truth = yaml.safe_load(p.read_text(encoding="utf-8"))
        out[truth["packet"]] = (truth, draft_for(truth, SAMPLES))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("truth_file", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_draft_equals_ground_truth(drafts, truth_file: Path):
    truth, draft = drafts[truth_file.stem]
    assert compare(truth, draft) == []


@pytest.mark.slow
def test_every_decision_is_explained(drafts):
    for packet, (_, draft) in drafts.items():
        jsonschema.validate(json.loads(draft.model_dump_json()), SCHEMA)
        for check in draft.eligibility.checks:
            assert check.citation and check.citation.text, (packet, check.rule)
            assert check.evidence, (packet, check.rule)
            assert check.reason, (packet, check.rule)
        for claim in draft.claims:
            assert claim.citation.label.startswith("第") and claim.citation.text, (packet, claim.claim_id)
            assert claim.evidence and all(e.text for e in claim.evidence), (packet, claim.claim_id)
            assert claim.reasons, (packet, claim.claim_id)
            # Evidence on a page points at a box on it.
            for e in claim.evidence:
                if e.page is not None:
                    assert e.bbox is not None and e.bbox[2] > e.bbox[0] and e.bbox[3] > e.bbox[1]
        for cap in draft.caps:
            assert cap.citation is not None and cap.reason and cap.claim_ids, (packet, cap.rule)
