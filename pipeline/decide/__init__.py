"""Policy decisions: applicant, eligibility checks, claims and caps, from the facts of a packet's documents.

`decide(facts, ctx)` is pure (facts in, decisions out) so the policy tests in tests/policy/*.yaml can drive it
without reading any page; `assess(documents, opts)` extracts the facts first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.draft import Applicant, CapStep, Claim, Declared, DeclaredComparison, Eligibility, PolicyRef
from models.facts import DocumentFacts
from pipeline.decide.applicant import applicant_out, find_applicant
from pipeline.decide.caps import apply_caps
from pipeline.decide.claims import build_claims, to_claim
from pipeline.decide.context import Context
from pipeline.decide.declared import assess_declared
from pipeline.decide.eligibility import applicant_flags, assess_eligibility

from pipeline.kinds import of_role

IDENTITY_TYPES = of_role("identity")

__all__ = ["Assessment", "Context", "assess", "decide", "load_ledger"]


@dataclass
class Assessment:
    policy: PolicyRef
    applicant: Applicant
    eligibility: Eligibility
    claims: list[Claim]
    caps: list[CapStep]
    total_yuan: int
    flags: list[str] = field(default_factory=list)
    facts: list[DocumentFacts] = field(default_factory=list)
    declared: Declared | None = None
    declared_vs_supported: list[DeclaredComparison] = field(default_factory=list)


def decide(all_facts: list[DocumentFacts], ctx: Context) -> Assessment:
    a = find_applicant(all_facts)
    eligibility = assess_eligibility(ctx, a, all_facts)
    drafts, unmatched = build_claims(all_facts, a, ctx)
    total, caps = apply_caps(drafts, ctx)
    claims = [to_claim(c, ctx) for c in drafts]
    flags = [f"材料未对应到支持项目：{u}" for u in unmatched]
    flags += applicant_flags(a, all_facts)
    if eligibility.status == "ineligible":
        if total:
            flags.append(f"申报主体不符合第三条支持对象条件，核定总额为 0（各项目单独核定合计 {total:,} 元，仅供参考）")
        total = 0
    elif eligibility.status == "needs_review":
        flags.append("资格审查有待人工确认的事项，预填总额以资格确认为前提")
    if any(c.status == "accepted" for c in claims):
        other = ctx.param("no_double_benefit")
        flags.append(f"请核实申报事项是否同时享受本区其他同类政策（{other.citation.label}：就高不重复）")
    interpretations = sorted({c.item.interpretation for c in drafts if c.item.interpretation})
    if interpretations:
        flags.append("本预审稿采用的政策口径见各项目“口径说明”，如与申报通知不一致请以通知为准")
    # The 申报表 against what the materials support: its summary is the first thing a reviewer reads.
    declared, comparison, declared_flags = assess_declared(all_facts, claims, total, eligibility.status, a, ctx)
    return Assessment(policy=ctx.policy.ref(), applicant=applicant_out(a), eligibility=eligibility, claims=claims,
                      caps=caps, total_yuan=total, flags=declared_flags + flags, facts=all_facts, declared=declared,
                      declared_vs_supported=comparison)


def load_ledger(path: Path | None, applicant_uscc: str | None, year: int,
                person: tuple[str | None, str | None] | None = None) -> tuple[int, str | None]:
    """What the ledger file says this organisation (or person) was already granted in `year`.

    The file is YAML or JSON: a list of {uscc, year, amount_yuan, note}; a person's rows are {name, id_masked,
    year, amount_yuan, note} (the ID number masked as the draft shows it; the file never needs it in clear).
    The case store keeps its own ledger.
    """
    if path is None or not (applicant_uscc or person and person[0]):
        return 0, None
    import yaml

    from pipeline.decide.applicant import mask_id

    rows = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []

    def is_mine(r) -> bool:
        if applicant_uscc:
            return str(r.get("uscc")) == applicant_uscc
        name, masked = person
        return r.get("name") == name and (not masked or mask_id(str(r.get("id_masked") or "")) == masked)

    mine = [r for r in rows if is_mine(r) and int(r.get("year", 0)) == year]
    total = sum(int(r.get("amount_yuan", 0)) for r in mine)
    notes = "；".join(str(r.get("note")) for r in mine if r.get("note"))
    return total, (f"台账 {Path(path).name}" + (f"：{notes}" if notes else "")) if mine else None


def assess(documents, opts) -> Assessment:
    from pipeline.extract.documents import extract_facts
    from pipeline.policy import current_policy

    policy = current_policy()
    # Identity documents first: the applicant's name is what the winner lists are searched for.
    identity = {i: extract_facts(d, policy, opts.as_of) for i, d in enumerate(documents) if d.type in IDENTITY_TYPES}
    names = [n for n in [find_applicant(list(identity.values())).name] if n]
    facts = [identity.get(i) or extract_facts(d, policy, opts.as_of, names) for i, d in enumerate(documents)]
    ctx = Context(policy=policy, as_of=opts.as_of, period=opts.period,
                  credit_report_max_age_days=opts.credit_report_max_age_days)
    if opts.ledger_granted_yuan is not None:
        ctx.ledger_granted_yuan, ctx.ledger_evidence = opts.ledger_granted_yuan, "案件库台账"
    else:
        a = find_applicant(facts)
        person = (a.name, a.id_masked) if a.kind == "individual" else None
        ctx.ledger_granted_yuan, ctx.ledger_evidence = load_ledger(opts.ledger_path, a.uscc if person is None else None,
                                                                   opts.period.end.year, person)
    return decide(facts, ctx)
