"""`create_app(store, settings)` builds the FastAPI application from the routers of each area.

    routes_login    /login, /logout, /account (one's own password)
    routes_queue    /  (the queue: pages, filters by round, status, assignee, flags)
    routes_case     /cases/{id} and its forms: decision, eligibility, notes, submit (初审); check, return,
                    signoff (复核); assign; reopen (administrators)
    routes_files    evidence crops and whole pages, originals, the signed-off 审核意见表 (Word, PDF)
    routes_ledger   /ledger: entries, grants by organisation and year, external grants and corrections
    routes_admin    /admin/users, /rounds (and their 公示 and budget exports in Excel)

Shared pieces are in deps.py; login, sessions and CSRF in security.py. Every page needs a login; a form posted
after the session expired is kept and given back once the reviewer has logged in again.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse

from pipeline.store import accounts
from pipeline.store.db import Store
from pipeline.web import routes_admin, routes_case, routes_files, routes_ledger, routes_login, routes_queue
from pipeline.web.deps import STATIC, error_page, timezone_of
from pipeline.web.evidence import EvidenceService
from pipeline.web.routes_case import FORM_FIELDS, anchor_for
from pipeline.web.security import Forbidden, LoginGate, NotLoggedIn
from pipeline.web.settings import WebSettings

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
RESUMABLE = ("decision", "eligibility", "notes", "check", "return", "signoff", "reopen")


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.login_gate.shutdown()

    app = FastAPI(title="金山区质量发展专项资金 审核工作台", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.store, app.state.settings = store, settings
    app.state.evidence = EvidenceService(store)
    app.state.login_gate = LoginGate()
    app.state.tz = timezone_of(settings)
    for module in (routes_login, routes_queue, routes_case, routes_files, routes_ledger, routes_admin):
        app.include_router(module.router)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn):
        browser = "text/html" in request.headers.get("accept", "")
        resp = None
        if request.method == "GET" and browser:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            resp = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        elif request.method == "POST" and browser:
            resp = await _keep_form(request)
        if resp is None:
            resp = PlainTextResponse("未登录或登录已过期，请重新登录", status_code=401)
        if request.cookies.get(settings.cookie_name):
            resp.delete_cookie(settings.cookie_name, path="/")
        return resp

    async def _keep_form(request: Request):
        """A case form posted without a session: what was typed is kept (never acted on) and shown again,
        filled in, once the reviewer has logged in."""
        parts = request.url.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "cases" or parts[2] not in RESUMABLE:
            return None
        try:
            form = await request.form()
        except Exception:
            return None
        data = {k: str(v)[:4000] for k, v in form.items() if k in FORM_FIELDS and isinstance(v, str)}
        token = accounts.save_resume_form(store, request.url.path, data)
        target = f"/cases/{parts[1]}?resume=1#{anchor_for(request.url.path, data)}"
        resp = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        resp.set_cookie(settings.resume_cookie, token, httponly=True, samesite="strict", path="/",
                        secure=settings.secure_cookies, max_age=2 * 24 * 3600)
        return resp

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        return error_page(request, 403, "拒绝访问", exc.message)

    @app.get("/static/review.js")
    def script():
        return FileResponse(STATIC / "review.js", media_type="text/javascript",
                            headers={"Cache-Control": "private, max-age=300"})

    @app.get("/healthz")
    def healthz():
        return PlainTextResponse("ok")

    return app
