"""Login, sessions and CSRF for the web workspace.

- The session cookie holds a random token; the store keeps only its SHA-256 (pipeline.store.accounts), with an
  absolute expiry and an idle timeout. The cookie is HttpOnly, SameSite=Strict, Path=/ (Secure behind HTTPS).
- Every state-changing request is a POST whose form carries the session's CSRF token (synchronizer token,
  compared in constant time); a request whose Origin names another site is refused as well. The login form,
  which has no session yet, uses a double-submit token: a random cookie and the same value in the form.
- Failed logins are counted per user name; after `max_failed_logins` within `lockout` that name is refused
  until the period has passed (the answer does not say whether the name exists).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from urllib.parse import urlsplit

from fastapi import Request

from pipeline.store import accounts
from pipeline.store.accounts import SessionInfo


class NotLoggedIn(Exception):
    """No valid session: pages redirect to the login page, files and form posts get 401."""


class Forbidden(Exception):
    def __init__(self, message: str = "无权执行此操作"):
        super().__init__(message)
        self.message = message


def session_of(request: Request) -> SessionInfo | None:
    if not hasattr(request.state, "session_info"):
        app = request.app.state
        token = request.cookies.get(app.settings.cookie_name)
        request.state.session_info = accounts.get_session(app.store, token, idle=app.settings.session_idle)
    return request.state.session_info


def require_session(request: Request) -> SessionInfo:
    sess = session_of(request)
    if sess is None:
        raise NotLoggedIn()
    return sess


def require_admin(request: Request) -> SessionInfo:
    sess = require_session(request)
    if not sess.user.is_admin:
        raise Forbidden("此页面仅限管理员")
    return sess


def _same_origin(request: Request) -> bool:
    """False only when the browser names another site as the form's origin ("null", sent by some privacy
    settings, is left to the token)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def check_csrf(request: Request, sess: SessionInfo) -> dict:
    """The form of a POST, after its CSRF token and origin were checked (Forbidden otherwise)."""
    form = await request.form()
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), sess.csrf_token.encode()):
        raise Forbidden("表单已失效或来源不明（CSRF 校验失败），请刷新页面后重试")
    if not _same_origin(request):
        raise Forbidden("表单来源不明（Origin 与本站不符）")
    return form


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


async def check_login_csrf(request: Request) -> dict:
    form = await request.form()
    cookie = request.cookies.get(request.app.state.settings.login_csrf_cookie) or ""
    sent = form.get("csrf_token")
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), cookie.encode()):
        raise Forbidden("登录表单已失效（CSRF 校验失败），请刷新登录页后重试")
    if not _same_origin(request):
        raise Forbidden("表单来源不明（Origin 与本站不符）")
    return form


class LoginThrottle:
    """Failed logins per user name, in memory (one web process; a restart forgets them)."""

    def __init__(self, limit: int, period_s: float):
        self.limit, self.period = limit, period_s
        self._fails: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        times = [t for t in self._fails.get(name, []) if now - t < self.period]
        self._fails[name] = times
        return times

    def blocked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name, time.monotonic())) >= self.limit

    def failed(self, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(name, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(name, None)


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
