"""Application rounds (申报批次): what the annual 申报通知 sets — the declaration period, the review date the
drafts count back from, and the deadline. A round is created once; intake takes it instead of dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from pipeline.store import audit
from pipeline.store.db import Store
from pipeline.store.schema import Round


class RoundError(ValueError):
    """A round that cannot be created or found (Chinese message)."""


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    period_start: date
    period_end: date
    review_date: date
    deadline: date
    notice: str | None

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    @property
    def year(self) -> int:
        return self.period_end.year


def _info(r: Round) -> RoundInfo:
    return RoundInfo(r.id, r.name, r.period_start, r.period_end, r.review_date, r.deadline, r.notice)


def create_round(store: Store, name: str, *, period_start: date, period_end: date, review_date: date,
                 deadline: date, notice: str | None = None, actor: str = "system") -> RoundInfo:
    name = (name or "").strip()
    if not name or len(name) > 128:
        raise RoundError("批次名称不能为空，最长 128 个字")
    if period_end < period_start:
        raise RoundError("申报期间的结束日期早于开始日期")
    if review_date < period_end:
        raise RoundError("审核基准日不能早于申报期间结束日期")
    if deadline < review_date:
        raise RoundError("办结期限不能早于审核基准日")
    with store.session() as s, s.begin():
        if s.scalar(select(Round).where(Round.name == name)) is not None:
            raise RoundError(f"批次“{name}”已存在")
        r = Round(name=name, period_start=period_start, period_end=period_end, review_date=review_date,
                  deadline=deadline, notice=(notice or "").strip() or None, created_by=actor)
        s.add(r)
        s.flush()
        audit.write(s, None, actor, "round_create", name, None,
                    {"period": f"{period_start}..{period_end}", "review_date": review_date, "deadline": deadline})
        return _info(r)


def list_rounds(store: Store) -> list[RoundInfo]:
    """Newest deadline first."""
    with store.reading() as s:
        return [_info(r) for r in s.scalars(select(Round).order_by(Round.deadline.desc(), Round.id.desc()))]


def get_round(store: Store, key: int | str) -> RoundInfo | None:
    """A round by id or by name."""
    with store.reading() as s:
        if isinstance(key, int) or str(key).isdigit():
            r = s.get(Round, int(key))
            if r is not None:
                return _info(r)
        r = s.scalar(select(Round).where(Round.name == str(key)))
        return _info(r) if r else None
