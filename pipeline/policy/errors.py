"""Errors of the policy catalog.

    PolicyError                 a catalog file cannot be loaded: says which file and which key
     └── PolicyLookupError      a question the loaded catalog cannot answer (unknown item, value not in force)
"""

from __future__ import annotations

from pathlib import Path


class PolicyError(Exception):
    def __init__(self, message: str, *, file: Path | str | None = None, key: str | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.key = key
        self.message = message
        where = ": ".join(p for p in (self.file, f"key {key!r}" if key else None) if p)
        super().__init__(f"{where}: {message}" if where else message)


class PolicyLookupError(PolicyError, LookupError):
    pass
