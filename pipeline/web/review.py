"""The reviewer's decisions applied to a draft: what each claim comes to, the Art. 23 caps run again over the
decided claims, and the total that a sign-off grants. Pure: the draft (review.json as a dict), the decisions
and the ledger come in, nothing is read or written here.

Rules
- A claim without a decision keeps the draft's conclusion; a claim the draft left 待审核 needs a decision
  before the case can be signed off, and so does eligibility when the draft left it 待人工审核.
- 予以支持 (accept) pays the draft's amount; 核定金额 (adjust) pays the reviewer's amount, which must lie within
  the catalog's ceiling for the item (for a revision of a standard the revision ratio of it, 50%), with a reason;
  不予支持 (reject) pays nothing, with a reason.
- A claim the draft rejected only because of an Art. 23 step is counted as supported before the caps, and
  the caps are then applied again in the policy's order to what the reviewer decided (same project at
  several levels → the highest only; more than five standards projects → the five largest; the annual total
  ≤ the cap minus what the ledger already holds for the organisation that year). The reviewer cannot lift a
  cap by accepting a claim.
- An applicant found ineligible (by the draft, or by the reviewer's override) is granted nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.store.diff import claim_keys, claim_label

DECISION_ZH = {"accept": "予以支持", "adjust": "核定金额", "reject": "不予支持"}
CAP_RULES_BEFORE_ANNUAL = ("same_project_highest_level", "max_standard_projects")


class DecisionError(ValueError):
    """A decision the rules do not allow (Chinese message for the reviewer)."""


@dataclass
class Ceiling:
    amount: int | None  # None: the catalog sets no amount; the reviewer decides within the annual cap
    basis: str  # how the ceiling was found, in the reviewer's words


@dataclass
class ClaimView:
    index: int  # 1-based, as on the page
    key: str
    claim: dict
    label: str
    decision: Any | None  # the store's ClaimDecision row (decision, amount_yuan, reason, decided_by, …)
    pre_cap_status: str  # the draft's status with Art. 23 rejections undone
    status: str = "needs_review"  # after the decision, before the caps: accepted / rejected / needs_review
    amount: int = 0  # after the decision, before the caps
    capped_by: str | None = None  # the cap rule that removed it after the decisions
    ceiling: Ceiling | None = None
    stale: bool = False  # decided on an earlier draft version in which this claim read differently

    @property
    def final_amount(self) -> int:
        return self.amount if self.status == "accepted" and not self.capped_by else 0


@dataclass
class CapResult:
    rule: str
    article: int
    claim_keys: list[str]
    amount_before: int
    amount_after: int
    reason: str


@dataclass
class Evaluation:
    claims: list[ClaimView]
    eligibility: str  # eligible / ineligible / needs_review, after the override
    eligibility_overridden: bool
    before_caps: int
    caps: list[CapResult]
    ledger_yuan: int
    granted_yuan: int
    blockers: list[str] = field(default_factory=list)  # why it cannot be signed off yet
    orphans: list[Any] = field(default_factory=list)  # decisions about claims no longer in the draft

    @property
    def can_sign(self) -> bool:
        return not self.blockers


def _is_revision(claim: dict) -> bool:
    return any(r.startswith("修订标准（") for r in claim.get("reasons") or [])


def ceiling_for(claim: dict, policy, as_of: date) -> Ceiling:
    """The most a reviewer may grant for the claim: the catalog item's amount (its 最高 for a ceiling item),
    the revision ratio of it for a revised standard; no catalog amount → only the annual cap limits it."""
    annual = _param(policy, "annual_cap_yuan", as_of, 1_000_000)
    item = None
    if claim.get("item_id"):
        try:
            item = policy.item(claim["item_id"])
        except Exception:  # an item dropped from a newer catalog: fall back to the draft's amount
            item = None
    if item is None:
        if claim.get("amount_yuan"):
            return Ceiling(int(claim["amount_yuan"]), "预审稿金额，目录中未找到该项目")
        return Ceiling(annual, "目录未规定金额，以年度支持总额上限为限")
    if item.amount_yuan is None:
        return Ceiling(annual, "细则未规定本项金额，以年度支持总额上限为限")
    kind = "最高限额" if item.amount_kind == "ceiling" else "定额"
    if _is_revision(claim):
        ratio = float(_param(policy, "revision_ratio", as_of, 0.5))
        return Ceiling(int(item.amount_yuan * ratio),
                       f"修订标准，按制订{kind} {item.amount_yuan:,} 元的 {ratio:.0%}，{item.citation.label}")
    return Ceiling(int(item.amount_yuan), f"{kind}，{item.citation.label}")


def _param(policy, name: str, as_of: date, default):
    try:
        return policy.param(name, as_of).value
    except Exception:
        return default


def check_decision(claim: dict, decision: str, amount: int | None, reason: str | None, policy,
                   as_of: date) -> int | None:
    """Validates one decision; returns the amount to store (None for accept/reject)."""
    reason = (reason or "").strip()
    if decision not in DECISION_ZH:
        raise DecisionError("请选择：予以支持、核定金额或不予支持")
    if decision == "accept":
        if claim.get("amount_kind") == "none" or (claim.get("amount_yuan") or 0) <= 0:
            raise DecisionError("本项预审稿没有金额，请选择“核定金额”并填写金额和理由")
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
    return amount


def parse_amount(text: str | None) -> int | None:
    """'300000', '300,000', '30万' → yuan; None when empty; DecisionError when not a whole number of yuan."""
    t = (text or "").strip().replace(",", "").replace("，", "").replace(" ", "").removesuffix("元")
    if not t:
        return None
    factor = 1
    if t.endswith("万"):
        t, factor = t[:-1], 10_000
    try:
        value = float(t) * factor
    except ValueError:
        raise DecisionError(f"金额“{text}”不是数字") from None
    if value != int(value) or value < 0:
        raise DecisionError("金额须为不小于 0 的整数元")
    return int(value)


def evaluate(draft: dict, decisions: dict, override, *, ledger_yuan: int, policy,
             versions: dict[int, dict] | None = None) -> Evaluation:
    """`decisions`: claim key → ClaimDecision; `override`: the EligibilityOverride row or None;
    `ledger_yuan`: granted to the organisation this year by other cases and grants; `versions`: earlier drafts
    by version number (to tell a reviewer that a claim changed after they decided it)."""
    as_of = date.fromisoformat(str(draft["as_of"]))
    claims = draft.get("claims") or []
    keys = claim_keys(claims)
    cap_rejected = {cid for s in draft.get("caps") or [] if s["rule"] in CAP_RULES_BEFORE_ANNUAL
                    for cid in s.get("claim_ids") or []}
    views: list[ClaimView] = []
    for i, (key, c) in enumerate(zip(keys, claims), start=1):
        pre = c["status"]
        if pre == "rejected" and c["claim_id"] in cap_rejected:
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
    if override is not None:
        elig = override.status

    blockers = []
    if elig == "needs_review":
        blockers.append("申报资格待人工审核：请先作出资格认定（符合 / 不符合）并写明理由")
    for v in views:
        if v.status == "needs_review":
            blockers.append(f"第 {v.index} 项“{v.claim['item']}”待审核：请先作出决定")

    caps = _apply_caps(views, policy, as_of, ledger_yuan, draft)
    before = sum(v.amount for v in views if v.status == "accepted")
    if elig == "ineligible":
        granted = 0
    else:
        granted = sum(v.final_amount for v in views)
        annual = next((c for c in caps if c.rule == "annual_cap"), None)
        if annual is not None:
            granted = annual.amount_after
    return Evaluation(views, elig, override is not None, before, caps, ledger_yuan, granted, blockers, orphans)


def _apply_caps(views: list[ClaimView], policy, as_of: date, ledger_yuan: int, draft: dict) -> list[CapResult]:
    steps: list[CapResult] = []
    items = {}
    for v in views:
        if v.claim.get("item_id"):
            try:
                items[v.key] = policy.item(v.claim["item_id"])
            except Exception:
                pass

    def live() -> list[ClaimView]:
        return [v for v in views if v.status == "accepted" and not v.capped_by]

    # 1. one project at several levels: the highest level only
    groups: dict[str, list[ClaimView]] = {}
    for v in live():
        it = items.get(v.key)
        if it is not None and it.project and it.level:
            groups.setdefault(it.project, []).append(v)
    for project, group in groups.items():
        levels = {items[v.key].level for v in group}
        if len(levels) < 2:
            continue
        try:
            top = max(levels, key=lambda lv: policy.level_rank(lv, as_of))
        except Exception:
            continue
        before = sum(v.amount for v in group)
        dropped = [v for v in group if items[v.key].level != top]
        for v in dropped:
            v.capped_by = "same_project_highest_level"
        steps.append(CapResult("same_project_highest_level", 23, [v.key for v in group], before,
                               before - sum(v.amount for v in dropped),
                               f"同一项目获不同级别荣誉，仅按最高级别奖励，不再奖励："
                               f"{'、'.join(f'第 {v.index} 项' for v in dropped)}"))
    # 2. at most N standards projects a year: the largest are kept (upload order among equals)
    limit = int(_param(policy, "max_standard_projects", as_of, 5))
    standards = [v for v in live() if items.get(v.key) is not None and items[v.key].category == "standard"]
    if len(standards) > limit:
        ranked = sorted(standards, key=lambda v: -v.amount)
        dropped = ranked[limit:]
        for v in dropped:
            v.capped_by = "max_standard_projects"
        before = sum(v.amount for v in standards)
        steps.append(CapResult("max_standard_projects", 23, [v.key for v in standards], before,
                               before - sum(v.amount for v in dropped),
                               f"标准制（修）订项目 {len(standards)} 个，超过 {limit} 个上限，保留金额最大的 {limit} 项，"
                               f"不予奖励：{'、'.join(f'第 {v.index} 项' for v in dropped)}"))
    # 3. the annual total per organisation, counting the ledger
    cap = int(_param(policy, "annual_cap_yuan", as_of, 1_000_000))
    total = sum(v.amount for v in live())
    room = max(0, cap - ledger_yuan)
    if total > room:
        ledger = f"本年度已获支持 {ledger_yuan:,} 元（台账），" if ledger_yuan else ""
        steps.append(CapResult("annual_cap", 23, [v.key for v in live()], total, room,
                               f"{ledger}每家组织年度支持最高不超过 {cap:,} 元：核定金额由 {total:,} 元调整为 {room:,} 元"))
    return steps
