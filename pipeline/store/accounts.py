"""Reviewers' accounts and their browser sessions (the web workspace, `pipeline.web`).

    users          one row per person: login name, name shown, role (reviewer / admin), argon2id hash, active
    web_sessions   server-side sessions: the SHA-256 of the cookie's random token (the token itself is never
                   stored), the session's CSRF token, an absolute expiry and the last time it was used

A session is valid while it is before its absolute expiry, was used within the idle timeout, and its user is
active; anything else is refused and deleted. Changing a user's password or deactivating them ends every
session of that user. Account changes are written to the audit log (case_id NULL).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.store.db import Store
from pipeline.store.schema import AuditEntry, Base, utcnow

ROLES = ("reviewer", "admin")
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id with the library's current defaults (RFC 9106 low-memory profile)
# A hash to verify against when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password-" + secrets.token_hex(8))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AccountError(ValueError):
    """A request about accounts that cannot be done (Chinese message)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SessionInfo:
    user: Account
    csrf_token: str
    expires_at: datetime


def _account(u: User) -> Account:
    return Account(u.id, u.username, u.display_name, u.role, bool(u.active))


def _aware(t: datetime) -> datetime:
    """SQLite gives naive datetimes back; every time in the store is UTC."""
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audit(s, actor: str, action: str, target: str, before, after) -> None:
    dump = (lambda v: None if v is None else json.dumps(v, ensure_ascii=False))
    s.add(AuditEntry(case_id=None, actor=actor, action=action, target=target, before=dump(before), after=dump(after)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 位")
    if password.strip() != password or not password.strip():
        raise AccountError("密码首尾不能有空白")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# ---------------------------------------------------------------- accounts

def create_user(store: Store, username: str, password: str, *, role: str = "reviewer",
                display_name: str | None = None, actor: str = "system") -> Account:
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise AccountError("用户名不能为空、不能含空白，最长 64 个字符")
    if role not in ROLES:
        raise AccountError(f"角色须为 {' / '.join(ROLES)}")
    _check_password(password)
    with store.session() as s, s.begin():
        if s.scalar(select(User).where(User.username == username)) is not None:
            raise AccountError(f"用户 {username} 已存在")
        u = User(username=username, display_name=(display_name or username).strip()[:128], role=role,
                 password_hash=hash_password(password), active=True)
        s.add(u)
        s.flush()
        _audit(s, actor, "user_create", username, None, {"role": role, "display_name": u.display_name})
        return _account(u)


def get_user(store: Store, username: str) -> Account | None:
    with store.session() as s:
        u = s.scalar(select(User).where(User.username == username))
        return _account(u) if u else None


def list_users(store: Store) -> list[Account]:
    with store.session() as s:
        return [_account(u) for u in s.scalars(select(User).order_by(User.username))]


def display_names(store: Store) -> dict[str, str]:
    with store.session() as s:
        return dict(s.execute(select(User.username, User.display_name)).all())


def set_password(store: Store, username: str, password: str, *, actor: str = "system") -> None:
    _check_password(password)
    with store.session() as s, s.begin():
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise AccountError(f"用户 {username} 不存在")
        u.password_hash, u.password_changed_at = hash_password(password), utcnow()
        s.execute(delete(WebSession).where(WebSession.user_id == u.id))
        _audit(s, actor, "user_password", username, None, {"sessions_ended": True})


def set_active(store: Store, username: str, active: bool, *, actor: str = "system") -> None:
    with store.session() as s, s.begin():
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise AccountError(f"用户 {username} 不存在")
        before = bool(u.active)
        u.active = active
        if not active:
            s.execute(delete(WebSession).where(WebSession.user_id == u.id))
        _audit(s, actor, "user_active", username, {"active": before}, {"active": active})


def set_role(store: Store, username: str, role: str, *, actor: str = "system") -> None:
    if role not in ROLES:
        raise AccountError(f"角色须为 {' / '.join(ROLES)}")
    with store.session() as s, s.begin():
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise AccountError(f"用户 {username} 不存在")
        before, u.role = u.role, role
        _audit(s, actor, "user_role", username, {"role": before}, {"role": role})


def authenticate(store: Store, username: str, password: str) -> Account | None:
    """The account when the name and password match an active user; None otherwise (same time either way)."""
    with store.session() as s:
        u = s.scalar(select(User).where(User.username == username.strip()))
        stored = u.password_hash if u is not None else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            ok = u is not None and bool(u.active)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if not ok:
            return None
        account = _account(u)
        needs_rehash = _hasher.check_needs_rehash(stored)
    if needs_rehash:  # parameters were raised since: store the stronger hash
        with store.session() as s, s.begin():
            s.get(User, account.id).password_hash = hash_password(password)
    return account


# ---------------------------------------------------------------- sessions

def create_session(store: Store, user: Account, *, lifetime: timedelta) -> tuple[str, SessionInfo]:
    """A new session; returns the cookie token (shown once, stored only as its hash) and the session."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = WebSession(id=_token_id(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32), created_at=now,
                     expires_at=now + lifetime, last_seen=now)
    with store.session() as s, s.begin():
        s.add(row)
        s.execute(delete(WebSession).where(WebSession.expires_at < now))  # housekeeping
    return token, SessionInfo(user, row.csrf_token, row.expires_at)


def get_session(store: Store, token: str | None, *, idle: timedelta) -> SessionInfo | None:
    """The session of a cookie token, or None when unknown, expired, idle too long or its user is inactive
    (an expired session is deleted). A valid session's last use is moved to now."""
    if not token or len(token) > 256:
        return None
    sid = _token_id(token)
    now = utcnow()
    with store.session() as s, s.begin():
        row = s.get(WebSession, sid)
        if row is None:
            return None
        user = s.get(User, row.user_id)
        if (user is None or not user.active or _aware(row.expires_at) <= now
                or _aware(row.last_seen) + idle <= now
                or _aware(row.created_at) < _aware(user.password_changed_at) - timedelta(seconds=1)):
            s.delete(row)
            return None
        if (now - _aware(row.last_seen)).total_seconds() > 30:  # write at most twice a minute per session
            row.last_seen = now
        return SessionInfo(_account(user), row.csrf_token, _aware(row.expires_at))


def end_session(store: Store, token: str | None) -> None:
    if not token:
        return
    with store.session() as s, s.begin():
        s.execute(delete(WebSession).where(WebSession.id == _token_id(token)))


def expire_session_for_tests(store: Store, token: str) -> None:
    """Moves a session's expiry into the past (used by the tests of refusal)."""
    with store.session() as s, s.begin():
        row = s.get(WebSession, _token_id(token))
        row.expires_at = utcnow() - timedelta(seconds=1)
