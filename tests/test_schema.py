import json

from models.draft import ReviewDraft
from tests.conftest import ROOT


def test_exported_schema_is_current():
    """schemas/review-draft.schema.json is what other programs read; `make schema` regenerates it."""
    on_disk = json.loads((ROOT / "schemas" / "review-draft.schema.json").read_text(encoding="utf-8"))
    from pipeline.cli import draft_schema

    assert on_disk == draft_schema(), "run `make schema` and commit the result"
    assert "award_notice" in on_disk["$defs"]["DocumentRecord"]["properties"]["type"]["enum"]


def test_contract_field_names():
    props = ReviewDraft.model_json_schema()["properties"]
    for name in ["packet_id", "policy", "as_of", "period", "applicant", "eligibility", "claims", "caps",
                 "total_yuan", "documents", "flags"]:
        assert name in props
    defs = ReviewDraft.model_json_schema()["$defs"]
    assert set(defs["Claim"]["properties"]) >= {"claim_id", "article", "clause", "item", "level", "rank",
                                                 "amount_yuan", "status", "reasons", "citation", "evidence"}
    assert set(defs["Evidence"]["properties"]) >= {"file", "page", "text", "bbox", "confidence"}
    assert set(defs["CapStep"]["properties"]) >= {"rule", "article", "claim_ids", "amount_before", "amount_after",
                                                  "reason"}
    assert set(defs["DocumentRecord"]["properties"]) >= {"file", "type", "pages", "status", "error"}
