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
    device_cookie: str = "jinshan_device"
    resume_cookie: str = "jinshan_resume"
    max_failed_logins: int = 5  # per name from one address (or one known device) within `lockout`
    max_failed_per_address: int = 20  # from one address without a device cookie, any names, within `lockout`
    lockout: timedelta = timedelta(minutes=10)
    # a wrong or refused login is answered after this long (non-blocking): a guessing client slows to a crawl
    login_delay_s: float = field(default_factory=lambda: float(os.environ.get("JINSHAN_WEB_LOGIN_DELAY", "1.0")))
    timezone: str = "Asia/Shanghai"
    page_size: int = 50  # rows per queue page
    # 公示 lists: individuals' names in full (the usual practice for awards to persons) or masked (张*)
    public_names: str = field(default_factory=lambda: os.environ.get("JINSHAN_PUBLIC_NAMES", "full"))
