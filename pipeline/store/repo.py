"""Reading and writing cases: every function is one transaction, and every status change is a guarded
UPDATE (`… WHERE status IN (allowed)`), so two workers or a retried run never move a case twice.

Pipeline side: register_case, begin_processing, save_draft, mark_failed, pending_inputs.
Reviewer side: the four-eyes flow lives in pipeline.store.reviewing (start_review, record_claim_decision,
set_eligibility_override and sign_off are its functions under their old names); notes here. Every write also
writes the audit log (who, when, what, before → after).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from pipeline.intake import Packet, PacketFile
from pipeline.sniff import sniff
from pipeline.store import audit, ledger, marks, reviewing
from pipeline.store.db import Store
from pipeline.store.diff import claim_keys, diff_drafts, same_draft  # noqa: F401
from pipeline.store.fingerprint import case_id_for, catalog_version, code_version, fingerprint_of, inputs_components
from pipeline.store.originals import get_original, put_original
from pipeline.store.person import ledger_key
from pipeline.store.reviewing import CaseStateError, NotAllowed, StaleError  # noqa: F401  (re-exported)
from pipeline.store.schema import (  # noqa: F401
    CLAIM_DECISIONS, PENDING, AuditEntry, Case, CaseFile, CaseNote, ClaimDecision, DraftVersion,
    EligibilityOverride, LedgerEntry, ProcessingAttempt, SignOff, utcnow,
)

# The reminders the pipeline adds to every draft (see pipeline/decide): the queue counts only the others.
STANDING_FLAGS = ("请核实申报事项是否同时享受本区其他同类政策", "本预审稿采用的政策口径见各项目")


def draft_counts(draft: dict) -> tuple[int, int]:
    """(flags particular to the case, claims left 待审核) — what the queue filters on."""
    flags = [f for f in draft.get("flags") or [] if not f.startswith(STANDING_FLAGS)]
    return len(flags), sum(1 for c in draft.get("claims") or [] if c.get("status") == "needs_review")


# ---------------------------------------------------------------- registering and processing

@dataclass
class Registered:
    case_id: str
    created: bool
    status: str


def packet_case_id(packet: Packet) -> str:
    return case_id_for([(f.name, f.sha256) for f in packet.files])


def register_case(store: Store, packet: Packet, *, as_of: date, period_start: date, period_end: date,
                  source: str | None = None, round_id: int | None = None) -> Registered:
    """Stores the originals and the case; the same packet content registers once, however often it is sent.
    `round_id`: the application round it was taken in for (its dates are the round's)."""
    case_id = packet_case_id(packet)
    with store.reading() as s:
        existing = s.get(Case, case_id)
        if existing is not None:
            return Registered(case_id, False, existing.status)
    for f in packet.files:
        if f.data:  # every upload with bytes is kept, readable or not: nothing an applicant sent is lost
            put_original(store.originals_dir, f.data, f.sha256)
    case = Case(id=case_id, packet_name=packet.packet_id[:255], source=source, status="received", as_of=as_of,
                period_start=period_start, period_end=period_end, current_version=0, attempts=0, round_id=round_id)
    rows, names = [], set()
    for i, f in enumerate(packet.files):
        name = f.name
        while name in names:  # two zip members that normalise to the same name
            name += "~"
        names.add(name)
        rows.append(CaseFile(case_id=case_id, position=i, name=name, sha256=f.sha256 or "", size=f.size,
                             media_type=f.media_type or "", error=f.error))
    try:
        with store.session() as s, s.begin():
            s.add(case)
            s.flush()
            s.add_all(rows)
            s.add_all(marks.file_marks(case_id, [(r.name, r.sha256, r.error) for r in rows]))
    except IntegrityError:  # registered meanwhile by another worker: the same case
        with store.reading() as s:
            existing = s.get(Case, case_id)
        if existing is None:
            raise
        return Registered(case_id, False, existing.status)
    return Registered(case_id, True, "received")


def load_packet(store: Store, case_id: str) -> Packet:
    """The packet again, from the originals folder (the inbox may be gone)."""
    from pathlib import Path

    with store.reading() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise KeyError(case_id)
        rows = s.scalars(select(CaseFile).where(CaseFile.case_id == case_id).order_by(CaseFile.position)).all()
    files = []
    for r in rows:
        if r.error:
            files.append(PacketFile(r.name, b"", r.sha256, r.media_type, r.error))
            continue
        data = get_original(store.originals_dir, r.sha256)
        media_type, error = sniff(data)
        files.append(PacketFile(r.name, data, r.sha256, media_type, error))
    return Packet(packet_id=case.packet_name, source=Path(case.source or case.packet_name), files=files)


def get_case(store: Store, case_id: str) -> Case | None:
    with store.reading() as s:
        return s.get(Case, case_id)


ledger_granted = ledger.granted


def ledger_for_case(store: Store, case_id: str, uscc: str | None) -> int:
    with store.reading() as s:
        case = s.get(Case, case_id)
        return ledger_granted(s, uscc, case.period_end.year, exclude_case=case_id)


@dataclass
class CaseInputs:
    case_id: str
    status: str
    fingerprint: str
    checked: str | None  # the fingerprint last processed
    current_version: int
    components: dict = field(default_factory=dict)  # what the fingerprint is made of (fingerprint.inputs_components)

    @property
    def changed(self) -> bool:
        return self.current_version == 0 or self.fingerprint != self.checked


def pending_inputs(store: Store, case_ids: list[str] | None = None) -> list[CaseInputs]:
    """Every pending case (or the given ones) with the fingerprint of its inputs now: a few queries in all."""
    catalog, code = catalog_version(), code_version()
    with store.reading() as s:
        q = select(Case.id, Case.status, Case.as_of, Case.period_start, Case.period_end, Case.applicant_uscc,
                   Case.inputs_fingerprint, Case.current_version)
        q = q.where(Case.id.in_(case_ids)) if case_ids is not None else q.where(Case.status.in_(PENDING))
        cases = s.execute(q.order_by(Case.created_at, Case.id)).all()
        files: dict[str, list[tuple[str, str]]] = {}
        fq = select(CaseFile.case_id, CaseFile.name, CaseFile.sha256)
        if case_ids is not None:
            fq = fq.where(CaseFile.case_id.in_(case_ids))
        else:
            fq = fq.join(Case, Case.id == CaseFile.case_id).where(Case.status.in_(PENDING))
        for cid, name, sha in s.execute(fq):
            files.setdefault(cid, []).append((name, sha))
        ledger: dict[tuple[str, int], list[tuple[str | None, int]]] = {}
        for uscc, year, cid, amount in s.execute(
                select(LedgerEntry.uscc, LedgerEntry.year, LedgerEntry.case_id, LedgerEntry.amount_yuan)):
            ledger.setdefault((uscc, year), []).append((cid, int(amount)))
    out = []
    for c in cases:
        granted = sum(a for cid, a in ledger.get((c.applicant_uscc, c.period_end.year), []) if cid != c.id) \
            if c.applicant_uscc else 0
        parts = inputs_components(files.get(c.id, []), as_of=c.as_of, period_start=c.period_start,
                                  period_end=c.period_end, ledger_yuan=granted, catalog=catalog, code=code)
        out.append(CaseInputs(c.id, c.status, fingerprint_of(parts), c.inputs_fingerprint, c.current_version, parts))
    return out


def begin_processing(store: Store, case_id: str, fingerprint: str | None = None) -> str:
    """received → processing (a case with a draft keeps its status while it is read again). Returns the status.
    The attempt is logged (see `record_attempt`): one that never ends was interrupted (killed, out of memory)."""
    with store.session() as s, s.begin():
        if fingerprint:
            _attempt(s, case_id, fingerprint, "started")
        s.execute(update(Case).where(Case.id == case_id, Case.status.in_(("received", "processing")))
                  .values(status="processing", updated_at=utcnow()))
        s.execute(update(Case).where(Case.id == case_id).values(attempts=Case.attempts + 1))
        return s.get(Case, case_id).status


@dataclass
class Saved:
    case_id: str
    version: int  # the case's current draft version after saving
    created: bool  # a new version was stored
    diff: list[str] = field(default_factory=list)


def save_draft(store: Store, case_id: str, draft, *, fingerprint: str, reason: str) -> Saved:
    """Stores `draft` as the next version unless it equals the current one; in one transaction with the
    case's summary and status (processing → drafted). Reviewer decisions and notes are never touched."""
    new = draft.model_dump(mode="json")
    with store.session() as s, s.begin():
        case = s.execute(select(Case).where(Case.id == case_id).with_for_update()).scalar_one()
        if case.status == "decided":
            raise CaseStateError(f"案件 {case_id} 已办结，不再生成新的预审稿")
        latest = s.scalar(select(DraftVersion).where(DraftVersion.case_id == case_id)
                          .order_by(DraftVersion.version.desc()).limit(1))
        old = json.loads(latest.review_json) if latest is not None else None
        created, lines = False, []
        if old is None or not same_draft(old, new):
            lines = diff_drafts(old, new) if old is not None else []
            if old is not None and not lines:
                lines = ["证据位置、识别文字等细节更新，结论和金额不变"]
            version = (latest.version if latest is not None else 0) + 1
            s.add(DraftVersion(case_id=case_id, version=version, review_json=json.dumps(new, ensure_ascii=False),
                               total_yuan=draft.total_yuan, inputs_fingerprint=fingerprint,
                               catalog_version=catalog_version(), code_version=code_version(),
                               reason=reason, diff=json.dumps(lines, ensure_ascii=False) if old else None))
            case.current_version = version
            created = True
        if created:
            marks.refresh_claim_marks(s, case_id, new)
            case.flag_count, case.open_items = draft_counts(new)
            case.revision = (case.revision or 0) + 1
            audit.write(s, case_id, "system", "draft", None, {"version": version - 1} if old else None,
                        {"version": version, "reason": reason}, case_rev=case.revision)
            if case.status == "submitted":  # 复核 cannot confirm decisions made on a draft that changed since
                case.status = "in_review"
                audit.write(s, case_id, "system", "status", None, "submitted", "in_review", case_rev=case.revision)
        case.inputs_fingerprint = fingerprint
        case.applicant_name = draft.applicant.name
        case.applicant_uscc = ledger_key(store, draft.applicant)  # a person's ledger key for individuals
        case.eligibility = draft.eligibility.status
        case.total_yuan = draft.total_yuan
        case.last_error = None
        if case.status in ("received", "processing"):
            case.status = "drafted"
        case.updated_at = utcnow()
        return Saved(case_id, case.current_version, created, lines)


def mark_failed(store: Store, case_id: str, error: str, fingerprint: str | None = None) -> None:
    """processing → received with the reason; the next intake or nightly run tries again, unless the case has
    failed the same way twice on the same inputs (`failure_holds`)."""
    with store.session() as s, s.begin():
        if fingerprint:
            _attempt(s, case_id, fingerprint, "failed", error=error[:2000])
        s.execute(update(Case).where(Case.id == case_id, Case.status == "processing")
                  .values(status="received", updated_at=utcnow()))
        s.execute(update(Case).where(Case.id == case_id).values(last_error=error[:2000], updated_at=utcnow()))


# ---------------------------------------------------------------- attempts and failures

INTERRUPTED = "处理中断（进程被终止或超出内存），未完成"
HOLD_AFTER = 2  # the same failure this many times in a row on the same inputs: no more automatic retries
STALE_START_SECONDS = 1800  # an attempt started this long ago and never ended was interrupted


def _attempt(s: Session, case_id: str, fingerprint: str, outcome: str, *, error: str | None = None,
             inputs: dict | None = None) -> None:
    s.add(ProcessingAttempt(case_id=case_id, fingerprint=fingerprint, outcome=outcome, error=error,
                            inputs=json.dumps(inputs, ensure_ascii=False) if inputs else None))


def record_attempt(store: Store, case_id: str, fingerprint: str, outcome: str, *, inputs: dict | None = None) -> None:
    """The end of a processing attempt that did not fail (drafted / unchanged / skipped), with its inputs."""
    with store.session() as s, s.begin():
        _attempt(s, case_id, fingerprint, outcome, inputs=inputs)


def last_inputs(store: Store, case_id: str) -> dict | None:
    """The inputs (fingerprint.inputs_components) of the case's last successful attempt, or None."""
    with store.session() as s:
        row = s.scalar(select(ProcessingAttempt.inputs).where(ProcessingAttempt.case_id == case_id,
                                                              ProcessingAttempt.inputs.is_not(None))
                       .order_by(ProcessingAttempt.id.desc()).limit(1))
    return json.loads(row) if row else None


@dataclass
class Hold:
    case_id: str
    failures: int
    error: str

    @property
    def text(self) -> str:
        return (f"连续 {self.failures} 次同样失败，已暂停自动重试：{self.error}"
                "（材料、政策目录或程序更新后自动重试；reprocess --force 立即重试）")


def failure_holds(store: Store, fingerprints: dict[str, str], *, now=None) -> dict[str, Hold]:
    """The cases (of {case_id: current fingerprint}) whose last HOLD_AFTER attempts on these inputs all failed
    with the same reason — an attempt that started and never ended counts as interrupted."""
    from datetime import timedelta

    if not fingerprints:
        return {}
    now = now or utcnow()
    attempts: dict[str, list[tuple[str, str | None, object]]] = {}
    with store.session() as s:
        q = (select(ProcessingAttempt.case_id, ProcessingAttempt.fingerprint, ProcessingAttempt.outcome,
                    ProcessingAttempt.error, ProcessingAttempt.at)
             .where(ProcessingAttempt.case_id.in_(list(fingerprints))).order_by(ProcessingAttempt.id))
        for cid, fp, outcome, error, at in s.execute(q):
            attempts.setdefault(cid, []).append(("other" if fp != fingerprints.get(cid) else outcome, error, at))
    holds = {}
    for cid, rows in attempts.items():
        results: list[str | None] = []  # per finished attempt on these inputs: the error, or None for success
        open_start = None
        for outcome, error, at in rows:
            if outcome == "other":
                results.append(None)  # other inputs: the streak starts again
                open_start = None
            elif outcome == "started":
                if open_start is not None:
                    results.append(INTERRUPTED)
                open_start = at
            else:
                results.append(error if outcome == "failed" else None)
                open_start = None
        if open_start is not None:
            at = open_start if open_start.tzinfo else open_start.replace(tzinfo=now.tzinfo)
            if now - at > timedelta(seconds=STALE_START_SECONDS):
                results.append(INTERRUPTED)
        last = results[-HOLD_AFTER:]
        if len(last) == HOLD_AFTER and last[0] and all(r == last[0] for r in last):
            holds[cid] = Hold(cid, HOLD_AFTER, last[0])
    return holds


def draft_versions(store: Store, case_id: str) -> list[DraftVersion]:
    with store.reading() as s:
        return list(s.scalars(select(DraftVersion).where(DraftVersion.case_id == case_id)
                              .order_by(DraftVersion.version)))


def current_draft(store: Store, case_id: str) -> dict | None:
    with store.reading() as s:
        row = s.scalar(select(DraftVersion.review_json).join(Case, (Case.id == DraftVersion.case_id) & (
            Case.current_version == DraftVersion.version)).where(Case.id == case_id))
        return json.loads(row) if row else None


@dataclass
class CaseRow:
    id: str
    packet_name: str
    applicant: str | None
    status: str
    total_yuan: int | None
    version: int
    updated_at: object
    last_error: str | None


def list_cases(store: Store, *, pending: bool = False) -> list[CaseRow]:
    with store.reading() as s:
        q = select(Case).order_by(Case.updated_at.desc(), Case.id)
        if pending:
            q = q.where(Case.status.in_(PENDING))
        return [CaseRow(c.id, c.packet_name, c.applicant_name, c.status, c.total_yuan, c.current_version,
                        c.updated_at, c.last_error) for c in s.scalars(q)]


def count_cases(store: Store) -> dict[str, int]:
    with store.reading() as s:
        return dict(s.execute(select(Case.status, func.count()).group_by(Case.status)).all())


# ---------------------------------------------------------------- the reviewer's side (pipeline.store.reviewing)

start_review = reviewing.start_review
record_claim_decision = reviewing.decide_claim
set_eligibility_override = reviewing.decide_eligibility
sign_off = reviewing.sign_off


def claim_decisions(store: Store, case_id: str) -> dict[str, ClaimDecision]:
    with store.reading() as s:
        return {d.claim_key: d for d in s.scalars(select(ClaimDecision).where(ClaimDecision.case_id == case_id))}


def add_note(store: Store, case_id: str, text: str, *, author: str, claim_key: str | None = None) -> int:
    """Notes are for everyone who reads the case; they change no decision, so the case's revision stays."""
    with store.session() as s, s.begin():
        note = CaseNote(case_id=case_id, claim_key=claim_key, author=author, text=text)
        s.add(note)
        s.flush()
        audit.write(s, case_id, author, "note", claim_key, None, {"text": text})
        return note.id


def notes(store: Store, case_id: str) -> list[CaseNote]:
    with store.reading() as s:
        return list(s.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)))


def add_ledger_entry(store: Store, uscc: str, year: int, amount_yuan: int, *, note: str | None = None,
                     actor: str = "system") -> None:
    """A grant made outside the store (see pipeline.store.ledger.add_external)."""
    ledger.add_external(store, uscc, year, amount_yuan, note=note, author=actor)
