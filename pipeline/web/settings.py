"""Settings of the web workspace (environment variables `JINSHAN_WEB_*`, or arguments of `python -m pipeline web`)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import timedelta


def _env_minutes(name: str, default: int) -> timedelta:
    try:
        return timedelta(minutes=int(os.environ.get(name, default)))
    except ValueError:
        return timedelta(minutes=default)


@dataclass
class WebSettings:
    session_lifetime: timedelta = field(default_factory=lambda: _env_minutes("JINSHAN_WEB_SESSION_MINUTES", 10 * 60))
    session_idle: timedelta = field(default_factory=lambda: _env_minutes("JINSHAN_WEB_IDLE_MINUTES", 60))
    # Secure cookies need HTTPS; set JINSHAN_WEB_SECURE_COOKIES=1 (or --secure-cookies) behind a TLS proxy.
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("JINSHAN_WEB_SECURE_COOKIES", "") == "1")
    cookie_name: str = "jinshan_session"
    login_csrf_cookie: str = "jinshan_login_csrf"
    soffice: str | None = field(default_factory=lambda: shutil.which("soffice") or shutil.which("libreoffice"))
    max_failed_logins: int = 5  # per user name within `lockout`, then refused until it passes
    lockout: timedelta = timedelta(minutes=10)
    timezone: str = "Asia/Shanghai"
