"""The reviewer's decisions applied to a draft: what each claim comes to, the Art. 23 caps run again over the
decided claims — by the same code as the draft (pipeline.decide.caps) — and the total that a sign-off grants.
Pure: the draft (review.json as a dict), the decisions and the ledger come in, nothing is read or written here.

Rules
- A claim without a decision shows the draft's conclusion; 初审 must decide every claim, and eligibility,
  before submitting (pipeline.store.reviewing enforces it; `Evaluation.open_items` says what is left).
- 予以支持 (accept) pays the draft's amount; 核定金额 (adjust) pays the reviewer's amount, which must lie within
  the catalog's ceiling for the item (for a revision of a standard the revision ratio of it, 50%), with a reason;
  an item for which the catalog sets no amount (区长质量奖 …) is paid what the reviewer sets under the rule the
  catalog cites, bounded only by the annual cap; 不予支持 (reject) pays nothing, with a reason.
- A claim the draft rejected only because of an Art. 23 step is counted as supported before the caps, and the
  caps are then applied again, in the policy's order, to what the reviewer decided. The reviewer cannot lift a
  cap by accepting a claim.
- An applicant found ineligible (by the draft, or by the reviewer's finding) is granted nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.draft import CapStep, Period
from pipeline.decide.caps import REMOVING_RULES, apply_caps
from pipeline.decide.context import Context
from pipeline.store.diff import claim_keys, claim_label
from pipeline.store.reviewing import open_items_of, overrides_failed_art3, unconfirmed_of
from pipeline.store.text import AmountError, ReasonError, check_substance
from pipeline.store.text import parse_amount as _parse_amount

DECISION_ZH = {"accept": "予以支持", "adjust": "核定金额", "reject": "不予支持"}
VERDICT_ZH = {"confirm": "确认", "return": "退回"}


class DecisionError(ValueError):
    """A decision the rules do not allow (Chinese message for the reviewer)."""


@dataclass
class Ceiling:
    amount: int | None  # None: the catalog sets no amount; the reviewer sets it, the annual cap bounds it
    basis: str  # how the ceiling was found, in the reviewer's words


@dataclass
class ClaimView:
    index: int  # 1-based, as on the page
    key: str
    claim: dict
    label: str
    decision: Any | None  # the store's ClaimDecision row (decision, amount_yuan, reason, decided_by, check_* …)
    pre_cap_status: str  # the draft's status with Art. 23 rejections undone
    status: str = "needs_review"  # after the decision, before the caps: accepted / rejected / needs_review
    amount: int = 0  # after the decision, before the caps
    capped_by: str | None = None  # the cap rule that removed it after the decisions
    cap_reason: str | None = None
    ceiling: Ceiling | None = None
    stale: bool = False  # decided on an earlier draft version in which this claim read differently

    @property
    def final_amount(self) -> int:
        return self.amount if self.status == "accepted" and not self.capped_by else 0

    @property
    def verdict(self) -> str | None:
        return getattr(self.decision, "check_verdict", None)


@dataclass
class Evaluation:
    claims: list[ClaimView]
    eligibility: str  # eligible / ineligible / needs_review, after 初审's finding
    eligibility_decided: bool
    eligibility_overridden: bool  # the finding differs from the draft
    overrides_art3: bool  # … and finds eligible whom an Art. 3 check failed
    before_caps: int
    caps: list[CapStep]
    ledger_yuan: int
    granted_yuan: int
    open_items: list[str] = field(default_factory=list)  # what 初审 must still decide before submitting
    unconfirmed: list[str] = field(default_factory=list)  # what 复核 must still confirm before signing
    orphans: list[Any] = field(default_factory=list)  # decisions about claims no longer in the draft

    @property
    def blockers(self) -> list[str]:
        return self.open_items

    @property
    def can_submit(self) -> bool:
        return not self.open_items

    @property
    def can_sign(self) -> bool:
        return not self.open_items and not self.unconfirmed


def _is_revision(claim: dict) -> bool:
    if "revises" in claim:  # drafts say so since `revises` exists; earlier ones only in a reason's words
        return bool(claim["revises"])
    return any(r.startswith("修订标准（") for r in claim.get("reasons") or [])


def _param(policy, name: str, as_of: date, default):
    try:
        return policy.param(name, as_of).value
    except Exception:
        return default


def _item(policy, claim: dict):
    if not claim.get("item_id"):
        return None
    try:
        return policy.item(claim["item_id"])
    except Exception:  # an item dropped from a newer catalog
        return None


def ceiling_for(claim: dict, policy, as_of: date) -> Ceiling:
    """The most a reviewer may grant for the claim: the catalog item's amount (its 最高 for a ceiling item),
    the revision ratio of it for a revised standard; no catalog amount → no ceiling of its own."""
    item = _item(policy, claim)
    if item is None:
        if claim.get("amount_yuan"):
            return Ceiling(int(claim["amount_yuan"]), "预审稿金额，目录中未找到该项目")
        return Ceiling(None, "目录中未找到该项目，金额由审核人核定，受年度支持总额上限约束")
    if item.amount_yuan is None:
        return Ceiling(None, f"细则未规定本项金额（{item.citation.label}：“{item.citation.text}”），"
                             "由审核人按该规定核定并写明依据，受年度支持总额上限约束")
    kind = "最高限额" if item.amount_kind == "ceiling" else "定额"
    if _is_revision(claim):
        ratio = float(_param(policy, "revision_ratio", as_of, 0.5))
        return Ceiling(int(item.amount_yuan * ratio),
                       f"修订标准，按制订{kind} {item.amount_yuan:,} 元的 {ratio:.0%}，{item.citation.label}")
    return Ceiling(int(item.amount_yuan), f"{kind}，{item.citation.label}")


def parse_amount(text: str | None) -> int | None:
    try:
        return _parse_amount(text)
    except AmountError as exc:
        raise DecisionError(str(exc)) from None


def check_decision(claim: dict, decision: str, amount: int | None, reason: str | None, policy,
                   as_of: date) -> int | None:
    """Validates one decision; returns the amount to store (None for accept/reject)."""
    reason = (reason or "").strip()
    if decision not in DECISION_ZH:
        raise DecisionError("请选择：予以支持、核定金额或不予支持")
    if decision == "accept":
        if claim.get("amount_kind") == "none" or (claim.get("amount_yuan") or 0) <= 0:
            raise DecisionError("本项预审稿没有金额，请选择“核定金额”并填写金额和核定依据")
        return None
    if not reason:
        raise DecisionError("核定金额或不予支持须填写理由")
    if decision == "reject":
        return None
    if amount is None:
        raise DecisionError("请填写核定金额（元）")
    if amount <= 0:
        raise DecisionError("核定金额须大于 0；不予支持请选择“不予支持”")
    ceiling = ceiling_for(claim, policy, as_of)
    if ceiling.amount is not None and amount > ceiling.amount:
        raise DecisionError(f"核定金额 {amount:,} 元超过本项上限 {ceiling.amount:,} 元（{ceiling.basis}）")
    if ceiling.amount is None:
        annual = int(_param(policy, "annual_cap_yuan", as_of, 1_000_000))
        if amount > annual:
            raise DecisionError(f"核定金额 {amount:,} 元超过每家组织年度支持总额上限 {annual:,} 元")
        try:
            check_substance(reason, "核定依据（所依据的区政府相关规定及其标准）")
        except ReasonError as exc:
            raise DecisionError(str(exc)) from None
    return amount


@dataclass
class _Decided:
    """A claim as decided, in the shape pipeline.decide.caps works on (`Cappable`)."""

    key: str
    item: Any
    amount: int
    status: str
    honour_date: date | None
    capped_by: str | None = None
    reasons: list[str] = field(default_factory=list)

    def reject(self, reason: str) -> None:
        self.status = "rejected"
        self.reasons.append(reason)


def _date(v) -> date | None:
    try:
        return date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def _cap_rejected(draft: dict) -> set[str]:
    """Claim ids the draft's own caps removed (drafts before `capped_by` existed: read from the cap steps)."""
    claims = draft.get("claims") or []
    if any("capped_by" in c for c in claims):
        return {c["claim_id"] for c in claims if c.get("capped_by") in REMOVING_RULES}
    return {cid for s in draft.get("caps") or [] if s["rule"] in REMOVING_RULES for cid in s.get("claim_ids") or []}


def evaluate(draft: dict, decisions: dict, finding, *, ledger_yuan: int, policy,
             versions: dict[int, dict] | None = None, ledger_evidence: str = "资金台账") -> Evaluation:
    """`decisions`: claim key → ClaimDecision; `finding`: 初审's EligibilityOverride row or None; `ledger_yuan`:
    granted to the organisation this year by other cases and grants; `versions`: earlier drafts by version
    number (to tell a reviewer that a claim changed after they decided it)."""
    as_of = date.fromisoformat(str(draft["as_of"]))
    claims = draft.get("claims") or []
    keys = claim_keys(claims)
    capped_in_draft = _cap_rejected(draft)
    views: list[ClaimView] = []
    for i, (key, c) in enumerate(zip(keys, claims), start=1):
        pre = c["status"]
        if pre == "rejected" and c["claim_id"] in capped_in_draft:
            pre = "accepted"
        v = ClaimView(i, key, c, claim_label(c), decisions.get(key), pre, ceiling=ceiling_for(c, policy, as_of))
        d = v.decision
        if d is None:
            v.status, v.amount = pre, int(c.get("amount_yuan") or 0)
        elif d.decision == "accept":
            v.status, v.amount = "accepted", int(c.get("amount_yuan") or 0)
        elif d.decision == "adjust":
            v.status, v.amount = "accepted", int(d.amount_yuan or 0)
        else:
            v.status, v.amount = "rejected", 0
        if d is not None and versions and d.draft_version in versions:
            old = versions[d.draft_version]
            prev = dict(zip(claim_keys(old.get("claims") or []), old.get("claims") or [])).get(key)
            if prev is None or any(prev.get(f) != c.get(f) for f in ("amount_yuan", "status", "level", "rank")):
                v.stale = True
        views.append(v)
    orphans = [d for k, d in decisions.items() if k not in set(keys)]

    elig = draft["eligibility"]["status"]
    if finding is not None:
        elig = finding.status

    # the caps, by the draft's own code, over the claims as decided
    decided = [_Decided(v.claim["claim_id"], _item(policy, v.claim), v.amount, v.status,
                        _date(v.claim.get("honour_date"))) for v in views]
    period = draft.get("period") or {}
    ctx = Context(policy=policy, as_of=as_of,
                  period=Period(start=period.get("start") or as_of, end=period.get("end") or as_of),
                  ledger_granted_yuan=ledger_yuan, ledger_evidence=ledger_evidence)
    before = sum(v.amount for v in views if v.status == "accepted")
    total, caps = apply_caps(decided, ctx)
    for v, dc in zip(views, decided):
        if dc.capped_by:
            v.capped_by, v.cap_reason = dc.capped_by, dc.reasons[-1]
    granted = 0 if elig == "ineligible" else total
    return Evaluation(views, elig, finding is not None,
                      finding is not None and finding.status != draft["eligibility"]["status"],
                      finding is not None and overrides_failed_art3(draft, finding.status),
                      before, caps, ledger_yuan, granted,
                      open_items_of(draft, decisions, finding), unconfirmed_of(draft, decisions, finding), orphans)


def allocate(total: int, amounts: list[int]) -> list[int]:
    """`total` split over claims in proportion to their amounts, in whole yuan (largest remainders first, the
    earlier claim among equals), so the parts add up to the total. The annual cap lowers a case's total, not
    any one claim; the budget by article needs each claim's part."""
    whole = sum(amounts)
    if whole <= 0 or total <= 0:
        return [0] * len(amounts)
    if total >= whole:
        return list(amounts)
    parts = [a * total // whole for a in amounts]
    rest = total - sum(parts)
    order = sorted(range(len(amounts)), key=lambda i: (-(amounts[i] * total % whole), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def signoff_lines(draft: dict, ev: Evaluation) -> list[dict]:
    """Per claim, what was applied for (the draft's amount), proposed (the draft's conclusion after its caps)
    and granted (after the decisions and the caps): what the budget summary adds up by article and clause."""
    claims = draft.get("claims") or []
    proposed_total = 0 if draft["eligibility"]["status"] == "ineligible" else int(draft.get("total_yuan") or 0)
    proposed = allocate(proposed_total, [int(c.get("amount_yuan") or 0) if c["status"] == "accepted" else 0
                                         for c in claims])
    granted = allocate(ev.granted_yuan, [v.final_amount for v in ev.claims])
    return [{"claim_key": v.key, "claim_id": v.claim["claim_id"], "article": v.claim.get("article"),
             "clause": v.claim.get("clause"), "item": v.claim.get("item"), "item_id": v.claim.get("item_id"),
             "applied": int(v.claim.get("amount_yuan") or 0), "proposed": p, "granted": g}
            for v, p, g in zip(ev.claims, proposed, granted)]
