"""Duplicates across cases and years: what identifies a case's material — each original's SHA-256, each claimed
certificate's number, each claimed standard's code — is kept in `case_marks`; the same value in another case
(another applicant, or the same one in an earlier round) flags both cases, with a link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from pipeline.store.db import Store
from pipeline.store.diff import claim_keys
from pipeline.store.schema import Case, CaseMark, Round

KIND_ZH = {"file": "同一原件", "certificate": "同一证书编号", "standard": "同一标准"}


def _norm(value: str) -> str:
    return re.sub(r"[\s\u3000]", "", value).upper()[:128]


def file_marks(case_id: str, files) -> list[CaseMark]:
    """`files`: (name, sha256, error) of the packet's uploads; unreadable or empty uploads are not marks."""
    return [CaseMark(case_id=case_id, kind="file", value=sha, label=name)
            for name, sha, error in files if sha and not error]


def refresh_claim_marks(s: Session, case_id: str, draft: dict) -> None:
    """The certificate numbers and standard codes the case's current draft claims."""
    s.execute(delete(CaseMark).where(CaseMark.case_id == case_id, CaseMark.kind != "file"))
    claims = draft.get("claims") or []
    for key, c in zip(claim_keys(claims), claims):
        for kind, field in (("certificate", "certificate_no"), ("standard", "standard_code")):
            if c.get(field):
                s.add(CaseMark(case_id=case_id, kind=kind, value=_norm(str(c[field])), claim_key=key,
                               label=f"{c.get('claim_id')} {c.get('item')}"))


@dataclass
class Duplicate:
    kind: str
    value: str
    label: str  # in this case
    other_case: str
    other_label: str
    other_applicant: str | None
    other_year: int
    other_round: str | None
    other_status: str

    @property
    def kind_zh(self) -> str:
        return KIND_ZH.get(self.kind, self.kind)


def duplicates(store: Store, case_id: str, limit: int = 50) -> list[Duplicate]:
    mine, other = aliased(CaseMark), aliased(CaseMark)
    with store.reading() as s:
        rows = s.execute(
            select(mine.kind, mine.value, mine.label, other.case_id, other.label, Case.applicant_name,
                   Case.period_end, Round.name, Case.status)
            .join(other, (other.kind == mine.kind) & (other.value == mine.value) & (other.case_id != mine.case_id))
            .join(Case, Case.id == other.case_id)
            .outerjoin(Round, Round.id == Case.round_id)
            .where(mine.case_id == case_id)
            .order_by(Case.period_end, other.case_id).limit(limit)).all()
    return [Duplicate(k, v, lab, oc, ol, name, end.year, rnd, st) for k, v, lab, oc, ol, name, end, rnd, st in rows]


def duplicate_counts(s: Session, case_ids: list[str]) -> dict[str, int]:
    """How many other cases share a mark with each of `case_ids`."""
    if not case_ids:
        return {}
    mine, other = aliased(CaseMark), aliased(CaseMark)
    rows = s.execute(select(mine.case_id, func.count(func.distinct(other.case_id)))
                     .join(other, (other.kind == mine.kind) & (other.value == mine.value)
                           & (other.case_id != mine.case_id))
                     .where(mine.case_id.in_(case_ids)).group_by(mine.case_id)).all()
    return {cid: int(n) for cid, n in rows}


def has_duplicate_clause():
    """A WHERE clause: the case shares a mark with another case (for the queue's filter)."""
    mine, other = aliased(CaseMark), aliased(CaseMark)
    return (select(mine.id).join(other, (other.kind == mine.kind) & (other.value == mine.value)
                                 & (other.case_id != mine.case_id))
            .where(mine.case_id == Case.id).exists())
