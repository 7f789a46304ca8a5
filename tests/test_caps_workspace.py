"""The Art. 23 policy cases (tests/policy/caps.yaml) run against the workspace's evaluation too, with the same
results as the draft: every case's draft is made by `pipeline.decide.decide`, then evaluated as the workspace
does it (pipeline.web.review.evaluate) — once with no decision (the draft as it stands) and once with 初审
accepting every claim the draft supports or capped (a reviewer cannot lift a cap by accepting) — and compared
with the case's `expect` by the same comparison as tests/test_policy_cases.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.draft import ReviewDraft
from pipeline.decide import decide
from pipeline.policy import load_policy
from pipeline.store.diff import claim_keys
from pipeline.web.review import evaluate
from tests.test_policy_cases import CASES, build_context, build_facts, compare

CAP_CASES = [(i, c) for i, c in CASES if i.startswith("caps-")]


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def _draft(case, policy) -> tuple[dict, object]:
    ctx = build_context(case, policy)
    result = decide(build_facts(case, policy), ctx)
    draft = ReviewDraft(packet_id="case", policy=result.policy, as_of=ctx.as_of, period=ctx.period,
                        applicant=result.applicant, eligibility=result.eligibility, claims=result.claims,
                        caps=result.caps, total_yuan=result.total_yuan, flags=result.flags)
    return draft.model_dump(mode="json"), result


def _as_result(draft: dict, ev) -> SimpleNamespace:
    """The evaluation in the shape `compare` reads (the draft's result): claims with their final status."""
    claims = [SimpleNamespace(item_id=v.claim["item_id"], claim_id=v.claim["claim_id"], amount_yuan=v.amount,
                              status="rejected" if v.capped_by else v.status,
                              reasons=[r for r in v.claim["reasons"]] + ([v.cap_reason] if v.cap_reason else []))
              for v in ev.claims]
    elig = SimpleNamespace(status=ev.eligibility, checks=[SimpleNamespace(**c) for c in draft["eligibility"]["checks"]])
    return SimpleNamespace(eligibility=elig, claims=claims, caps=ev.caps, total_yuan=ev.granted_yuan,
                           flags=draft["flags"])


def test_there_are_cap_cases():
    assert len(CAP_CASES) >= 10


@pytest.mark.parametrize("accept_all", [False, True], ids=["as-drafted", "accepted"])
@pytest.mark.parametrize("case", [c for _, c in CAP_CASES], ids=[i for i, _ in CAP_CASES])
def test_cap_case_in_the_workspace(case, accept_all, policy):
    draft, result = _draft(case, policy)
    decisions = {}
    if accept_all:
        for key, c in zip(claim_keys(draft["claims"]), draft["claims"]):
            if c["status"] == "accepted" or c.get("capped_by"):
                decisions[key] = SimpleNamespace(decision="accept", amount_yuan=None, reason=None, draft_version=1,
                                                 check_verdict=None)
    ctx = build_context(case, policy)
    ev = evaluate(draft, decisions, None, ledger_yuan=ctx.ledger_granted_yuan, policy=policy,
                  ledger_evidence=ctx.ledger_evidence)
    diffs = compare(case, _as_result(draft, ev))
    assert not diffs, f"\n案例 case: {case['name']}\n" + "\n".join(f"  - {d}" for d in diffs)
    # and the very same steps as the draft's
    assert [(s.rule, s.claim_ids, s.amount_before, s.amount_after, s.reason) for s in ev.caps] == \
        [(s.rule, s.claim_ids, s.amount_before, s.amount_after, s.reason) for s in result.caps]
    assert ev.granted_yuan == result.total_yuan
