"""Where the case store lives: a database URL and a data folder for the originals.

`JINSHAN_STORE_URL` (any SQLAlchemy URL; `postgresql://…` is used through psycopg 3) — default a SQLite
file `cases.db` in the data folder. `JINSHAN_DATA_DIR` — default `./var`. Originals go to
`<data dir>/originals/`; on several machines the data folder is shared storage.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("JINSHAN_DATA_DIR") or "var").absolute()


def store_url() -> str:
    url = os.environ.get("JINSHAN_STORE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / 'cases.db'}"


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 (the driver installed with the project)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
