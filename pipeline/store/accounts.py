"""Reviewers' accounts and their browser sessions (the web workspace, `pipeline.web`).

    users          one row per person: login name, name shown, role, argon2id hash, active
    web_sessions   server-side sessions: the SHA-256 of the cookie's random token (the token itself is never
                   stored), the session's CSRF token, an absolute expiry and the last time it was used
    login_failures failed logins: name typed, client address, the known-device cookie if one came (lock-out)
    known_devices  browsers a user logged in from before (SHA-256 of a cookie token): their own lock-out
                   counter, so an anonymous client cannot lock a reviewer out
    resume_forms   what a reviewer had typed when their session expired, given back after the login

Roles: reviewer (初审: decides claims and eligibility, submits), checker (复核: confirms or returns what
初审 decided and signs off — never a case they decided themselves; may also do 初审 on other cases), admin
(accounts, rounds, assignment, reopening, ledger corrections; decides and signs nothing).

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
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.store.db import Store
from pipeline.store.schema import AuditEntry, Base, utcnow

ROLES = ("reviewer", "checker", "admin")
ROLE_ZH = {"reviewer": "初审人员", "checker": "复核人员", "admin": "管理员"}
DECIDING_ROLES = ("reviewer", "checker")  # may do 初审
CHECKING_ROLES = ("checker",)  # may do 复核 and sign off
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


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_at", "username", "at"),
                      Index("ix_login_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64))  # as typed (it need not exist)
    address: Mapped[str] = mapped_column(String(64))
    device: Mapped[str | None] = mapped_column(String(64))  # known_devices.id when a valid device cookie came
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class KnownDevice(Base):
    __tablename__ = "known_devices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResumeForm(Base):
    __tablename__ = "resume_forms"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    path: Mapped[str] = mapped_column(String(255))  # the form's action
    data: Mapped[str] = mapped_column(Text)  # JSON of the typed fields
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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

    @property
    def can_decide(self) -> bool:
        return self.role in DECIDING_ROLES

    @property
    def can_check(self) -> bool:
        return self.role in CHECKING_ROLES


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


def _check_password(password: str, username: str = "", display_name: str = "") -> None:
    """At least MIN_PASSWORD characters, not a common password, not guessable from the name (zxcvbn's
    30,000 most common passwords and its estimate of the guesses needed: score 3 = about 10^8 guesses)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 位")
    if password.strip() != password or not password.strip():
        raise AccountError("密码首尾不能有空白")
    if len(password) > 256:
        raise AccountError("密码最长 256 位")
    from zxcvbn import zxcvbn

    low = password.lower()
    if _common(low) or _common(low.rstrip("0123456789!@#.?*_-")):
        raise AccountError("该密码属于常见密码，请换一个不易被猜到的密码")
    inputs = [x for x in (username, display_name, "jinshan", "金山", "shjs", "scjg") if x]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < 3:
        raise AccountError("密码太容易被猜到（如常见词、键盘顺序、重复字符或年份），请加长或换用不相关的词语组合")


def _common(low: str) -> bool:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    global _COMMON
    if _COMMON is None:
        _COMMON = frozenset(FREQUENCY_LISTS["passwords"])
    return low in _COMMON


_COMMON: frozenset | None = None


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
    _check_password(password, username, display_name or "")
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
    with store.reading() as s:
        u = s.scalar(select(User).where(User.username == username))
        return _account(u) if u else None


def list_users(store: Store) -> list[Account]:
    with store.reading() as s:
        return [_account(u) for u in s.scalars(select(User).order_by(User.username))]


def display_names(store: Store) -> dict[str, str]:
    with store.reading() as s:
        return dict(s.execute(select(User.username, User.display_name)).all())


def set_password(store: Store, username: str, password: str, *, actor: str = "system") -> None:
    _check_password(password, username)
    with store.session() as s, s.begin():
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise AccountError(f"用户 {username} 不存在")
        u.password_hash, u.password_changed_at = hash_password(password), utcnow()
        s.execute(delete(WebSession).where(WebSession.user_id == u.id))
        _audit(s, actor, "user_password", username, None, {"sessions_ended": True})


def change_own_password(store: Store, username: str, current: str, new: str) -> None:
    """A user's own change: the current password first; every session of theirs ends (log in again)."""
    if authenticate(store, username, current) is None:
        raise AccountError("当前密码不正确")
    if new == current:
        raise AccountError("新密码不能与当前密码相同")
    set_password(store, username, new, actor=username)


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
    with store.reading() as s:  # read, then let go of the store before hashing (SQLite: one writer at a time)
        u = s.scalar(select(User).where(User.username == username.strip()))
        account = _account(u) if u is not None else None
        stored = u.password_hash if u is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
        ok = account is not None and account.active
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        return None
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
    (an expired session is deleted). A valid session's last use is moved to now (at most twice a minute: most
    requests only read)."""
    if not token or len(token) > 256:
        return None
    sid = _token_id(token)
    now = utcnow()
    with store.reading() as s:
        row = s.get(WebSession, sid)
        if row is None:
            return None
        user = s.get(User, row.user_id)
        valid = not (user is None or not user.active or _aware(row.expires_at) <= now
                     or _aware(row.last_seen) + idle <= now
                     or _aware(row.created_at) < _aware(user.password_changed_at) - timedelta(seconds=1))
        touch = valid and (now - _aware(row.last_seen)).total_seconds() > 30
        info = SessionInfo(_account(user), row.csrf_token, _aware(row.expires_at)) if valid else None
    if not valid:
        with store.session() as s, s.begin():
            s.execute(delete(WebSession).where(WebSession.id == sid))
    elif touch:
        with store.session() as s, s.begin():
            s.execute(update(WebSession).where(WebSession.id == sid).values(last_seen=now))
    return info


def end_session(store: Store, token: str | None) -> None:
    if not token:
        return
    with store.session() as s, s.begin():
        s.execute(delete(WebSession).where(WebSession.id == _token_id(token)))


# ---------------------------------------------------------------- lock-out, known devices

@dataclass(frozen=True)
class LoginLimits:
    per_name: int = 5  # failures for one name from one address (or one known device) within `window`
    per_address: int = 20  # failures from one address, any name, from clients without a device cookie
    window: timedelta = timedelta(minutes=10)


def device_user(store: Store, token: str | None, username: str) -> str | None:
    """The device's id when `token` is a device cookie of `username`'s, else None."""
    if not token or len(token) > 256:
        return None
    did = _token_id(token)
    with store.reading() as s:
        row = s.get(KnownDevice, did)
        if row is None:
            return None
        u = s.get(User, row.user_id)
        return did if u is not None and u.username == username.strip() else None


def login_blocked(store: Store, username: str, address: str, device: str | None, limits: LoginLimits) -> bool:
    """Too many recent failures for this name from this client. A known device counts only its own
    failures, so others' failures from the same address or network never lock its owner out."""
    since = utcnow() - limits.window
    name = username.strip()[:64]
    with store.reading() as s:
        q = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
        if device is not None:
            return (s.scalar(q.where(LoginFailure.device == device)) or 0) >= limits.per_name
        anon = q.where(LoginFailure.device.is_(None), LoginFailure.address == address[:64])
        if (s.scalar(anon.where(LoginFailure.username == name)) or 0) >= limits.per_name:
            return True
        return (s.scalar(anon) or 0) >= limits.per_address


def record_login_failure(store: Store, username: str, address: str, device: str | None, *, refused: bool,
                         count: int = 1) -> None:
    """A failed login (counted for the lock-out) or `count` refused ones (not counted: they cost no hash),
    written to the audit log."""
    name, addr = username.strip()[:64], address[:64]
    with store.session() as s, s.begin():
        if not refused:
            s.add(LoginFailure(username=name, address=addr, device=device))
            s.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))
        after = {"address": addr, "known_device": device is not None}
        if refused and count > 1:
            after["count"] = count
        _audit(s, "anonymous", "login_refused" if refused else "login_failed", name, None, after)


def login_succeeded(store: Store, user: Account, address: str, device: str | None) -> str | None:
    """Clears the failures of this name from this client; returns a new device cookie token when the browser
    had none for this user (None when its cookie stays valid)."""
    with store.session() as s, s.begin():
        clear = delete(LoginFailure).where(LoginFailure.username == user.username)
        s.execute(clear.where(LoginFailure.device == device) if device is not None
                  else clear.where(LoginFailure.address == address[:64], LoginFailure.device.is_(None)))
        if device is not None:
            row = s.get(KnownDevice, device)
            row.last_used = utcnow()
            return None
        token = secrets.token_urlsafe(32)
        s.add(KnownDevice(id=_token_id(token), user_id=user.id))
        return token


# ---------------------------------------------------------------- what was typed before a session expired

def save_resume_form(store: Store, path: str, data: dict) -> str:
    token = secrets.token_urlsafe(24)
    with store.session() as s, s.begin():
        s.execute(delete(ResumeForm).where(ResumeForm.created_at < utcnow() - timedelta(days=2)))
        s.add(ResumeForm(id=_token_id(token), path=path[:255], data=json.dumps(data, ensure_ascii=False)))
    return token


def take_resume_form(store: Store, token: str | None) -> tuple[str, dict] | None:
    """The saved form (its action and fields), once: it is deleted as it is read."""
    if not token or len(token) > 256:
        return None
    with store.session() as s, s.begin():
        row = s.get(ResumeForm, _token_id(token))
        if row is None:
            return None
        s.delete(row)
        return row.path, json.loads(row.data)


def expire_session_for_tests(store: Store, token: str) -> None:
    """Moves a session's expiry into the past (used by the tests of refusal)."""
    with store.session() as s, s.begin():
        row = s.get(WebSession, _token_id(token))
        row.expires_at = utcnow() - timedelta(seconds=1)
