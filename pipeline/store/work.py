"""The case store's work, as plain functions the flows wrap (one call = one packet or one case).

    find_packets(inbox)            the packets in an inbox folder or zip
    register_packet(store, path)   originals stored, case registered (idempotent: case id from content)
    process_case(store, case_id)   the packet read and decided again; a new draft version only when it changed
    plan_reprocess(store)          the pending cases whose inputs changed since their last draft (less held ones)

None of them raises for one bad packet: failures come back in the outcome with the reason (Chinese). Every
processing attempt is recorded (repo.begin_processing / record_attempt / mark_failed); a case that failed the
same way twice on the same inputs is held — not tried again until its inputs change or the operator forces it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from models.draft import Period
from pipeline.intake import IntakeError, _safe_member_name, decode_names, open_packet
from pipeline.store import repo
from pipeline.store.db import Store
from pipeline.store.person import ledger_key

log = logging.getLogger(__name__)


def find_packets(inbox: Path, unpack_to: Path | None = None) -> list[Path]:
    """Every packet in `inbox`: its sub-folders and .zip files (a zip inbox is unpacked first)."""
    inbox = Path(inbox)
    if inbox.is_file() and zipfile.is_zipfile(inbox):
        target = Path(unpack_to or tempfile.mkdtemp(prefix="jinshan-inbox-"))
        with zipfile.ZipFile(inbox) as zf:
            infos = zf.infolist()
            names = decode_names(infos)  # packet folders keep their Chinese names (GBK or unflagged UTF-8)
            for info in infos:
                name = _safe_member_name(names[id(info)])
                if not name or info.is_dir():
                    continue
                dest = target / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out)
        inbox = target
        tops = [p for p in inbox.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(tops) == 1 and tops[0].is_dir() and all(q.is_dir() or q.suffix.lower() == ".zip"
                                                        for q in tops[0].iterdir()):
            inbox = tops[0]  # a zip holding one folder of packets
    if not inbox.is_dir():
        raise IntakeError(f"{inbox}: 收件箱须为文件夹或 .zip 压缩包")
    found = sorted(p for p in inbox.iterdir()
                   if not p.name.startswith(".") and (p.is_dir() or (p.is_file() and p.suffix.lower() == ".zip")))
    if not found and any(p.is_file() and not p.name.startswith(".") for p in inbox.iterdir()):
        return [inbox]  # a single packet's folder given as the inbox
    return found


@dataclass
class Outcome:
    """What happened to one packet or case; plain data (it travels through Prefect as JSON)."""

    packet: str
    case_id: str | None = None
    action: str = "failed"  # registered / existing / drafted (new version) / unchanged / skipped / held / failed
    status: str | None = None
    version: int = 0
    documents: int = 0
    failed_documents: int = 0
    claims: int = 0
    total_yuan: int = 0
    error: str | None = None
    diff: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def register_packet(store: Store, path: Path, *, as_of: date | None = None, period: Period | None = None,
                    round_id: int | None = None) -> Outcome:
    """One packet into the store: for an application round (its review date and period), or — without a
    round — for the dates given."""
    path = Path(path)
    try:
        if round_id is not None:
            from pipeline.store.rounds import get_round

            rnd = get_round(store, round_id)
            if rnd is None:
                raise ValueError(f"没有编号为 {round_id} 的申报批次")
            as_of, period = rnd.review_date, Period(start=rnd.period_start, end=rnd.period_end)
        if as_of is None or period is None:
            raise ValueError("register_packet needs a round or as_of and period")
        packet = open_packet(path)
        reg = repo.register_case(store, packet, as_of=as_of, period_start=period.start, period_end=period.end,
                                 source=str(path), round_id=round_id)
    except Exception as exc:  # one bad packet never stops the intake
        log.warning("packet %s not registered: %s", path, exc)
        return Outcome(packet=path.name, error=_reason(exc))
    return Outcome(packet=path.name, case_id=reg.case_id, action="registered" if reg.created else "existing",
                   status=reg.status, documents=len(packet.files))


def process_case(store: Store, case_id: str, *, reason: str = "重新处理", force: bool = False,
                 ocr_options=None) -> Outcome:
    """Reads and decides the case's packet again unless its inputs are unchanged since the last draft.

    `reason` names the occasion (夜间重新处理, 按需处理 …); a new version's stored reason adds what changed
    (ledger, catalog, code, files, dates). A case that failed the same way twice on these inputs is not tried
    again (action "held") unless `force`. A sign-off that lands while the case is being read is not a failure:
    the case is decided and keeps its signed draft (action "skipped")."""
    from pipeline.process import ProcessOptions, run_packet
    from pipeline.store.fingerprint import describe_changes, fingerprint_of, inputs_components

    case = repo.get_case(store, case_id)
    if case is None:
        return Outcome(packet="?", case_id=case_id, error=f"案件 {case_id} 不存在")
    out = Outcome(packet=case.packet_name, case_id=case_id, status=case.status, version=case.current_version,
                  total_yuan=case.total_yuan or 0)
    if case.status == "decided":
        out.action = "skipped"
        return out
    inputs = repo.pending_inputs(store, [case_id])[0]
    if not force and not inputs.changed:
        out.action = "unchanged"
        _fill(out, repo.current_draft(store, case_id))
        return out
    if not force and (hold := repo.failure_holds(store, {case_id: inputs.fingerprint}).get(case_id)):
        out.action, out.error = "held", hold.text
        return out
    before = repo.last_inputs(store, case_id)
    repo.begin_processing(store, case_id, inputs.fingerprint)
    fingerprint = inputs.fingerprint
    try:
        packet = repo.load_packet(store, case_id)
        period = Period(start=case.period_start, end=case.period_end)
        granted = repo.ledger_for_case(store, case_id, case.applicant_uscc)
        opts = ProcessOptions(as_of=case.as_of, period=period, ocr_options=ocr_options, ledger_granted_yuan=granted)
        result = run_packet(packet, opts)
        uscc = ledger_key(store, result.draft.applicant)  # an organisation's code, or a person's ledger key
        if uscc != case.applicant_uscc:  # first reading told us who applies: the annual cap reads their ledger
            actual = repo.ledger_for_case(store, case_id, uscc)
            if actual != granted:
                opts.ledger_granted_yuan = actual
                result = run_packet(packet, opts)  # OCR is cached: this re-reads nothing
        parts = inputs_components([(f.name, f.sha256) for f in packet.files], as_of=case.as_of,
                                  period_start=case.period_start, period_end=case.period_end,
                                  ledger_yuan=opts.ledger_granted_yuan if uscc else 0)
        fingerprint = fingerprint_of(parts)
        draft = result.draft
        why = reason
        if case.current_version:
            latest = repo.draft_versions(store, case_id)[-1]
            changes = describe_changes(before, parts, catalog_before=latest.catalog_version,
                                       code_before=latest.code_version)
            why = f"{reason}（{'；'.join(changes)}）" if changes else reason
        saved = repo.save_draft(store, case_id, draft, fingerprint=fingerprint,
                                reason=why if case.current_version else "首次生成")
    except repo.CaseStateError as exc:  # signed off meanwhile: decided, nothing failed
        repo.record_attempt(store, case_id, inputs.fingerprint, "skipped")
        log.info("case %s decided while it was read: %s", case_id, exc)
        out.action, out.status = "skipped", "decided"
        return out
    except Exception as exc:
        log.exception("case %s failed", case_id)
        repo.mark_failed(store, case_id, _reason(exc), fingerprint=inputs.fingerprint)
        out.error, out.action = _reason(exc), "failed"
        return out
    repo.record_attempt(store, case_id, inputs.fingerprint, "drafted" if saved.created else "unchanged", inputs=parts)
    out.action = "drafted" if saved.created else "unchanged"
    out.version, out.diff = saved.version, saved.diff
    out.status = repo.get_case(store, case_id).status
    _fill(out, draft.model_dump(mode="json"))
    return out


def _fill(out: Outcome, draft: dict | None) -> None:
    if draft:
        docs = draft.get("documents") or []
        out.documents = len(docs)
        out.failed_documents = sum(1 for r in docs if r.get("status") == "error")
        out.claims, out.total_yuan = len(draft.get("claims") or []), draft.get("total_yuan") or 0


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass
class Plan:
    to_process: list[str]
    unchanged: int
    held: list[Outcome] = field(default_factory=list)  # failed the same way twice on the same inputs: not tried


def plan_reprocess(store: Store, *, force: bool = False) -> Plan:
    """The pending cases to read again: those whose files, catalog, code, dates or ledger changed (all with
    `force`), less those held after failing the same way twice on these inputs (unless `force`)."""
    inputs = repo.pending_inputs(store)
    todo = [i for i in inputs if force or i.changed]
    holds = {} if force else repo.failure_holds(store, {i.case_id: i.fingerprint for i in todo})
    held = []
    for cid, h in holds.items():
        case = repo.get_case(store, cid)
        held.append(Outcome(packet=case.packet_name, case_id=cid, action="held", status=case.status,
                            version=case.current_version, error=h.text))
    return Plan(to_process=[i.case_id for i in todo if i.case_id not in holds], unchanged=len(inputs) - len(todo),
                held=held)
