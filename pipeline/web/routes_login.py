"""Login, logout, and a reviewer's own password."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from pipeline.store import accounts
from pipeline.web.deps import DONE_ZH, render, settings_of, store_of
from pipeline.web.security import (
    check_csrf, check_login_csrf, client_address, new_login_token, require_session, safe_next,
)

router = APIRouter()


def _login_form(request: Request, *, nxt: str, error: str = "", done: str = "", status: int = 200):
    settings = settings_of(request)
    token = new_login_token()
    resp = render(request, "login.html.j2", http_status=status, next=nxt, login_csrf=token, error=error, done=done,
                  limit=settings.max_failed_logins, minutes=int(settings.lockout.total_seconds() // 60))
    resp.set_cookie(settings.login_csrf_cookie, token, httponly=True, samesite="strict", path="/login",
                    secure=settings.secure_cookies, max_age=3600)
    return resp


@router.get("/login")
def login_page(request: Request, next: str = "/", done: str = ""):
    # `done` names one of the app's own messages; no text from the address is ever shown
    return _login_form(request, nxt=safe_next(next), done=DONE_ZH.get(done, ""))


@router.post("/login")
async def login(request: Request):
    store, settings = store_of(request), settings_of(request)
    gate = request.app.state.login_gate
    form = await check_login_csrf(request)
    name = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")[:1024]
    nxt = safe_next(str(form.get("next") or "/"))
    address = client_address(request)
    limits = accounts.LoginLimits(settings.max_failed_logins, settings.max_failed_per_address, settings.lockout)
    too_many = "登录失败次数过多，请稍后再试"
    if not name or not password:
        return _login_form(request, nxt=nxt, error="请填写用户名和密码", status=400)
    cookie = request.cookies.get(settings.device_cookie)
    device = await run_in_threadpool(accounts.device_user, store, cookie, name) if cookie else None
    if device is None and not gate.enter(address):  # attempts in flight from this address: refused unhashed
        await _refused(request, name, address, None)
        await asyncio.sleep(settings.login_delay_s)
        return _login_form(request, nxt=nxt, error=too_many, status=429)
    try:
        if device is None:
            async with gate.serial:
                user = await _attempt(request, name, password, address, None, limits)
        else:
            user = await _attempt(request, name, password, address, device, limits)
    finally:
        if device is None:
            gate.leave(address)
    if user in (None, "blocked"):
        await asyncio.sleep(settings.login_delay_s)  # after the slot and the queue were let go: costs nothing
        return _login_form(request, nxt=nxt, error=too_many if user else "用户名或密码不正确",
                           status=429 if user else 401)
    new_device = await run_in_threadpool(accounts.login_succeeded, store, user, address, device)
    token, _ = await run_in_threadpool(lambda: accounts.create_session(store, user, lifetime=settings.session_lifetime))
    resp = RedirectResponse(nxt, status_code=303)
    resp.set_cookie(settings.cookie_name, token, httponly=True, samesite="strict", path="/",
                    secure=settings.secure_cookies, max_age=int(settings.session_lifetime.total_seconds()))
    if new_device:
        resp.set_cookie(settings.device_cookie, new_device, httponly=True, samesite="strict", path="/login",
                        secure=settings.secure_cookies, max_age=400 * 24 * 3600)
    resp.delete_cookie(settings.login_csrf_cookie, path="/login")
    return resp


async def _attempt(request: Request, name: str, password: str, address: str, device: str | None, limits):
    """One login attempt: refused unhashed when locked out, else the password checked on the hashing thread;
    a failure is recorded. Returns the account, None (wrong) or "blocked"."""
    store, gate = store_of(request), request.app.state.login_gate
    if await run_in_threadpool(accounts.login_blocked, store, name, address, device, limits):
        await _refused(request, name, address, device)
        return "blocked"
    loop = asyncio.get_running_loop()
    user = await loop.run_in_executor(gate.pool, accounts.authenticate, store, name, password)
    if user is None:
        await run_in_threadpool(accounts.record_login_failure, store, name, address, device, refused=False)
    return user


async def _refused(request: Request, name: str, address: str, device: str | None) -> None:
    count = request.app.state.login_gate.refused(name, address)
    if count:
        await run_in_threadpool(accounts.record_login_failure, store_of(request), name, address, device,
                                refused=True, count=count)


@router.post("/logout")
async def logout(request: Request):
    sess = require_session(request)
    await check_csrf(request, sess)
    settings = settings_of(request)
    accounts.end_session(store_of(request), request.cookies.get(settings.cookie_name))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(settings.cookie_name, path="/")
    return resp


@router.get("/account")
def account_page(request: Request):
    require_session(request)
    return render(request, "account.html.j2", min_len=accounts.MIN_PASSWORD)


@router.post("/account/password")
async def change_password(request: Request):
    sess = require_session(request)
    form = await check_csrf(request, sess)
    store, settings = store_of(request), settings_of(request)
    current, new, again = (str(form.get(k) or "") for k in ("current", "new", "again"))
    try:
        if new != again:
            raise accounts.AccountError("两次输入的新密码不一致")
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(request.app.state.login_gate.pool, accounts.change_own_password, store,
                                   sess.user.username, current, new)
    except accounts.AccountError as exc:
        return render(request, "account.html.j2", http_status=400, error=str(exc), min_len=accounts.MIN_PASSWORD)
    resp = RedirectResponse("/login?done=password", status_code=303)
    resp.delete_cookie(settings.cookie_name, path="/")
    return resp
