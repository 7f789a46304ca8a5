"""The reviewer's side of a case, with four eyes.

    assign / take          an administrator assigns a case's 初审 (or 复核); a reviewer takes an unassigned one
    decide_claim           初审: accept / adjust / reject one claim           (the assignee only)
    decide_eligibility     初审: confirm or override the draft's eligibility   (an override needs a reason of substance)
    submit                 初审: every claim and eligibility decided → 复核
    check                  复核: confirm or return one item with a reason     (never someone who decided the case)
    return_case            复核: back to 初审 with the returned items
    sign_off               复核: everything confirmed → decided, the grant written to the ledger
    reopen                 administrator: a decided case back to 初审, its sign-off revoked, its ledger entry reversed

Every function is one transaction on the locked case, checks the actor's role in the users table, bumps the
case's `revision` and writes the audit log with it. A caller passing `seen_rev` — the revision its page showed —
is refused with the changes made since (StaleError), so a decision from an old page never lands on a case
that moved on. Administrators assign, reopen and correct; they decide and sign nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.store import audit, ledger
from pipeline.store.accounts import CHECKING_ROLES, DECIDING_ROLES, User
from pipeline.store.db import Store
from pipeline.store.diff import claim_keys
from pipeline.store.schema import (
    CHECK_VERDICTS, CLAIM_DECISIONS, AuditEntry, Case, ClaimDecision, DraftVersion, EligibilityOverride, SignOff,
    utcnow,
)
from pipeline.store.text import ReasonError, check_substance

ELIGIBILITY = "eligibility"  # the check target for the eligibility finding (claims are named by their key)


class CaseStateError(Exception):
    """The case is not in a state that allows the operation (Chinese message for the reviewer)."""


class NotAllowed(CaseStateError):
    """This person may not do this on this case (role, assignment, four eyes)."""


@dataclass(frozen=True)
class Change:
    """An audit row, detached from the session (what a StaleError reports)."""

    at: datetime
    actor: str
    action: str
    target: str | None
    before: str | None
    after: str | None


class StaleError(CaseStateError):
    """The page the request came from is older than the case: `changes` are the audit rows since."""

    def __init__(self, message: str, changes: list[Change]):
        super().__init__(message)
        self.changes = changes


# ---------------------------------------------------------------- helpers

def _role(s: Session, username: str) -> str | None:
    u = s.scalar(select(User).where(User.username == username))
    return u.role if u is not None and u.active else None


def _need_role(s: Session, username: str, roles: tuple[str, ...], what: str) -> None:
    role = _role(s, username)
    if role not in roles:
        who = {"admin": "管理员", None: "无效账号"}.get(role, "您的角色")
        raise NotAllowed(f"{who}不能{what}")


def _case(s: Session, case_id: str, seen_rev: int | None) -> Case:
    case = s.execute(select(Case).where(Case.id == case_id).with_for_update()).scalar_one_or_none()
    if case is None:
        raise KeyError(case_id)
    if seen_rev is not None and seen_rev != case.revision:
        changes = [Change(a.at, a.actor, a.action, a.target, a.before, a.after)
                   for a in s.scalars(select(AuditEntry).where(AuditEntry.case_id == case_id,
                                                               AuditEntry.case_rev > seen_rev)
                                      .order_by(AuditEntry.id))]
        raise StaleError(f"本案件在您打开页面后已有变化（第 {seen_rev} 次 → 第 {case.revision} 次变动），"
                         "您的操作未保存，请核对最新内容后再操作", changes)
    return case


def _bump(case: Case) -> int:
    case.revision = (case.revision or 0) + 1
    case.updated_at = utcnow()
    return case.revision


def _log(s: Session, case: Case, actor: str, action: str, target: str | None, before, after) -> None:
    audit.write(s, case.id, actor, action, target, before, after, case_rev=case.revision)


def _draft(s: Session, case: Case) -> dict:
    if case.current_version == 0:
        raise CaseStateError("本案件尚无预审稿")
    return json.loads(s.scalar(select(DraftVersion.review_json).where(
        DraftVersion.case_id == case.id, DraftVersion.version == case.current_version)))


def deciders(s: Session, case: Case) -> set[str]:
    """Everyone who made a decision on the case or submitted it: none of them may confirm or sign it."""
    who = set(s.scalars(select(ClaimDecision.decided_by).where(ClaimDecision.case_id == case.id)))
    elig = s.get(EligibilityOverride, case.id)
    if elig is not None:
        who.add(elig.decided_by)
    if case.submitted_by:
        who.add(case.submitted_by)
    return who


def overrides_failed_art3(draft: dict, status: str | None) -> bool:
    """Finding an applicant eligible whom the draft found ineligible on an Art. 3 check."""
    checks = (draft.get("eligibility") or {}).get("checks") or []
    return status == "eligible" and any(c.get("article") == 3 and c.get("status") == "fail" for c in checks)


def _as_decider(s: Session, case: Case, reviewer: str) -> None:
    """初审 may act: a deciding role, the case in 初审, and assigned to them (an unassigned case is taken)."""
    _need_role(s, reviewer, DECIDING_ROLES, "作出初审决定")
    if case.status == "decided":
        raise CaseStateError("本案件已签署办结，不能再修改")
    if case.status == "submitted":
        raise CaseStateError("本案件已提交复核，复核退回后才能修改初审决定")
    if case.status not in ("drafted", "in_review"):
        raise CaseStateError("本案件尚无预审稿，不能审核")
    if case.assignee is None:
        case.assignee = reviewer
        _bump(case)
        _log(s, case, reviewer, "assign", "assignee", None, {"assignee": reviewer, "taken": True})
    elif case.assignee != reviewer:
        raise NotAllowed(f"本案件由 {case.assignee} 初审：您可以查看，但不能作出决定")
    if case.checker == reviewer:
        raise NotAllowed("您是本案件的复核人，不能同时作出初审决定")


def _as_checker(s: Session, case: Case, checker: str) -> None:
    _need_role(s, checker, CHECKING_ROLES, "复核或签署")
    if case.status != "submitted":
        raise CaseStateError("本案件尚未提交复核" if case.status != "decided" else "本案件已签署办结")
    if checker in deciders(s, case):
        raise NotAllowed("您参与了本案件的初审决定，不能复核或签署本案件（须由另一名复核人员办理）")
    if case.checker is None:
        case.checker = checker
        _bump(case)
        _log(s, case, checker, "assign", "checker", None, {"checker": checker, "taken": True})
    elif case.checker != checker:
        raise NotAllowed(f"本案件由 {case.checker} 复核：您可以查看，但不能复核或签署")


# ---------------------------------------------------------------- assignment

def assign(store: Store, case_id: str, username: str | None, *, actor: str, role: str = "assignee",
           seen_rev: int | None = None) -> None:
    """An administrator sets who does 初审 (`role="assignee"`) or 复核 (`role="checker"`) — None clears it;
    anyone else may only take an unassigned case for themselves."""
    if role not in ("assignee", "checker"):
        raise ValueError(role)
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        if case.status == "decided":
            raise CaseStateError("本案件已签署办结；须先由管理员重新打开")
        actor_role = _role(s, actor)
        current = getattr(case, role)
        if actor_role != "admin":
            if username != actor:
                raise NotAllowed("只有管理员可以把案件分配给他人")
            if current is not None and current != actor:
                raise NotAllowed(f"本案件已由 {current} 领取；如需调整请联系管理员")
        if username is not None:
            needed = DECIDING_ROLES if role == "assignee" else CHECKING_ROLES
            if _role(s, username) not in needed:
                raise NotAllowed(f"{username} 不是{'初审' if role == 'assignee' else '复核'}人员或账号已停用")
            if role == "checker" and username in deciders(s, case):
                raise NotAllowed(f"{username} 参与了本案件的初审，不能担任复核人")
            if role == "assignee" and username == case.checker:
                raise NotAllowed(f"{username} 是本案件的复核人，不能同时初审")
        if current == username:
            return
        setattr(case, role, username)
        _bump(case)
        _log(s, case, actor, "assign", role, {role: current}, {role: username})


def start_review(store: Store, case_id: str, reviewer: str) -> None:
    """drafted → in_review when a reviewer opens the case (not a change of what was decided: no revision)."""
    with store.session() as s, s.begin():
        n = s.execute(update(Case).where(Case.id == case_id, Case.status == "drafted")
                      .values(status="in_review", updated_at=utcnow())).rowcount
        if n:
            audit.write(s, case_id, reviewer, "status", None, "drafted", "in_review")


# ---------------------------------------------------------------- 初审

def decide_claim(store: Store, case_id: str, claim_key: str, decision: str, *, reviewer: str,
                 amount_yuan: int | None = None, reason: str | None = None, seen_rev: int | None = None) -> None:
    if decision not in CLAIM_DECISIONS:
        raise ValueError(f"decision must be one of {CLAIM_DECISIONS}")
    if decision == "adjust" and amount_yuan is None:
        raise ValueError("an adjusted claim needs its amount")
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        made_on = case.revision  # the state the reviewer saw
        _as_decider(s, case, reviewer)
        draft = _draft(s, case)
        ids = dict(zip(claim_keys(draft["claims"]), (c["claim_id"] for c in draft["claims"])))
        if claim_key not in ids:
            raise KeyError(f"no claim {claim_key!r} in draft v{case.current_version}")
        row = s.scalar(select(ClaimDecision).where(ClaimDecision.case_id == case_id,
                                                   ClaimDecision.claim_key == claim_key))
        before = None if row is None else {"decision": row.decision, "amount_yuan": row.amount_yuan,
                                           "reason": row.reason, "by": row.decided_by}
        if row is None:
            row = ClaimDecision(case_id=case_id, claim_key=claim_key)
            s.add(row)
        row.claim_id, row.draft_version = ids[claim_key], case.current_version
        row.decision, row.amount_yuan, row.reason = decision, amount_yuan, reason
        row.decided_by, row.decided_at = reviewer, utcnow()
        row.check_verdict = row.check_reason = row.checked_by = row.checked_at = None  # 复核 looks again
        if case.status == "drafted":
            case.status = "in_review"
        row.case_rev = made_on
        _bump(case)
        _log(s, case, reviewer, "claim_decision", claim_key, before,
             {"decision": decision, "amount_yuan": amount_yuan, "reason": reason})


def decide_eligibility(store: Store, case_id: str, status: str, reason: str | None, *, reviewer: str,
                       seen_rev: int | None = None) -> None:
    """初审's finding: confirming the draft's conclusion needs no reason; a finding that differs from it (an
    override, or deciding what the draft left open) needs a reason of substance."""
    if status not in ("eligible", "ineligible"):
        raise ValueError("status must be eligible or ineligible")
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        made_on = case.revision
        _as_decider(s, case, reviewer)
        draft = _draft(s, case)
        reason = (reason or "").strip()
        if status != draft["eligibility"]["status"]:
            what = ("推翻第三条资格审查“不通过”结论的理由" if overrides_failed_art3(draft, status) else "资格认定理由")
            try:
                check_substance(reason, what)
            except ReasonError as exc:
                raise CaseStateError(str(exc)) from None
        reason = reason or "同意预审结论"
        row = s.get(EligibilityOverride, case_id)
        before = None if row is None else {"status": row.status, "reason": row.reason, "by": row.decided_by}
        if row is None:
            row = EligibilityOverride(case_id=case_id)
            s.add(row)
        row.status, row.reason, row.draft_version = status, reason, case.current_version
        row.decided_by, row.decided_at = reviewer, utcnow()
        row.check_verdict = row.check_reason = row.checked_by = row.checked_at = None
        row.case_rev = made_on
        if case.status == "drafted":
            case.status = "in_review"
        _bump(case)
        _log(s, case, reviewer, "eligibility_override", None, before, {"status": status, "reason": reason})


def open_items(s: Session, case: Case, draft: dict) -> list[str]:
    rows = {d.claim_key: d for d in s.scalars(select(ClaimDecision).where(ClaimDecision.case_id == case.id))}
    return open_items_of(draft, rows, s.get(EligibilityOverride, case.id))


def open_items_of(draft: dict, rows: dict, elig) -> list[str]:
    """What 初审 must still do before submitting (Chinese, one line each): `rows` claim key → decision row,
    `elig` the eligibility finding or None. Pure: the workspace shows the same list it is refused with."""
    keys = claim_keys(draft.get("claims") or [])
    out = []
    if elig is None:
        out.append("申报资格：请作出资格认定（同意或推翻预审结论）")
    elif getattr(elig, "check_verdict", None) == "return":
        out.append(f"申报资格：复核已退回（{elig.check_reason}），请重新认定")
    for i, (key, c) in enumerate(zip(keys, draft.get("claims") or []), start=1):
        row = rows.get(key)
        if row is None:
            out.append(f"第 {i} 项“{c.get('item')}”：请作出决定（予以支持 / 核定金额 / 不予支持）")
        elif getattr(row, "check_verdict", None) == "return":
            out.append(f"第 {i} 项“{c.get('item')}”：复核已退回（{row.check_reason}），请重新决定")
    return out


def submit(store: Store, case_id: str, *, reviewer: str, seen_rev: int | None = None) -> None:
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        _as_decider(s, case, reviewer)
        missing = open_items(s, case, _draft(s, case))
        if missing:
            raise CaseStateError("尚不能提交复核：" + "；".join(missing))
        case.status, case.submitted_by, case.submitted_at = "submitted", reviewer, utcnow()
        _bump(case)
        _log(s, case, reviewer, "submit", None, {"status": "in_review"}, {"status": "submitted"})


# ---------------------------------------------------------------- 复核

def check(store: Store, case_id: str, target: str, verdict: str, reason: str | None, *, checker: str,
          seen_rev: int | None = None) -> None:
    """复核's word on one item (`target`: a claim key or ELIGIBILITY): confirm, or return with a reason.
    Confirming an override of a failed Art. 3 check needs a reason of substance."""
    if verdict not in CHECK_VERDICTS:
        raise ValueError(f"verdict must be one of {CHECK_VERDICTS}")
    reason = (reason or "").strip()
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        _as_checker(s, case, checker)
        if target == ELIGIBILITY:
            row = s.get(EligibilityOverride, case_id)
        else:
            row = s.scalar(select(ClaimDecision).where(ClaimDecision.case_id == case_id,
                                                       ClaimDecision.claim_key == target))
        if row is None:
            raise CaseStateError("初审尚未对该事项作出决定")
        try:
            if verdict == "return":
                check_substance(reason, "退回理由")
            elif target == ELIGIBILITY and overrides_failed_art3(_draft(s, case), row.status):
                check_substance(reason, "确认推翻第三条资格审查结论的复核意见")
        except ReasonError as exc:
            raise CaseStateError(str(exc)) from None
        before = None if row.check_verdict is None else {"verdict": row.check_verdict, "reason": row.check_reason}
        row.check_verdict, row.check_reason = verdict, reason or None
        row.checked_by, row.checked_at = checker, utcnow()
        _bump(case)
        _log(s, case, checker, "check", target, before, {"verdict": verdict, "reason": reason or None})


def unconfirmed(s: Session, case: Case, draft: dict) -> list[str]:
    rows = {d.claim_key: d for d in s.scalars(select(ClaimDecision).where(ClaimDecision.case_id == case.id))}
    return unconfirmed_of(draft, rows, s.get(EligibilityOverride, case.id))


def unconfirmed_of(draft: dict, rows: dict, elig) -> list[str]:
    """What 复核 must still confirm before signing (pure, as open_items_of)."""
    keys = claim_keys(draft.get("claims") or [])
    out = []
    if elig is None or getattr(elig, "check_verdict", None) != "confirm":
        out.append("申报资格认定尚未确认")
    for i, (key, c) in enumerate(zip(keys, draft.get("claims") or []), start=1):
        row = rows.get(key)
        if row is None or getattr(row, "check_verdict", None) != "confirm":
            out.append(f"第 {i} 项“{c.get('item')}”尚未确认")
    return out


def return_case(store: Store, case_id: str, *, checker: str, note: str | None = None,
                seen_rev: int | None = None) -> None:
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        _as_checker(s, case, checker)
        returned = [d.claim_key for d in s.scalars(select(ClaimDecision).where(
            ClaimDecision.case_id == case_id, ClaimDecision.check_verdict == "return"))]
        elig = s.get(EligibilityOverride, case_id)
        if elig is not None and elig.check_verdict == "return":
            returned.append(ELIGIBILITY)
        if not returned:
            raise CaseStateError("没有被退回的事项：请先对要退回的事项选择“退回”并写明理由")
        case.status = "in_review"
        _bump(case)
        _log(s, case, checker, "return", None, {"status": "submitted"},
             {"status": "in_review", "returned": returned, "note": (note or "").strip() or None})


def sign_off(store: Store, case_id: str, *, checker: str, total_yuan: int, lines: list[dict] | None = None,
             note: str | None = None, seen_rev: int | None = None) -> None:
    """submitted → decided by 复核, everything confirmed; the grant goes to the ledger (applicant, year)."""
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        _as_checker(s, case, checker)
        left = unconfirmed(s, case, _draft(s, case))
        if left:
            raise CaseStateError("尚不能签署：" + "；".join(left))
        s.add(SignOff(case_id=case_id, draft_version=case.current_version, total_yuan=total_yuan,
                      signed_by=checker, note=note, prepared_by=case.submitted_by, prepared_at=case.submitted_at,
                      lines=json.dumps(lines or [], ensure_ascii=False)))
        ledger.add_grant(s, case, total_yuan, author=checker)
        case.status = "decided"
        _bump(case)
        _log(s, case, checker, "sign_off", None, {"status": "submitted"},
             {"status": "decided", "total_yuan": total_yuan, "note": note, "prepared_by": case.submitted_by})


# ---------------------------------------------------------------- corrections

def reopen(store: Store, case_id: str, *, admin: str, reason: str, seen_rev: int | None = None) -> int:
    """A decided case back to 初审: the sign-off is revoked (kept, with who, when, why), what the ledger holds
    for the case is reversed by a new entry, and every 复核 verdict is cleared. Returns the reversed amount."""
    with store.session() as s, s.begin():
        case = _case(s, case_id, seen_rev)
        _need_role(s, admin, ("admin",), "重新打开已办结案件")
        if case.status != "decided":
            raise CaseStateError("只有已签署办结的案件才能重新打开")
        try:
            reason = check_substance(reason, "重新打开的理由")
        except ReasonError as exc:
            raise CaseStateError(str(exc)) from None
        now = utcnow()
        so = current_signoff_row(s, case_id)
        if so is not None:
            so.revoked_at, so.revoked_by, so.revoke_reason = now, admin, reason
        reversed_yuan = ledger.add_reversal(s, case, author=admin, reason=reason)
        for row in s.scalars(select(ClaimDecision).where(ClaimDecision.case_id == case_id)):
            row.check_verdict = row.check_reason = row.checked_by = row.checked_at = None
        elig = s.get(EligibilityOverride, case_id)
        if elig is not None:
            elig.check_verdict = elig.check_reason = elig.checked_by = elig.checked_at = None
        case.status, case.submitted_by, case.submitted_at = "in_review", None, None
        _bump(case)
        _log(s, case, admin, "reopen", None, {"status": "decided"},
             {"status": "in_review", "reason": reason, "reversed_yuan": reversed_yuan})
        return reversed_yuan


def current_signoff_row(s: Session, case_id: str) -> SignOff | None:
    return s.scalar(select(SignOff).where(SignOff.case_id == case_id, SignOff.revoked_at.is_(None))
                    .order_by(SignOff.id.desc()).limit(1))


def current_signoff(store: Store, case_id: str) -> SignOff | None:
    with store.reading() as s:
        return current_signoff_row(s, case_id)


def signoffs(store: Store, case_id: str) -> list[SignOff]:
    with store.reading() as s:
        return list(s.scalars(select(SignOff).where(SignOff.case_id == case_id).order_by(SignOff.id)))


def log_view(store: Store, case_id: str, actor: str, what: str, target: str) -> None:
    """A view of an original (a download, or a whole page of it) in the audit log."""
    with store.session() as s, s.begin():
        audit.write(s, case_id, actor, what, target, None, None)
