"""The queue: pending cases of a day's work, by deadline, a page at a time, filtered by round, status,
assignee and flags, searched by name or USCC."""

from __future__ import annotations

from fastapi import APIRouter, Request

from pipeline.store import rounds
from pipeline.web import queries
from pipeline.web.deps import CASE_STATUS_ZH, DONE_ZH, render, settings_of, store_of, today
from pipeline.web.queries import FLAG_FILTERS, QueueFilter
from pipeline.web.security import require_session

router = APIRouter()


@router.get("/")
def queue_page(request: Request, status: str = "pending", q: str = "", round: str = "", assignee: str = "",
               flags: str = "", page: str = "1", done: str = "", flagged: str = ""):
    sess = require_session(request)
    store = store_of(request)
    f = QueueFilter.of(status, q, round, assignee, flags or ("any" if flagged else ""), page)
    result = queries.queue(store, f, me=sess.user.username, page_size=settings_of(request).page_size)
    all_rounds = rounds.list_rounds(store)

    def link(**change) -> str:
        from urllib.parse import urlencode

        params = {"status": f.status, "q": f.q, "round": "" if f.round_id is None else f.round_id,
                  "assignee": f.assignee, "flags": f.flags, "page": f.page, **change}
        return "/?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})

    return render(request, "queue.html.j2", page=result, f=f, rounds=all_rounds, today=today(request),
                  counts=queries.count_cases(store, f.round_id or None), flag_filters=FLAG_FILTERS,
                  statuses=CASE_STATUS_ZH, people=queries.users_by_role(store), link=link,
                  done=DONE_ZH.get(done, ""))
