"""The ledger: the entries of a year, each organisation's grants by year, and (administrators) grants made
elsewhere and corrections — entries of their own, with author and reason; nothing is edited or deleted."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from pipeline.store import ledger
from pipeline.store.text import AmountError, parse_amount, parse_int
from pipeline.web import queries
from pipeline.web.deps import DONE_ZH, policy, render, store_of
from pipeline.web.security import check_csrf, require_admin, require_session

router = APIRouter()


def _page(request: Request, year: int | None, *, status: int = 200, done: str = "", error: str = "",
          error_at: str = "", form: dict | None = None):
    store = store_of(request)
    years = ledger.years(store)
    y = year if year is not None else (years[0] if years else date.today().year - 1)
    entries = ledger.entries(store, y)
    totals: dict[str, int] = {}
    for e in entries:
        totals[e.uscc] = totals.get(e.uscc, 0) + e.amount_yuan
    by_year = ledger.by_org_and_year(store, list(totals))
    all_years = sorted({yy for per in by_year.values() for yy in per} | {y})
    try:
        cap = int(policy().param("annual_cap_yuan", date(y, 12, 31)).value)
    except Exception:
        cap = 1_000_000
    return render(request, "ledger.html.j2", http_status=status, entries=entries, totals=totals, year=y,
                  by_year=by_year, all_years=all_years, org_names=queries.org_names(store, list(totals)),
                  years=sorted(set(years) | {y}, reverse=True), cap=cap, done=done, error=error, error_at=error_at,
                  form=form or {}, KIND_ZH=ledger.KIND_ZH)


@router.get("/ledger")
def ledger_page(request: Request, year: str = "", done: str = ""):
    require_session(request)
    try:
        y = parse_int(year, "年度", 2000, 2100) if year else None
    except AmountError:
        y = None
    return _page(request, y, done=DONE_ZH.get(done, ""))


@router.post("/ledger")
async def ledger_add(request: Request):
    sess = require_admin(request)
    form = await check_csrf(request, sess)
    data = {k: str(form.get(k) or "") for k in ("uscc", "year", "amount", "note")}
    try:
        year = parse_int(data["year"], "年度", 2000, 2100)
        amount = parse_amount(data["amount"])
        if amount is None:
            raise AmountError("请填写金额")
        ledger.add_external(store_of(request), data["uscc"], year, amount, note=data["note"].strip() or None,
                            author=sess.user.username)
    except (AmountError, ledger.LedgerError) as exc:
        return _page(request, None, status=400, error=str(exc), error_at="add", form=data)
    return RedirectResponse(f"/ledger?year={year}&done=ledger", status_code=303)


@router.post("/ledger/correct")
async def ledger_correct(request: Request):
    sess = require_admin(request)
    form = await check_csrf(request, sess)
    data = {k: str(form.get(k) or "") for k in ("entry", "amount", "reason", "sign", "year")}
    try:
        entry = parse_int(data["entry"], "台账记录编号", 1, 10**12)
        amount = parse_amount(data["amount"])
        if amount is None:
            raise AmountError("请填写更正金额")
        if data["sign"] == "-":
            amount = -amount
        ledger.add_correction(store_of(request), entry, amount, data["reason"], author=sess.user.username)
    except (AmountError, ledger.LedgerError) as exc:
        try:
            y = parse_int(data["year"], "年度", 2000, 2100)
        except AmountError:
            y = None
        return _page(request, y, status=400, error=str(exc), error_at=f"e{data['entry']}", form=data)
    from urllib.parse import quote

    return RedirectResponse(f"/ledger?year={quote(data['year'])}&done=correction", status_code=303)
