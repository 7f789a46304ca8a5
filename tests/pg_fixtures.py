"""A real PostgreSQL server for the store tests, started once per test session (about 2 s) and stopped after.

The tests need no set-up: the server runs from the PostgreSQL 15 binaries on the machine image, as the
`postgres` user when the tests run as root (see pipeline/store/pgtemp.py). Every test gets its own database.
"""

from __future__ import annotations

import itertools
import os

import pytest

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    from pipeline.store.pgtemp import TempPostgres

    if os.environ.get("JINSHAN_TEST_PG_URL"):  # a server someone else runs (e.g. CI service container)
        yield None
        return
    with TempPostgres() as pg:
        yield pg


def new_database(pg_server) -> str:
    name = f"t{os.getpid()}_{next(_counter)}"
    if pg_server is None:
        import psycopg
        from sqlalchemy.engine import make_url

        base = make_url(os.environ["JINSHAN_TEST_PG_URL"])
        with psycopg.connect(host=base.host, port=base.port, user=base.username, password=base.password,
                             dbname=base.database or "postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return str(base.set(database=name, drivername="postgresql+psycopg").render_as_string(hide_password=False))
    return pg_server.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def case_store(request, tmp_path):
    """A fresh, migrated case store on SQLite and on PostgreSQL."""
    from pipeline.store import open_store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cases.db'}"
    else:
        url = new_database(request.getfixturevalue("pg_server"))
    st = open_store(url, tmp_path / "data")
    yield st
    st.dispose()
