"""The reviewers' workspace in the browser: `python -m pipeline web`.

    from pipeline.web import create_app, WebSettings
    app = create_app(store, WebSettings())

Server-rendered pages (Jinja2, Chinese) on the case store: the queue of pending cases, the case page with the
evidence cropped from the originals, the reviewer's decisions, sign-off, the ledger, the audit trail, the
signed-off 审核意见表 (Word, PDF where LibreOffice is installed). Every page and file needs a login; sessions
are server-side (pipeline.store.accounts) and every form carries a CSRF token. No JavaScript is needed.
"""

from pipeline.web.app import create_app
from pipeline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
