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

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str):
    # imported on first use: `python -m pipeline` registers the web commands (pipeline.web.cli) for every
    # command, and FastAPI + the store cost half a second that `text` or `process` should not pay
    if name == "create_app":
        from pipeline.web.app import create_app

        return create_app
    if name == "WebSettings":
        from pipeline.web.settings import WebSettings

        return WebSettings
    raise AttributeError(f"module 'pipeline.web' has no attribute {name!r}")
