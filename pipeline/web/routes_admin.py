"""Accounts (administrators) and application rounds: rounds are listed for everyone with their exports (公示
list and budget summary in Excel); administrators create them."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.store import accounts, rounds
from pipeline.web import queries
from pipeline.web.audit_text import audit_row
from pipeline.web.deps import DONE_ZH, error_page, policy, render, settings_of, store_of, today
from pipeline.web.round_report import budget_xlsx, collect, publicity_xlsx
from pipeline.web.security import check_csrf, require_admin, require_session

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _users(request: Request, *, status: int = 200, done: str = "", error: str = ""):
    store = store_of(request)
    return render(request, "users.html.j2", http_status=status, users=accounts.list_users(store),
                  audit_rows=[audit_row(a, {}) for a in queries.account_audit(store)], done=done, error=error,
                  roles=accounts.ROLES)


@router.get("/admin/users")
def users_page(request: Request, done: str = ""):
    require_admin(request)
    return _users(request, done=DONE_ZH.get(done, ""))


@router.post("/admin/users")
async def users_action(request: Request):
    sess = require_admin(request)
    form = await check_csrf(request, sess)
    store = store_of(request)
    action = str(form.get("action") or "")
    name = str(form.get("username") or "").strip()
    me = sess.user.username
    try:
        if action == "create":
            accounts.create_user(store, name, str(form.get("password") or ""), role=str(form.get("role") or ""),
                                 display_name=str(form.get("display_name") or "") or None, actor=me)
        elif action == "password":
            accounts.set_password(store, name, str(form.get("password") or ""), actor=me)
        elif action in ("disable", "enable"):
            if name == me:
                raise accounts.AccountError("不能停用自己的账号")
            accounts.set_active(store, name, action == "enable", actor=me)
        elif action == "role":
            if name == me:
                raise accounts.AccountError("不能变更自己的角色")
            accounts.set_role(store, name, str(form.get("role") or ""), actor=me)
        else:
            raise accounts.AccountError("未知操作")
    except accounts.AccountError as exc:
        return _users(request, status=400, error=str(exc))
    return RedirectResponse("/admin/users?done=user", status_code=303)


def _rounds(request: Request, *, status: int = 200, done: str = "", error: str = "", form: dict | None = None):
    store = store_of(request)
    items = rounds.list_rounds(store)
    counts = {r.id: queries.count_cases(store, r.id) for r in items}
    return render(request, "rounds.html.j2", http_status=status, rounds=items, counts=counts, today=today(request),
                  done=done, error=error, form=form or {})


@router.get("/rounds")
def rounds_page(request: Request, done: str = ""):
    require_session(request)
    return _rounds(request, done=DONE_ZH.get(done, ""))


@router.post("/rounds")
async def rounds_create(request: Request):
    sess = require_admin(request)
    form = await check_csrf(request, sess)
    data = {k: str(form.get(k) or "").strip() for k in ("name", "period_start", "period_end", "review_date",
                                                         "deadline", "notice")}
    try:
        try:
            days = {k: date.fromisoformat(data[k]) for k in ("period_start", "period_end", "review_date", "deadline")}
        except ValueError:
            raise rounds.RoundError("日期须写成 2026-03-31 的格式") from None
        rounds.create_round(store_of(request), data["name"], notice=data["notice"] or None,
                            actor=sess.user.username, **days)
    except rounds.RoundError as exc:
        return _rounds(request, status=400, error=str(exc), form=data)
    return RedirectResponse("/rounds?done=round", status_code=303)


def _export(request: Request, round_id: int, kind: str):
    require_session(request)
    store = store_of(request)
    rnd = rounds.get_round(store, round_id)
    if rnd is None:
        return error_page(request, 404, "未找到", "没有这个申报批次")
    results = collect(store, rnd.id)
    if kind == "publicity":
        data, title = publicity_xlsx(rnd, results, names=settings_of(request).public_names), "公示名单"
    else:
        data, title = budget_xlsx(rnd, results, policy()), "预算汇总"
    name = quote(f"{rnd.name}_{title}.xlsx")
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


@router.get("/rounds/{round_id}/publicity.xlsx")
def publicity(request: Request, round_id: int):
    return _export(request, round_id, "publicity")


@router.get("/rounds/{round_id}/budget.xlsx")
def budget(request: Request, round_id: int):
    return _export(request, round_id, "budget")
