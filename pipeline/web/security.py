"""Login, sessions and CSRF for the web workspace.

- The session cookie holds a random token; the store keeps only its SHA-256 (pipeline.store.accounts), with an
  absolute expiry and an idle timeout. The cookie is HttpOnly, SameSite=Strict, Path=/ (Secure behind HTTPS).
- Every state-changing request is a POST whose form carries the session's CSRF token (synchronizer token,
  compared in constant time); a request whose Origin names another site is refused as well. The login form,
  which has no session yet, uses a double-submit token: a random cookie and the same value in the form.
- Failed logins are counted in the store per name and client address; after `max_failed_logins` within
  `lockout` that name is refused from that address until the period has passed (the answer does not say
  whether the name exists). A browser its user logged in from before carries a device cookie and is counted
  on its own, so an anonymous client cannot lock a reviewer out. Password hashing runs off the event loop.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
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


class LoginGate:
    """What keeps a flood of wrong passwords from costing the workspace: the password hash (argon2id, about
    0.1 s of one core) runs on its own single thread, never on the event loop, and a client address may have
    only `per_address` attempts in flight at once — more are refused before any hashing. The lock-out itself
    (by name and address, a known device counted on its own) is kept in the store: pipeline.store.accounts."""

    def __init__(self, per_address: int = 2):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argon2")
        self.per_address = per_address
        self._inflight: dict[str, int] = {}
        self._lock = threading.Lock()
        self._serial: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self._refused: dict[tuple[str, str], tuple[int, float | None]] = {}

    @property
    def serial(self) -> asyncio.Semaphore:
        """Logins of browsers without a device cookie are handled one at a time: a flood of them queues here
        instead of taking the interpreter from the pages reviewers are working on."""
        loop = asyncio.get_running_loop()
        if self._serial is None or self._serial[0] is not loop:  # one per event loop (test clients start several)
            self._serial = (loop, asyncio.Semaphore(1))
        return self._serial[1]

    def refused(self, name: str, address: str, every_s: float = 60.0) -> int | None:
        """Counts a refused attempt; returns how many to write to the audit log now (the first at once, then
        one row a minute per name and address: a flood adds a few rows, not one per request)."""
        import time

        key, now = (name, address), time.monotonic()
        with self._lock:
            count, last = self._refused.get(key, (0, None))
            count += 1
            if last is None or now - last >= every_s:
                self._refused[key] = (0, now)
                return count
            self._refused[key] = (count, last)
            return None

    def enter(self, address: str) -> bool:
        with self._lock:
            n = self._inflight.get(address, 0)
            if n >= self.per_address:
                return False
            self._inflight[address] = n + 1
            return True

    def leave(self, address: str) -> None:
        with self._lock:
            n = self._inflight.get(address, 1) - 1
            if n <= 0:
                self._inflight.pop(address, None)
            else:
                self._inflight[address] = n

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def client_address(request: Request) -> str:
    return (request.client.host if request.client else "") or "unknown"


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
