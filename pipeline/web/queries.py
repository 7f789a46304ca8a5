"""Read-only queries the pages need beyond the store's repository functions (the queue with each case's flags,
the audit trail, the ledger); every write goes through pipeline.store.repo / accounts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select

from pipeline.store.db import Store
from pipeline.store.schema import (
    PENDING, AuditEntry, Case, CaseFile, DraftVersion, EligibilityOverride, LedgerEntry, SignOff,
)


# Reminders the pipeline adds to every draft (see pipeline/decide): the queue counts them instead of listing them.
STANDING_FLAGS = ("请核实申报事项是否同时享受本区其他同类政策", "本预审稿采用的政策口径见各项目")


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
    flags: list[str] = field(default_factory=list)
    needs_review: int = 0  # claims the draft left to the reviewer
    granted_yuan: int | None = None  # signed-off amount

    @property
    def special_flags(self) -> list[str]:
        """The flags particular to this case (the reminders every draft carries are only counted)."""
        return [f for f in self.flags if not f.startswith(STANDING_FLAGS)]


def queue(store: Store, *, status: str = "pending", q: str = "", flagged: bool = False) -> list[QueueRow]:
    """Cases by last change, newest first. `status`: pending (default), all, or one status; `q` matches the
    applicant's name or USCC (case-insensitive substring)."""
    with store.session() as s:
        stmt = (select(Case, DraftVersion.review_json, SignOff.total_yuan)
                .outerjoin(DraftVersion, (DraftVersion.case_id == Case.id)
                           & (DraftVersion.version == Case.current_version))
                .outerjoin(SignOff, SignOff.case_id == Case.id)
                .order_by(Case.updated_at.desc(), Case.id))
        if status == "pending":
            stmt = stmt.where(Case.status.in_(PENDING))
        elif status != "all":
            stmt = stmt.where(Case.status == status)
        q = (q or "").strip()
        if q:
            like = f"%{q.lower()}%"
            stmt = stmt.where(or_(func.lower(Case.applicant_name).like(like),
                                  func.lower(Case.applicant_uscc).like(like),
                                  func.lower(Case.packet_name).like(like)))
        rows = []
        for case, review_json, granted in s.execute(stmt):
            draft = json.loads(review_json) if review_json else {}
            row = QueueRow(case.id, case.packet_name, case.applicant_name, case.applicant_uscc, case.status,
                           case.eligibility, case.total_yuan, case.current_version, case.updated_at,
                           case.last_error, list(draft.get("flags") or []),
                           sum(1 for c in draft.get("claims") or [] if c.get("status") == "needs_review"),
                           granted)
            if flagged and not (row.flags or row.needs_review or row.eligibility == "needs_review"):
                continue
            rows.append(row)
        return rows


def override(store: Store, case_id: str) -> EligibilityOverride | None:
    with store.session() as s:
        return s.get(EligibilityOverride, case_id)


def signoff(store: Store, case_id: str) -> SignOff | None:
    with store.session() as s:
        return s.get(SignOff, case_id)


def audit(store: Store, case_id: str) -> list[AuditEntry]:
    with store.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.case_id == case_id)
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


def account_audit(store: Store, limit: int = 50) -> list[AuditEntry]:
    with store.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.case_id.is_(None))
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def case_files(store: Store, case_id: str) -> list[CaseFile]:
    with store.session() as s:
        return list(s.scalars(select(CaseFile).where(CaseFile.case_id == case_id).order_by(CaseFile.position)))


def ledger(store: Store, year: int | None = None) -> list[LedgerEntry]:
    with store.session() as s:
        stmt = select(LedgerEntry).order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        if year is not None:
            stmt = stmt.where(LedgerEntry.year == year)
        return list(s.scalars(stmt))


def ledger_years(store: Store) -> list[int]:
    with store.session() as s:
        return sorted(s.scalars(select(LedgerEntry.year).distinct()), reverse=True)


def org_names(store: Store, usccs: list[str]) -> dict[str, str]:
    """The applicant's name for each USCC, from its latest case."""
    if not usccs:
        return {}
    with store.session() as s:
        rows = s.execute(select(Case.applicant_uscc, Case.applicant_name).where(Case.applicant_uscc.in_(usccs))
                         .order_by(Case.updated_at)).all()
    return {u: n for u, n in rows if n}
