"""What the route modules share: the templates and how a page is rendered, the store and settings of the app,
the policy, local times, the Chinese labels. Routes are grouped by area in `routes_*.py` (APIRouters)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from pipeline.render import labels as L
from pipeline.store import accounts
from pipeline.store.accounts import ROLE_ZH
from pipeline.store.db import Store
from pipeline.store.diff import STATUS_ZH
from pipeline.web.audit_text import ACTION_ZH
from pipeline.web.review import DECISION_ZH, VERDICT_ZH
from pipeline.web.security import session_of
from pipeline.web.settings import WebSettings

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

CASE_STATUS_ZH = {"received": "已接收", "processing": "处理中", "drafted": "待初审", "in_review": "初审中",
                  "submitted": "待复核", "decided": "已办结"}
# The messages a redirect may name (?done=…): only these texts are ever shown in the page's boxes.
DONE_ZH = {"decision": "已保存项目决定", "eligibility": "已保存资格认定", "note": "已添加备注",
           "submit": "已提交复核", "check": "已保存复核意见", "return": "已退回初审",
           "signoff": "已签署办结，核定金额已记入台账", "reopen": "已重新打开案件，原台账记录已冲回",
           "assign": "已保存分配", "ledger": "已登记台账", "correction": "已登记更正",
           "user": "已保存用户", "round": "已新建申报批次", "password": "密码已修改，请用新密码登录",
           "resumed": "登录已过期：您填写的内容已恢复，请核对后重新提交"}


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(L=L, CASE_STATUS_ZH=CASE_STATUS_ZH, ROLE_ZH=ROLE_ZH, STATUS_ZH=STATUS_ZH,
                       DECISION_ZH=DECISION_ZH, VERDICT_ZH=VERDICT_ZH, ACTION_ZH=ACTION_ZH, quote=quote)
    return env


def store_of(request: Request) -> Store:
    return request.app.state.store


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings


def policy():
    from pipeline.policy import current_policy

    return current_policy()


def timezone_of(settings: WebSettings):
    try:
        return ZoneInfo(settings.timezone)
    except Exception:
        return timezone(timedelta(hours=8))


def today(request: Request) -> date:
    return datetime.now(request.app.state.tz).date()


def local_time(tz):
    def local(t: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        if t is None:
            return "—"
        if t.tzinfo is None:  # SQLite gives UTC back without its zone
            t = t.replace(tzinfo=timezone.utc)
        return t.astimezone(tz).strftime(fmt)

    return local


def render(request: Request, template: str, http_status: int = 200, **ctx) -> HTMLResponse:
    sess = session_of(request)
    store = store_of(request)
    ctx.setdefault("done", "")
    ctx.setdefault("error", "")
    html = _env().get_template(template).render(
        request=request, user=sess.user if sess else None, csrf=sess.csrf_token if sess else "",
        local=local_time(request.app.state.tz),
        names={"cli": "命令行", "system": "系统", "anonymous": "匿名", **accounts.display_names(store)} if sess else {},
        **ctx)
    return HTMLResponse(html, status_code=http_status)


def error_page(request: Request, http_status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html.j2", http_status=http_status, title=title, message=message)
