"""Art. 23's caps, applied in a fixed order, each step recorded for the reviewer — written once.

1. same_project_highest_level (Art. 23(2)): one project honoured at several levels in one year → only the
   highest level is paid; the lower ones are rejected with the reason.
2. max_standard_projects (Art. 23(2)): more than five standards projects → the five largest are kept.
3. annual_cap (Art. 23(2)): the year's total per organisation, counting the ledger, is at most 1,000,000 yuan;
   claims keep their amounts and the cap lowers the total.
The order matters: the level rule and the five-project rule decide which claims are paid at all, and the
annual cap then limits the sum of what is left.

Two callers, one code: the draft (pipeline.decide) runs the caps over the claims it makes (ClaimDraft), the
workspace (pipeline.web.review) over the claims as the reviewer decided them. Both hand in objects with the
`Cappable` shape; a claim a cap removes gets `capped_by` (the rule) and a reason through `reject`.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from models.draft import CapStep
from models.policy import LEVEL_LABELS
from pipeline.decide.context import Context

CAP_RULES = ("same_project_highest_level", "max_standard_projects", "annual_cap")
# The steps that remove claims (the annual cap only lowers the total).
REMOVING_RULES = CAP_RULES[:2]


class Cappable(Protocol):
    key: str  # the claim id the reviewer sees (C01 …)
    item: object | None  # models.policy.Item; None when the catalog no longer has it (never capped)
    amount: int
    status: str  # accepted / rejected / needs_review: only accepted claims take part
    honour_date: date | None  # the year of the honour groups "same project" (None: unknown year)
    capped_by: str | None

    def reject(self, reason: str) -> None: ...


def _accepted(claims: list[Cappable]) -> list[Cappable]:
    return [c for c in claims if c.status == "accepted"]


def _sum(claims: list[Cappable]) -> int:
    return sum(c.amount for c in claims)


def _cap(c: Cappable, rule: str, reason: str) -> None:
    c.capped_by = rule
    c.reject(reason)


def same_project_highest_level(claims: list[Cappable], ctx: Context) -> list[CapStep]:
    steps = []
    groups: dict[tuple[str, int | None], list[Cappable]] = {}
    for c in _accepted(claims):
        if c.item is not None and c.item.project and c.item.level:
            year = c.honour_date.year if c.honour_date else None
            groups.setdefault((c.item.project, year), []).append(c)
    for (project, year), group in groups.items():
        levels = {c.item.level for c in group}
        if len(levels) < 2:
            continue
        top = max(levels, key=lambda lv: ctx.policy.level_rank(lv, ctx.as_of))
        kept = [c for c in group if c.item.level == top]
        before = _sum(group)
        for c in group:
            if c.item.level != top:
                _cap(c, "same_project_highest_level",
                     f"同一年度同一项目已获{LEVEL_LABELS[top]}荣誉（{'、'.join(k.key for k in kept)}），按“就高不就低”"
                     f"原则不再对{LEVEL_LABELS[c.item.level]}进行奖励")
        steps.append(CapStep(
            rule="same_project_highest_level", article=23, claim_ids=[c.key for c in group],
            amount_before=before, amount_after=_sum(kept),
            reason=f"{year or ''}年度同一项目获不同级别荣誉，仅按最高级别（{LEVEL_LABELS[top]}）奖励："
                   f"保留 {'、'.join(c.key for c in kept)}，不予奖励 {'、'.join(c.key for c in group if c not in kept)}",
            citation=ctx.param("highest_level_only").citation))
    return steps


def max_standard_projects(claims: list[Cappable], ctx: Context) -> list[CapStep]:
    limit = int(ctx.value("max_standard_projects"))
    standards = [c for c in _accepted(claims) if c.item is not None and c.item.category == "standard"]
    if len(standards) <= limit:
        return []
    # Largest first; among equal amounts the earlier claim (upload order) is kept, so the result is stable.
    ranked = sorted(standards, key=lambda c: -c.amount)
    kept, dropped = ranked[:limit], ranked[limit:]
    for c in dropped:
        _cap(c, "max_standard_projects",
             f"同一组织年度标准制（修）订奖励项目不超过 {limit} 个，本项金额不在最大的 {limit} 项之内")
    return [CapStep(
        rule="max_standard_projects", article=23, claim_ids=[c.key for c in standards],
        amount_before=_sum(standards), amount_after=_sum(kept),
        reason=f"标准制（修）订项目 {len(standards)} 个，超过 {limit} 个上限：保留金额最大的 "
               f"{'、'.join(c.key for c in kept)}，不予奖励 {'、'.join(c.key for c in dropped)}",
        citation=ctx.param("max_standard_projects").citation)]


def annual_cap(claims: list[Cappable], ctx: Context) -> tuple[int, list[CapStep]]:
    cap = int(ctx.value("annual_cap_yuan"))
    accepted = _accepted(claims)
    total = _sum(accepted)
    room = max(0, cap - ctx.ledger_granted_yuan)
    if total <= room:
        return total, []
    ledger = (f"本年度已获支持 {ctx.ledger_granted_yuan:,} 元（{ctx.ledger_evidence or '台账'}），"
              if ctx.ledger_granted_yuan else "")
    return room, [CapStep(
        rule="annual_cap", article=23, claim_ids=[c.key for c in accepted], amount_before=total, amount_after=room,
        reason=f"{ledger}每家组织年度享受质量发展专项资金支持最高不超过 {cap:,} 元：本次核定金额由 {total:,} 元调整为 "
               f"{room:,} 元",
        citation=ctx.param("annual_cap_yuan").citation)]


def apply_caps(claims: list[Cappable], ctx: Context) -> tuple[int, list[CapStep]]:
    """The total after the caps and the steps taken; claims a step removes are rejected with its reason."""
    steps = same_project_highest_level(claims, ctx)
    steps += max_standard_projects(claims, ctx)
    total, annual = annual_cap(claims, ctx)
    return total, steps + annual
