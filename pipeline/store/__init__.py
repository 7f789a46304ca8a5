"""The case store: cases, their originals, every draft version, reviewer decisions and the ledger.

    from pipeline.store import open_store, repo, work
    store = open_store()                              # JINSHAN_STORE_URL or SQLite under JINSHAN_DATA_DIR
    out = work.register_packet(store, Path("inbox/p01"), as_of=..., period=...)
    work.process_case(store, out.case_id)             # draft v1
    reviewing.decide_claim(store, out.case_id, "art11/-/…#1", "accept", reviewer="张三")   # 初审 …
    reviewing.submit(store, out.case_id, reviewer="张三")
    reviewing.check(store, out.case_id, "art11/-/…#1", "confirm", None, checker="李四")    # … 复核
    reviewing.sign_off(store, out.case_id, checker="李四", total_yuan=…)

SQLAlchemy 2 models in schema.py, Alembic migrations in migrations/ (applied on open), originals
content-addressed and read-only in originals.py, draft diffs in diff.py (pure); the four-eyes review in
reviewing.py, the ledger's entries in ledger.py, application rounds in rounds.py, duplicate marks in marks.py,
accounts, sessions and lock-out in accounts.py.
"""

from __future__ import annotations

import threading

from pipeline.store.config import data_dir, store_url
from pipeline.store.db import Store, open_store

__all__ = ["Store", "data_dir", "default_store", "open_store", "store_url"]

_stores: dict[tuple[str, str], Store] = {}
_lock = threading.Lock()


def default_store() -> Store:
    """One Store per (URL, data folder) in this process, shared by the flow's worker threads."""
    key = (store_url(), str(data_dir()))
    with _lock:
        if key not in _stores:
            _stores[key] = Store(*key)
        return _stores[key]
