"""The case store's tables (SQLAlchemy 2 declarative). Changed only through an Alembic migration.

    rounds ──< cases                an application round (申报批次): period, review date, deadline
    cases ──< case_files            the packet's uploads; bytes live in the originals folder by SHA-256
          ──< draft_versions        every review.json the pipeline produced, numbered, with why it changed
          ──< claim_decisions       初审's accept / adjust / reject per claim, with 复核's confirm / return
          ──1 eligibility_overrides 初审's finding on eligibility (confirming or overriding the draft), with 复核's
          ──< case_notes            free notes, on the case or on one claim
          ──< sign_offs             every sign-off (初审 who prepared, 复核 who signed); a reopened one is revoked
          ──< case_marks            what makes a case a possible duplicate of another: file hashes, certificate
                                    numbers, standard codes
          ──< audit_log             who did what when, before → after (every reviewer write, views of originals)
          ──< processing_attempts   every time the pipeline read the case: inputs, outcome, failure reason
    ledger                          entries per organisation and year: grants, reversals, corrections, grants
                                    made elsewhere — never edited or deleted (the annual cap reads their sum)

Status: received → processing → drafted → in_review (初审) → submitted (复核) → decided; 复核 returning a case
moves it back to in_review, and so does an administrator's reopening of a decided case. "pending" is every
status but decided. `revision` counts every change of a case's state: a form carries the revision it was
shown at and a write from an older one is refused (pipeline.store.reviewing). Times are UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("received", "processing", "drafted", "in_review", "submitted", "decided")
PENDING = STATUSES[:-1]
CLAIM_DECISIONS = ("accept", "adjust", "reject")
CHECK_VERDICTS = ("confirm", "return")
LEDGER_KINDS = ("grant", "reversal", "correction", "external")
MARK_KINDS = ("file", "certificate", "standard")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Round(Base):
    """An application round, as the annual 申报通知 sets it; cases taken in for it read their dates from it."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    period_start: Mapped[date] = mapped_column(Date)  # the declaration period: honours must fall inside it
    period_end: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date] = mapped_column(Date)  # as_of of the drafts (credit reports count back from it)
    deadline: Mapped[date] = mapped_column(Date)  # review to be finished by
    notice: Mapped[str | None] = mapped_column(Text)  # the notice's title / number
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # from the packet's content, see ids.py
    packet_name: Mapped[str] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(Text)  # where the packet was taken in from (informative)
    status: Mapped[str] = mapped_column(String(16), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    applicant_name: Mapped[str | None] = mapped_column(Text)
    applicant_uscc: Mapped[str | None] = mapped_column(String(32), index=True)
    eligibility: Mapped[str | None] = mapped_column(String(16))
    total_yuan: Mapped[int | None] = mapped_column(BigInteger)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    inputs_fingerprint: Mapped[str | None] = mapped_column(String(64))  # inputs last checked (see fingerprint.py)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # migration 0003: rounds, assignment, the state counter, and what the queue filters on
    round_id: Mapped[int | None] = mapped_column(Integer, index=True)  # rounds.id (rounds are never deleted)
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)  # 初审: who decides
    checker: Mapped[str | None] = mapped_column(String(64), index=True)  # 复核: who confirms and signs
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    flag_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # the draft's own flags
    open_items: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # claims left 待审核


class CaseFile(Base):
    __tablename__ = "case_files"
    __table_args__ = (UniqueConstraint("case_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order in the packet
    name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)  # intake refused the file (its bytes are not stored)


class DraftVersion(Base):
    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    review_json: Mapped[str] = mapped_column(Text)
    total_yuan: Mapped[int] = mapped_column(BigInteger)
    inputs_fingerprint: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[str] = mapped_column(String(128))
    code_version: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)  # 首次生成 / 夜间重新处理 / …
    diff: Mapped[str | None] = mapped_column(Text)  # JSON list of Chinese lines, vs. the previous version
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClaimDecision(Base):
    """The reviewer's decision on one claim; the audit log keeps every earlier value."""

    __tablename__ = "claim_decisions"
    __table_args__ = (UniqueConstraint("case_id", "claim_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    claim_key: Mapped[str] = mapped_column(String(512))  # stable across versions: see diff.claim_key
    claim_id: Mapped[str | None] = mapped_column(String(32))  # as shown in draft_version
    draft_version: Mapped[int] = mapped_column(Integer)  # the draft the reviewer was looking at
    decision: Mapped[str] = mapped_column(String(16))  # accept / adjust / reject
    amount_yuan: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    case_rev: Mapped[int | None] = mapped_column(Integer)  # the case's revision the decision was made on
    # 复核: confirm / return with a reason; cleared when 初审 decides again
    check_verdict: Mapped[str | None] = mapped_column(String(16))
    check_reason: Mapped[str | None] = mapped_column(Text)
    checked_by: Mapped[str | None] = mapped_column(String(128))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EligibilityOverride(Base):
    """初审's finding on eligibility: the draft's conclusion confirmed, or overridden (with a reason)."""

    __tablename__ = "eligibility_overrides"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # eligible / ineligible
    reason: Mapped[str] = mapped_column(Text)
    draft_version: Mapped[int] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    case_rev: Mapped[int | None] = mapped_column(Integer)
    check_verdict: Mapped[str | None] = mapped_column(String(16))
    check_reason: Mapped[str | None] = mapped_column(Text)
    checked_by: Mapped[str | None] = mapped_column(String(128))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    claim_key: Mapped[str | None] = mapped_column(String(512))
    author: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignOff(Base):
    """One sign-off: who prepared it (初审, who submitted), who signed it (复核), what each claim came to.
    An administrator's reopening revokes it (the row stays, with who, when and why)."""

    __tablename__ = "sign_offs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    draft_version: Mapped[int] = mapped_column(Integer)
    total_yuan: Mapped[int] = mapped_column(BigInteger)  # granted, after the reviewer's decisions
    signed_by: Mapped[str] = mapped_column(String(128))  # 复核
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    prepared_by: Mapped[str | None] = mapped_column(String(128))  # 初审
    prepared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lines: Mapped[str | None] = mapped_column(Text)  # JSON: per claim applied / proposed / granted (budget export)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(128))
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))  # a reviewer, or "system"
    action: Mapped[str] = mapped_column(String(64))  # claim_decision, eligibility_override, note, sign_off, status…
    target: Mapped[str | None] = mapped_column(String(512))  # e.g. the claim key
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    case_rev: Mapped[int | None] = mapped_column(Integer)  # the case's revision this change produced


class ProcessingAttempt(Base):
    """One run of the pipeline over a case: started, then drafted / unchanged / skipped / failed. A start with no
    end was interrupted. Two same failures on the same inputs stop the automatic retries (repo.failure_holds)."""

    __tablename__ = "processing_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # the inputs' fingerprint (fingerprint.py)
    outcome: Mapped[str] = mapped_column(String(16))  # started / drafted / unchanged / skipped / failed
    error: Mapped[str | None] = mapped_column(Text)
    inputs: Mapped[str | None] = mapped_column(Text)  # JSON: fingerprint.inputs_components
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LedgerEntry(Base):
    """One entry of the ledger: a grant written by a sign-off, its reversal when the case is reopened, a
    correction, or a grant made elsewhere. Entries are only ever added; the sum per organisation and year is
    what the annual cap counts."""

    __tablename__ = "ledger"
    __table_args__ = (Index("ix_ledger_uscc_year", "uscc", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uscc: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    amount_yuan: Mapped[int] = mapped_column(BigInteger)  # negative for a reversal or a correction downwards
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(16), default="grant")  # grant / reversal / correction / external
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ledger.id"))  # the entry reversed or corrected
    author: Mapped[str] = mapped_column(String(128), default="system")
    reason: Mapped[str | None] = mapped_column(Text)


class CaseMark(Base):
    """What identifies a case's material across cases and years: an original's SHA-256, a certificate's
    number, a standard's code. The same value in two cases flags both (pipeline.store.marks)."""

    __tablename__ = "case_marks"
    __table_args__ = (Index("ix_case_marks_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # file / certificate / standard
    value: Mapped[str] = mapped_column(String(128))
    claim_key: Mapped[str | None] = mapped_column(String(512))
    label: Mapped[str] = mapped_column(Text)  # the file name, or the claim's item, for the reviewer


# The web workspace's tables (users, web_sessions; migration 0002) live in accounts.py; importing it here keeps
# Base.metadata equal to what the migrations build.
from pipeline.store import accounts as _accounts  # noqa: E402,F401
