"""The web workspace's routes. `create_app(store, settings)` builds the FastAPI application.

Pages (GET, all behind the login): `/` the queue, `/cases/{id}` the case page, `/cases/{id}/v{n}/ev/{ref}.jpg`
an evidence crop, `/cases/{id}/v{n}/page/{ref}` the whole page with the box, `/cases/{id}/files/{n}` an
original, `/cases/{id}/export.docx|.pdf` the signed-off form, `/ledger`, `/admin/users` (administrators).
Actions (POST with the CSRF token): decision, eligibility, note, signoff on a case; ledger entries and
accounts (administrators); login and logout.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from pipeline.render import labels as L
from pipeline.store import accounts, repo
from pipeline.store.db import Store
from pipeline.store.diff import STATUS_ZH
from pipeline.store.person import ledger_key
from pipeline.store.repo import CaseStateError
from pipeline.web import queries
from pipeline.web.evidence import EvidenceService, evidence_list
from pipeline.web.review import DECISION_ZH, DecisionError, check_decision, evaluate, parse_amount
from pipeline.web.security import (
    Forbidden, LoginThrottle, NotLoggedIn, check_csrf, check_login_csrf, new_login_token, require_admin,
    require_session, safe_next, session_of,
)
from pipeline.web.settings import WebSettings

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"

CASE_STATUS_ZH = {"received": "已接收", "processing": "处理中", "drafted": "待审核", "in_review": "审核中",
                  "decided": "已办结"}
ROLE_ZH = {"reviewer": "审核人员", "admin": "管理员"}
ACTION_ZH = {"status": "状态变更", "claim_decision": "项目决定", "eligibility_override": "资格认定", "note": "备注",
             "sign_off": "签署办结", "ledger": "台账登记", "user_create": "新建用户", "user_password": "重设密码",
             "user_active": "启用/停用用户", "user_role": "变更角色", "draft": "生成预审稿"}
DONE_ZH = {"decision": "已保存项目决定", "eligibility": "已保存资格认定", "note": "已添加备注",
           "signoff": "已签署办结，核定金额已记入台账", "ledger": "已登记台账", "user": "已保存用户"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(L=L, CASE_STATUS_ZH=CASE_STATUS_ZH, ROLE_ZH=ROLE_ZH, STATUS_ZH=STATUS_ZH,
                       DECISION_ZH=DECISION_ZH, ACTION_ZH=ACTION_ZH, quote=quote)
    return env


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(title="金山区质量发展专项资金 审核工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store, app.state.settings = store, settings
    app.state.evidence = EvidenceService(store)
    app.state.throttle = LoginThrottle(settings.max_failed_logins, settings.lockout.total_seconds())
    try:
        tz = ZoneInfo(settings.timezone)
    except Exception:
        from datetime import timedelta

        tz = timezone(timedelta(hours=8))
    app.state.tz = tz
    def policy():
        from pipeline.policy import current_policy

        return current_policy()

    def local(t: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        if t is None:
            return "—"
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        return t.astimezone(tz).strftime(fmt)

    def render(request: Request, template: str, http_status: int = 200, **ctx) -> HTMLResponse:
        sess = session_of(request)
        html = _env().get_template(template).render(
            request=request, user=sess.user if sess else None, csrf=sess.csrf_token if sess else "",
            local=local, names={"cli": "命令行", "system": "系统", **accounts.display_names(store)} if sess else {},
            **ctx)
        return HTMLResponse(html, status_code=http_status)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn):
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            resp = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        else:
            resp = PlainTextResponse("未登录或登录已过期，请重新登录", status_code=401)
        if request.cookies.get(settings.cookie_name):
            resp.delete_cookie(settings.cookie_name, path="/")
        return resp

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        return render(request, "error.html.j2", http_status=403, title="拒绝访问", message=exc.message)

    # ------------------------------------------------------------ login

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/", error: str = ""):
        token = new_login_token()
        resp = render(request, "login.html.j2", next=safe_next(next), login_csrf=token, error=error)
        resp.set_cookie(settings.login_csrf_cookie, token, httponly=True, samesite="strict", path="/login",
                        secure=settings.secure_cookies, max_age=3600)
        return resp

    @app.post("/login")
    async def login(request: Request):
        form = await check_login_csrf(request)
        name = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        nxt = safe_next(str(form.get("next") or "/"))
        throttle: LoginThrottle = app.state.throttle
        user = None
        if name and not throttle.blocked(name):
            user = accounts.authenticate(store, name, password)
            if user is None:
                throttle.failed(name)
        if user is None:
            msg = ("登录失败次数过多，请稍后再试" if name and throttle.blocked(name) else "用户名或密码不正确")
            token = new_login_token()
            resp = render(request, "login.html.j2", http_status=401, next=nxt, login_csrf=token, error=msg)
            resp.set_cookie(settings.login_csrf_cookie, token, httponly=True, samesite="strict", path="/login",
                            secure=settings.secure_cookies, max_age=3600)
            return resp
        throttle.succeeded(name)
        token, _ = accounts.create_session(store, user, lifetime=settings.session_lifetime)
        resp = RedirectResponse(nxt, status_code=303)
        resp.set_cookie(settings.cookie_name, token, httponly=True, samesite="strict", path="/",
                        secure=settings.secure_cookies, max_age=int(settings.session_lifetime.total_seconds()))
        resp.delete_cookie(settings.login_csrf_cookie, path="/login")
        return resp

    @app.post("/logout")
    async def logout(request: Request):
        sess = require_session(request)
        await check_csrf(request, sess)
        accounts.end_session(store, request.cookies.get(settings.cookie_name))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(settings.cookie_name, path="/")
        return resp

    # ------------------------------------------------------------ queue

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, status: str = "pending", q: str = "", flagged: str = "", done: str = ""):
        require_session(request)
        if status not in ("pending", "all", *CASE_STATUS_ZH):
            status = "pending"
        rows = queries.queue(store, status=status, q=q, flagged=bool(flagged))
        counts = repo.count_cases(store)
        return render(request, "queue.html.j2", rows=rows, status=status, q=q, flagged=bool(flagged),
                      counts=counts, done=DONE_ZH.get(done, ""))

    # ------------------------------------------------------------ case page

    def case_context(case_id: str) -> dict:
        case = repo.get_case(store, case_id)
        if case is None:
            raise KeyError(case_id)
        draft = repo.current_draft(store, case_id)
        versions = repo.draft_versions(store, case_id)
        ctx: dict = dict(case=case, draft=draft, versions=versions, files=queries.case_files(store, case_id),
                         notes=repo.notes(store, case_id), signoff=queries.signoff(store, case_id),
                         override=queries.override(store, case_id), audit=queries.audit(store, case_id))
        ctx["decided"] = case.status == "decided"
        ctx["audit_rows"] = [audit_row(a, {}) for a in ctx["audit"]]
        if draft is None:
            return ctx
        decisions = repo.claim_decisions(store, case_id)
        old = {v.version: json.loads(v.review_json) for v in versions if v.version != case.current_version}
        ledger = repo.ledger_for_case(store, case_id, ledger_key(store, draft["applicant"]))
        ev = evaluate(draft, decisions, ctx["override"], ledger_yuan=ledger, policy=policy(), versions=old)
        ctx["ev"] = ev
        ctx["latest"] = versions[-1] if versions else None
        ctx["latest_diff"] = json.loads(versions[-1].diff) if versions and versions[-1].diff else []
        labels = {v.key: f"第 {v.index} 项 {v.claim['item']}" for v in ev.claims}
        ctx["claim_labels"] = labels
        ctx["audit_rows"] = [audit_row(a, labels) for a in ctx["audit"]]
        return ctx

    @app.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: str, done: str = ""):
        sess = require_session(request)
        case = repo.get_case(store, case_id)
        if case is None:
            return render(request, "error.html.j2", http_status=404, title="未找到", message="没有这个案件")
        if case.status == "drafted":
            repo.start_review(store, case_id, sess.user.username)
        return render(request, "case.html.j2", done=DONE_ZH.get(done, ""), error="", error_at="", form={},
                      **case_context(case_id))

    def case_error(request: Request, case_id: str, message: str, at: str, form) -> HTMLResponse:
        return render(request, "case.html.j2", http_status=400, done="", error=message, error_at=at,
                      form={k: v for k, v in form.items() if k != "csrf_token"}, **case_context(case_id))

    def _check_version(case_id: str, form) -> None:
        case = repo.get_case(store, case_id)
        if case is None:
            raise DecisionError("没有这个案件")
        if case.status == "decided":
            raise DecisionError("本案件已签署办结，不能再修改")
        try:
            seen = int(form.get("version") or 0)
        except ValueError:
            seen = 0
        if seen != case.current_version:
            raise DecisionError(f"预审稿已更新为第 {case.current_version} 版（您看到的是第 {seen} 版），"
                                "请核对变化后再作决定")

    @app.post("/cases/{case_id}/decision")
    async def claim_decision(request: Request, case_id: str):
        sess = require_session(request)
        form = await check_csrf(request, sess)
        key = str(form.get("claim_key") or "")
        at = f"claim-{form.get('index') or ''}"
        try:
            _check_version(case_id, form)
            draft = repo.current_draft(store, case_id)
            from pipeline.store.diff import claim_keys

            claims = dict(zip(claim_keys(draft["claims"]), draft["claims"]))
            if key not in claims:
                raise DecisionError("预审稿中没有这个申报项目")
            decision = str(form.get("decision") or "")
            reason = str(form.get("reason") or "").strip()
            amount = parse_amount(str(form.get("amount") or "")) if decision == "adjust" else None
            amount = check_decision(claims[key], decision, amount, reason, policy(),
                                    date.fromisoformat(str(draft["as_of"])))
            repo.record_claim_decision(store, case_id, key, decision, reviewer=sess.user.username,
                                       amount_yuan=amount, reason=reason or None)
        except (DecisionError, CaseStateError) as exc:
            return case_error(request, case_id, str(exc), at, form)
        return RedirectResponse(f"/cases/{case_id}?done=decision#{at}", status_code=303)

    @app.post("/cases/{case_id}/eligibility")
    async def eligibility(request: Request, case_id: str):
        sess = require_session(request)
        form = await check_csrf(request, sess)
        try:
            _check_version(case_id, form)
            status = str(form.get("status") or "")
            reason = str(form.get("reason") or "").strip()
            if status not in ("eligible", "ineligible"):
                raise DecisionError("请选择“符合申报条件”或“不符合申报条件”")
            if not reason:
                raise DecisionError("资格认定须填写理由")
            repo.set_eligibility_override(store, case_id, status, reason, reviewer=sess.user.username)
        except (DecisionError, CaseStateError) as exc:
            return case_error(request, case_id, str(exc), "eligibility", form)
        return RedirectResponse(f"/cases/{case_id}?done=eligibility#eligibility", status_code=303)

    @app.post("/cases/{case_id}/notes")
    async def note(request: Request, case_id: str):
        sess = require_session(request)
        form = await check_csrf(request, sess)
        try:
            _check_version(case_id, form)
            text = str(form.get("text") or "").strip()
            if not text:
                raise DecisionError("备注不能为空")
            key = str(form.get("claim_key") or "") or None
            repo.add_note(store, case_id, text[:4000], author=sess.user.username, claim_key=key)
        except (DecisionError, CaseStateError) as exc:
            return case_error(request, case_id, str(exc), "notes", form)
        return RedirectResponse(f"/cases/{case_id}?done=note#notes", status_code=303)

    @app.post("/cases/{case_id}/signoff")
    async def signoff(request: Request, case_id: str):
        sess = require_session(request)
        form = await check_csrf(request, sess)
        try:
            _check_version(case_id, form)
            ctx = case_context(case_id)
            ev = ctx["ev"]
            if ev.blockers:
                raise DecisionError("尚不能签署：" + "；".join(ev.blockers))
            if not form.get("confirm"):
                raise DecisionError("请勾选“已核对原件”后再签署")
            try:
                shown = int(form.get("granted") or -1)
            except ValueError:
                shown = -1
            if shown != ev.granted_yuan:
                raise DecisionError(f"核定金额已变化（现为 {ev.granted_yuan:,} 元），请核对后再签署")
            opinion = str(form.get("note") or "").strip() or None
            repo.sign_off(store, case_id, reviewer=sess.user.username, total_yuan=ev.granted_yuan, note=opinion)
        except (DecisionError, CaseStateError) as exc:
            return case_error(request, case_id, str(exc), "signoff", form)
        return RedirectResponse(f"/cases/{case_id}?done=signoff#signoff", status_code=303)

    # ------------------------------------------------------------ evidence, originals, export

    def _version_draft(case_id: str, version: int) -> dict | None:
        for v in repo.draft_versions(store, case_id):
            if v.version == version:
                return json.loads(v.review_json)
        return None

    @app.get("/cases/{case_id}/v{version}/ev/{ref}.jpg")
    def evidence_crop(request: Request, case_id: str, version: int, ref: str):
        require_session(request)
        draft = _version_draft(case_id, version)
        ev = evidence_list(draft, ref) if draft else None
        data = app.state.evidence.crop(case_id, ev) if ev else None
        if data is None:
            return PlainTextResponse("无图像", status_code=404)
        return Response(data, media_type="image/jpeg")

    @app.get("/cases/{case_id}/v{version}/page/{ref}.jpg")
    def evidence_page_image(request: Request, case_id: str, version: int, ref: str):
        require_session(request)
        draft = _version_draft(case_id, version)
        ev = evidence_list(draft, ref) if draft else None
        data = app.state.evidence.page(case_id, ev) if ev else None
        if data is None:
            return PlainTextResponse("无图像", status_code=404)
        return Response(data, media_type="image/jpeg")

    @app.get("/cases/{case_id}/v{version}/page/{ref}", response_class=HTMLResponse)
    def evidence_page(request: Request, case_id: str, version: int, ref: str):
        require_session(request)
        case = repo.get_case(store, case_id)
        draft = _version_draft(case_id, version)
        ev = evidence_list(draft, ref) if draft else None
        if case is None or ev is None:
            return render(request, "error.html.j2", http_status=404, title="未找到", message="没有这个证据")
        return render(request, "page.html.j2", case=case, version=version, ref=ref, ev=ev)

    @app.get("/cases/{case_id}/files/{position}")
    def original(request: Request, case_id: str, position: int):
        require_session(request)
        from pipeline.store.originals import get_original

        row = next((f for f in queries.case_files(store, case_id) if f.position == position), None)
        if row is None or row.error or not row.sha256:
            return PlainTextResponse("没有这个原件", status_code=404)
        data = get_original(store.originals_dir, row.sha256)
        return Response(data, media_type="application/octet-stream", headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.name)}",
            "Content-Security-Policy": "sandbox"})

    def _export(case_id: str) -> tuple[bytes, str] | None:
        from pipeline.web.export import signed_docx

        ctx = case_context(case_id)
        so = ctx["signoff"]
        if so is None or ctx["draft"] is None:
            return None
        draft = _version_draft(case_id, so.draft_version) or ctx["draft"]
        names = accounts.display_names(store)
        data = signed_docx(draft, ctx["ev"], ctx["override"], so, names.get(so.signed_by, so.signed_by), tz)
        name = f"审核意见表_{ctx['case'].applicant_name or ctx['case'].packet_name}_{case_id[:8]}"
        return data, name

    @app.get("/cases/{case_id}/export.docx")
    def export_docx(request: Request, case_id: str):
        require_session(request)
        got = _export(case_id)
        if got is None:
            return render(request, "error.html.j2", http_status=404, title="尚未签署", message="案件签署办结后才能导出审核意见表")
        data, name = got
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.docx"})

    @app.get("/cases/{case_id}/export.pdf")
    def export_pdf(request: Request, case_id: str):
        require_session(request)
        if not settings.soffice:
            return render(request, "error.html.j2", http_status=404, title="无法生成 PDF",
                          message="本机未安装 LibreOffice，请下载 Word 版本")
        got = _export(case_id)
        if got is None:
            return render(request, "error.html.j2", http_status=404, title="尚未签署", message="案件签署办结后才能导出审核意见表")
        from pipeline.web.export import docx_to_pdf

        data, name = got
        try:
            pdf = docx_to_pdf(data, settings.soffice)
        except Exception as exc:
            log.warning("pdf export failed: %s", exc)
            return render(request, "error.html.j2", http_status=500, title="PDF 生成失败", message=str(exc))
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.pdf"})

    # ------------------------------------------------------------ ledger

    @app.get("/ledger", response_class=HTMLResponse)
    def ledger_page(request: Request, year: str = "", done: str = "", error: str = ""):
        require_session(request)
        years = queries.ledger_years(store)
        try:
            y = int(year) if year else (years[0] if years else date.today().year - 1)
        except ValueError:
            y = date.today().year - 1
        entries = queries.ledger(store, y)
        totals: dict[str, int] = {}
        for e in entries:
            totals[e.uscc] = totals.get(e.uscc, 0) + e.amount_yuan
        try:
            cap = int(policy().param("annual_cap_yuan", date(y, 12, 31)).value)
        except Exception:
            cap = 1_000_000
        return render(request, "ledger.html.j2", entries=entries, totals=totals, year=y,
                      org_names=queries.org_names(store, list(totals)),
                      years=sorted(set(years) | {y}, reverse=True), cap=cap, done=DONE_ZH.get(done, ""),
                      error=error)

    @app.post("/ledger")
    async def ledger_add(request: Request):
        sess = require_admin(request)
        form = await check_csrf(request, sess)
        uscc = str(form.get("uscc") or "").strip().upper()
        note = str(form.get("note") or "").strip() or None
        try:
            year = int(str(form.get("year") or ""))
            amount = parse_amount(str(form.get("amount") or ""))
            if not uscc or amount is None or amount <= 0:
                raise DecisionError("请填写统一社会信用代码和大于 0 的金额")
        except (ValueError, DecisionError) as exc:
            msg = str(exc) if isinstance(exc, DecisionError) else "年度须为数字"
            return RedirectResponse(f"/ledger?error={quote(msg)}", status_code=303)
        repo.add_ledger_entry(store, uscc, year, amount, note=note, actor=sess.user.username)
        return RedirectResponse(f"/ledger?year={year}&done=ledger", status_code=303)

    # ------------------------------------------------------------ accounts (administrators)

    @app.get("/admin/users", response_class=HTMLResponse)
    def users_page(request: Request, done: str = "", error: str = ""):
        require_admin(request)
        return render(request, "users.html.j2", users=accounts.list_users(store),
                      audit_rows=[audit_row(a, {}) for a in queries.account_audit(store)],
                      done=DONE_ZH.get(done, ""), error=error)

    @app.post("/admin/users")
    async def users_action(request: Request):
        sess = require_admin(request)
        form = await check_csrf(request, sess)
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
            return RedirectResponse(f"/admin/users?error={quote(str(exc))}", status_code=303)
        return RedirectResponse("/admin/users?done=user", status_code=303)

    @app.get("/healthz")
    def healthz():
        return PlainTextResponse("ok")

    return app


# ---------------------------------------------------------------- audit rows in the reviewer's words

def _fmt(action: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return CASE_STATUS_ZH.get(value, value)
    if not isinstance(value, dict):
        return str(value)
    if action == "claim_decision":
        d = value.get("decision")
        text = DECISION_ZH.get(d, d or "—")
        if d == "adjust" and value.get("amount_yuan") is not None:
            text += f" {int(value['amount_yuan']):,} 元"
        if value.get("reason"):
            text += f"（{value['reason']}）"
        if value.get("by"):
            text += f"，{value['by']}"
        return text
    if action == "eligibility_override":
        return f"{L.label(L.ELIGIBILITY_STATUS, value.get('status'))}（{value.get('reason') or ''}）"
    if action == "note":
        return value.get("text") or ""
    if action == "sign_off":
        if "total_yuan" in value:
            return (f"{CASE_STATUS_ZH.get(value.get('status'), value.get('status'))}，核定 {int(value['total_yuan']):,} 元"
                    + (f"；意见：{value['note']}" if value.get("note") else ""))
        return CASE_STATUS_ZH.get(value.get("status"), str(value.get("status")))
    parts = []
    for k, v in value.items():
        if k == "status":
            v = CASE_STATUS_ZH.get(v, v)
        elif k == "role":
            v = ROLE_ZH.get(v, v)
        elif k == "active":
            v = "启用" if v else "停用"
        elif k == "amount_yuan" and isinstance(v, int):
            v = f"{v:,} 元"
        parts.append(f"{v}")
    return "，".join(str(p) for p in parts)


def audit_row(a, labels: dict[str, str]) -> dict:
    def load(s):
        if s is None:
            return None
        try:
            return json.loads(s)
        except ValueError:
            return s

    return {"at": a.at, "actor": a.actor, "action": ACTION_ZH.get(a.action, a.action),
            "target": labels.get(a.target or "", a.target or ""),
            "before": _fmt(a.action, load(a.before)), "after": _fmt(a.action, load(a.after)),
            "has_before": a.before is not None}
