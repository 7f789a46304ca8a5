"""The audit log: who did what when, before → after. Every write to a case or an account adds a row in the same
transaction; so do views of originals and failed logins."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from pipeline.store.schema import AuditEntry


def _dump(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def write(s: Session, case_id: str | None, actor: str, action: str, target: str | None, before, after,
          case_rev: int | None = None) -> None:
    s.add(AuditEntry(case_id=case_id, actor=actor, action=action, target=target, before=_dump(before),
                     after=_dump(after), case_rev=case_rev))
