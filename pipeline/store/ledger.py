"""The ledger: entries per organisation and year, only ever added. A sign-off writes a grant; an administrator's
reopening writes the reversal of what the case holds; a correction is an entry of its own (author, reason, the
entry it corrects); a grant made elsewhere (paper files, another office) is an `external` entry. The annual cap
counts the sum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store import audit
from pipeline.store.db import Store
from pipeline.store.schema import Case, LedgerEntry
from pipeline.store.text import ReasonError, check_substance

KIND_ZH = {"grant": "案件签署", "reversal": "撤销冲回", "correction": "更正", "external": "其他渠道登记"}


class LedgerError(ValueError):
    """A ledger entry that cannot be made (Chinese message)."""


def granted(s: Session, uscc: str | None, year: int, exclude_case: str | None = None) -> int:
    """What the ledger says `uscc` was granted in `year`, without the case's own entries."""
    if not uscc:
        return 0
    q = select(func.coalesce(func.sum(LedgerEntry.amount_yuan), 0)).where(
        LedgerEntry.uscc == uscc, LedgerEntry.year == year)
    if exclude_case:
        q = q.where((LedgerEntry.case_id.is_(None)) | (LedgerEntry.case_id != exclude_case))
    return int(s.scalar(q) or 0)


def case_net(s: Session, case_id: str) -> int:
    return int(s.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_yuan), 0))
                        .where(LedgerEntry.case_id == case_id)) or 0)


def add_grant(s: Session, case: Case, amount: int, *, author: str) -> None:
    if case.applicant_uscc and amount > 0:
        s.add(LedgerEntry(uscc=case.applicant_uscc, year=case.period_end.year, amount_yuan=amount, case_id=case.id,
                          kind="grant", author=author, note=f"{case.applicant_name or ''} 案件 {case.id}"))


def add_reversal(s: Session, case: Case, *, author: str, reason: str) -> int:
    """Reverses what the ledger holds for the case (its grant and any correction of it); returns the amount."""
    net = case_net(s, case.id)
    if net and case.applicant_uscc:
        last = s.scalar(select(LedgerEntry).where(LedgerEntry.case_id == case.id, LedgerEntry.kind == "grant")
                        .order_by(LedgerEntry.id.desc()).limit(1))
        s.add(LedgerEntry(uscc=case.applicant_uscc, year=case.period_end.year, amount_yuan=-net, case_id=case.id,
                          kind="reversal", corrects_id=last.id if last else None, author=author, reason=reason,
                          note=f"撤销案件 {case.id} 的签署"))
    return net


def add_external(store: Store, uscc: str, year: int, amount_yuan: int, *, note: str | None = None,
                 author: str = "system") -> int:
    """A grant made outside the store (e.g. last year's paper files) that the annual cap must count."""
    uscc = (uscc or "").strip().upper()
    if not uscc or len(uscc) > 32:
        raise LedgerError("请填写统一社会信用代码（最长 32 位）")
    if amount_yuan <= 0:
        raise LedgerError("登记金额须大于 0；冲减请用“更正”")
    with store.session() as s, s.begin():
        e = LedgerEntry(uscc=uscc, year=year, amount_yuan=amount_yuan, note=note, kind="external", author=author)
        s.add(e)
        s.flush()
        audit.write(s, None, author, "ledger", uscc, None, {"year": year, "amount_yuan": amount_yuan, "note": note})
        return e.id


def add_correction(store: Store, entry_id: int, amount_yuan: int, reason: str, *, author: str) -> int:
    """A correction of an entry: a new entry of `amount_yuan` (negative lowers it) for the same organisation,
    year and case, with its author and reason. The corrected entry stays as it was."""
    if amount_yuan == 0:
        raise LedgerError("更正金额不能为 0")
    try:
        check_substance(reason, "更正理由")
    except ReasonError as exc:
        raise LedgerError(str(exc)) from None
    with store.session() as s, s.begin():
        base = s.get(LedgerEntry, entry_id)
        if base is None:
            raise LedgerError("没有这条台账记录")
        e = LedgerEntry(uscc=base.uscc, year=base.year, amount_yuan=amount_yuan, case_id=base.case_id,
                        kind="correction", corrects_id=base.id, author=author, reason=reason.strip(),
                        note=f"更正第 {base.id} 条")
        s.add(e)
        s.flush()
        audit.write(s, base.case_id, author, "ledger_correction", base.uscc,
                    {"entry": base.id, "amount_yuan": base.amount_yuan},
                    {"entry": e.id, "amount_yuan": amount_yuan, "reason": reason.strip()})
        return e.id


@dataclass
class Entry:
    id: int
    uscc: str
    year: int
    amount_yuan: int
    case_id: str | None
    kind: str
    corrects_id: int | None
    author: str
    reason: str | None
    note: str | None
    created_at: datetime


def entries(store: Store, year: int | None = None, uscc: str | None = None) -> list[Entry]:
    with store.reading() as s:
        q = select(LedgerEntry).order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        if year is not None:
            q = q.where(LedgerEntry.year == year)
        if uscc:
            q = q.where(LedgerEntry.uscc == uscc)
        return [Entry(e.id, e.uscc, e.year, int(e.amount_yuan), e.case_id, e.kind, e.corrects_id, e.author,
                      e.reason, e.note, e.created_at) for e in s.scalars(q)]


def years(store: Store) -> list[int]:
    with store.reading() as s:
        return sorted(s.scalars(select(LedgerEntry.year).distinct()), reverse=True)


def by_org_and_year(store: Store, usccs: list[str] | None = None) -> dict[str, dict[int, int]]:
    """Each organisation's net grants by year (every entry counted)."""
    with store.reading() as s:
        q = select(LedgerEntry.uscc, LedgerEntry.year, func.sum(LedgerEntry.amount_yuan)).group_by(
            LedgerEntry.uscc, LedgerEntry.year)
        if usccs is not None:
            q = q.where(LedgerEntry.uscc.in_(usccs))
        out: dict[str, dict[int, int]] = {}
        for uscc, year, total in s.execute(q):
            out.setdefault(uscc, {})[int(year)] = int(total or 0)
        return out
