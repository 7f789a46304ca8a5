"""Engine, sessions and migrations of the case store.

`open_store()` connects to `JINSHAN_STORE_URL` (default SQLite under the data folder) and brings the schema
to the newest Alembic revision, so a fresh machine needs no set-up. SQLite runs in WAL mode with a busy
timeout, so the two worker threads of a flow and a reader in another process do not trip over each other;
`store.session()` transactions take the write lock up front, `store.reading()` ones read a snapshot and
never wait for a writer (the web pages read that way).
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from pipeline.store.config import data_dir, normalise_url, store_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_migrated: set[str] = set()
_lock = threading.Lock()


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url) if url else store_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            if conn.get_execution_options().get("jinshan_read"):
                conn.exec_driver_sql("BEGIN")  # a reader: WAL gives it a snapshot, no lock held against writers
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade deadlocks

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision (idempotent; concurrent callers wait on the database)."""
    from alembic import command

    key = str(engine.url)
    with _lock:
        if key in _migrated:
            return
        cfg = alembic_config()
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7243501)")  # one migrator at a time
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        _migrated.add(key)


class Store:
    """A connection to the case store and its originals folder."""

    def __init__(self, url: str | None = None, data: Path | None = None, *, upgrade: bool = True):
        self.data_dir = Path(data) if data else data_dir()
        self.engine = make_engine(url or None)
        if upgrade:
            migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    def session(self) -> Session:
        return self._sessions()

    def reading(self) -> Session:
        """A session that only reads: on SQLite it neither waits for nor holds up writers (WAL snapshot)."""
        s = self._sessions()
        s.connection(execution_options={"jinshan_read": True})
        return s

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, data: Path | None = None) -> Store:
    return Store(url, data)
