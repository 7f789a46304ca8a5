"""The case store's tables (SQLAlchemy 2 declarative). Changed only through an Alembic migration.

    cases ──< case_files            the packet's uploads; bytes live in the originals folder by SHA-256
          ──< draft_versions        every review.json the pipeline produced, numbered, with why it changed
          ──< claim_decisions       the reviewer's accept / adjust / reject per claim (one row per claim)
          ──1 eligibility_overrides the reviewer's word on eligibility, when it differs from the draft
          ──< case_notes            free notes, on the case or on one claim
          ──1 sign_offs             the signature that moves a case to `decided`
          ──< audit_log             who did what when, before → after (every reviewer write)
          ──< processing_attempts   every time the pipeline read the case: inputs, outcome, failure reason
    ledger                          amounts granted per organisation and year (the annual cap reads it)

Status: received → processing → drafted → in_review → decided; "pending" is every status but decided.
Times are UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("received", "processing", "drafted", "in_review", "decided")
PENDING = STATUSES[:-1]
CLAIM_DECISIONS = ("accept", "adjust", "reject")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


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


class EligibilityOverride(Base):
    __tablename__ = "eligibility_overrides"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # eligible / ineligible
    reason: Mapped[str] = mapped_column(Text)
    draft_version: Mapped[int] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    claim_key: Mapped[str | None] = mapped_column(String(512))
    author: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignOff(Base):
    __tablename__ = "sign_offs"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    draft_version: Mapped[int] = mapped_column(Integer)
    total_yuan: Mapped[int] = mapped_column(BigInteger)  # granted, after the reviewer's decisions
    signed_by: Mapped[str] = mapped_column(String(128))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


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
    """What an organisation was granted in a year; signed-off cases write here, grants from elsewhere too."""

    __tablename__ = "ledger"
    __table_args__ = (Index("ix_ledger_uscc_year", "uscc", "year"), UniqueConstraint("case_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uscc: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    amount_yuan: Mapped[int] = mapped_column(BigInteger)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The web workspace's tables (users, web_sessions; migration 0002) live in accounts.py; importing it here keeps
# Base.metadata equal to what the migrations build.
from pipeline.store import accounts as _accounts  # noqa: E402,F401
