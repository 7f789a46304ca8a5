"""Read-only queries the pages need beyond the store's own functions (the queue with its filters and pages, the
audit trail, files); every write goes through pipeline.store (repo, reviewing, ledger, rounds, accounts)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from pipeline.store import marks
from pipeline.store.db import Store
from pipeline.store.repo import STANDING_FLAGS
from pipeline.store.schema import (
    PENDING, STATUSES, AuditEntry, Case, CaseFile, DraftVersion, EligibilityOverride, Round, SignOff,
)

FLAG_FILTERS = {"": "全部", "any": "有提示或待审核事项", "open": "有待审核事项", "dup": "疑似重复申报"}


@dataclass
class QueueRow:
    id: str
    packet_name: str
    applicant: str | None
    uscc: str | None
    status: str
    eligibility: str | None
    total_yuan: int | None
    version: int
    updated_at: datetime
    last_error: str | None
    round_name: str | None
    deadline: date | None
    assignee: str | None
    checker: str | None
    flag_count: int
    open_items: int
    granted_yuan: int | None = None  # signed-off amount
    duplicates: int = 0  # other cases sharing an original, a certificate number or a standard
    flags: list[str] = field(default_factory=list)  # the draft's flags particular to this case

    def days_left(self, today: date) -> int | None:
        return (self.deadline - today).days if self.deadline else None


@dataclass
class QueueFilter:
    status: str = "pending"  # pending / all / one of STATUSES
    q: str = ""
    round_id: int | None = None  # 0: cases taken in without a round
    assignee: str = ""  # "" anyone / "me" / "none" (unassigned) / a user name
    flags: str = ""  # see FLAG_FILTERS
    page: int = 1

    @classmethod
    def of(cls, status: str = "pending", q: str = "", round: str = "", assignee: str = "", flags: str = "",
           page: str = "1") -> "QueueFilter":
        status = status if status in ("pending", "all", *STATUSES) else "pending"
        try:
            rid = int(round) if round != "" else None
        except ValueError:
            rid = None
        try:
            p = max(1, min(int(page or 1), 100_000))
        except ValueError:
            p = 1
        return cls(status, (q or "").strip()[:100], rid, (assignee or "").strip()[:64],
                   flags if flags in FLAG_FILTERS else "", p)


@dataclass
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    page_size: int


def _where(stmt, f: QueueFilter, me: str):
    if f.status == "pending":
        stmt = stmt.where(Case.status.in_(PENDING))
    elif f.status != "all":
        stmt = stmt.where(Case.status == f.status)
    if f.q:
        like = f"%{f.q.lower()}%"
        stmt = stmt.where(or_(func.lower(Case.applicant_name).like(like), func.lower(Case.applicant_uscc).like(like),
                              func.lower(Case.packet_name).like(like)))
    if f.round_id == 0:
        stmt = stmt.where(Case.round_id.is_(None))
    elif f.round_id is not None:
        stmt = stmt.where(Case.round_id == f.round_id)
    if f.assignee == "me":
        stmt = stmt.where(or_(Case.assignee == me, Case.checker == me))
    elif f.assignee == "none":
        stmt = stmt.where(Case.assignee.is_(None))
    elif f.assignee:
        stmt = stmt.where(or_(Case.assignee == f.assignee, Case.checker == f.assignee))
    if f.flags == "dup":
        stmt = stmt.where(marks.has_duplicate_clause())
    elif f.flags == "open":
        stmt = stmt.where(or_(Case.open_items > 0, Case.eligibility == "needs_review"))
    elif f.flags == "any":
        stmt = stmt.where(or_(Case.flag_count > 0, Case.open_items > 0, Case.eligibility == "needs_review",
                              marks.has_duplicate_clause()))
    return stmt


def queue(store: Store, f: QueueFilter, *, me: str = "", page_size: int = 50) -> QueuePage:
    """One page of cases: the nearest deadline first (cases without a round last), then the latest change."""
    with store.reading() as s:
        total = s.scalar(_where(select(func.count()).select_from(Case), f, me)) or 0
        pages = max(1, -(-total // page_size))
        page = min(f.page, pages)
        current = and_(SignOff.case_id == Case.id, SignOff.revoked_at.is_(None))
        stmt = (select(Case, Round.name, Round.deadline, SignOff.total_yuan)
                .outerjoin(Round, Round.id == Case.round_id).outerjoin(SignOff, current))
        stmt = _where(stmt, f, me).order_by(Round.deadline.is_(None), Round.deadline, Case.updated_at.desc(), Case.id)
        got = s.execute(stmt.limit(page_size).offset((page - 1) * page_size)).all()
        rows = [QueueRow(c.id, c.packet_name, c.applicant_name, c.applicant_uscc, c.status, c.eligibility,
                         c.total_yuan, c.current_version, c.updated_at, c.last_error, rname, deadline, c.assignee,
                         c.checker, c.flag_count or 0, c.open_items or 0, granted)
                for c, rname, deadline, granted in got]
        ids = [r.id for r in rows]
        dups = marks.duplicate_counts(s, ids)
        flagged = [r for r in rows if r.flag_count]
        drafts = {cid: text for cid, text in s.execute(
            select(DraftVersion.case_id, DraftVersion.review_json).join(
                Case, (Case.id == DraftVersion.case_id) & (Case.current_version == DraftVersion.version))
            .where(Case.id.in_([r.id for r in flagged])))} if flagged else {}
    for r in rows:
        r.duplicates = dups.get(r.id, 0)
        if r.id in drafts:
            r.flags = [x for x in json.loads(drafts[r.id]).get("flags") or [] if not x.startswith(STANDING_FLAGS)]
    return QueuePage(rows, total, page, pages, page_size)


def finding(store: Store, case_id: str) -> EligibilityOverride | None:
    with store.reading() as s:
        return s.get(EligibilityOverride, case_id)


def audit(store: Store, case_id: str) -> list[AuditEntry]:
    with store.reading() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.case_id == case_id)
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


def account_audit(store: Store, limit: int = 80) -> list[AuditEntry]:
    with store.reading() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.case_id.is_(None))
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def case_files(store: Store, case_id: str) -> list[CaseFile]:
    with store.reading() as s:
        return list(s.scalars(select(CaseFile).where(CaseFile.case_id == case_id).order_by(CaseFile.position)))


def org_names(store: Store, usccs: list[str]) -> dict[str, str]:
    """The applicant's name for each USCC, from its latest case."""
    if not usccs:
        return {}
    with store.reading() as s:
        rows = s.execute(select(Case.applicant_uscc, Case.applicant_name).where(Case.applicant_uscc.in_(usccs))
                         .order_by(Case.updated_at)).all()
    return {u: n for u, n in rows if n}


def count_cases(store: Store, round_id: int | None = None) -> dict[str, int]:
    with store.reading() as s:
        q = select(Case.status, func.count()).group_by(Case.status)
        if round_id:
            q = q.where(Case.round_id == round_id)
        return dict(s.execute(q).all())


def users_by_role(store: Store) -> dict[str, list]:
    from pipeline.store.accounts import list_users

    out: dict[str, list] = {}
    for u in list_users(store):
        if u.active:
            out.setdefault(u.role, []).append(u)
    return out
