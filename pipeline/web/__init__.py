"""The reviewers' workspace in the browser: `python -m pipeline web`.

    from pipeline.web import create_app, WebSettings
    app = create_app(store, WebSettings())

Server-rendered pages (Jinja2, Chinese) on the case store: the queue (pages, filters by round, status, assignee,
flags), the case page with the evidence cropped from the originals, 初审's decisions and 复核's verdicts and
sign-off (pipeline.store.reviewing), reopening, the ledger, rounds and their Excel exports, the audit trail, the
signed-off 审核意见表 (Word, PDF where LibreOffice is installed). Every page and file needs a login; sessions
are server-side (pipeline.store.accounts) and every form carries a CSRF token and the case's revision. One small
script (static/review.js: the page beside the claim, keyboard shortcuts) improves the pages; none needs it.
"""

from pipeline.web.app import create_app
from pipeline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
