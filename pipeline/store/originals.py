"""The applicants' originals, content-addressed and read-only: `<data dir>/originals/<sha[:2]>/<sha>`.

A file is written once (to a temporary name, then renamed into place) and made 0o400; folders are 0o700.
Writing the same bytes again is a no-op, so a retried intake or two machines on shared storage never
produce two copies or a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class OriginalMissing(Exception):
    """An original the store refers to is not in the originals folder (or its bytes changed)."""


def original_path(root: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return root / sha256[:2] / sha256


def put_original(root: Path, data: bytes, sha256: str | None = None) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if sha256 and sha256 != digest:
        raise ValueError("bytes do not match their SHA-256")
    path = original_path(root, digest)
    if path.exists():
        return digest
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.parent.mkdir(exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o400)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def get_original(root: Path, sha256: str, *, verify: bool = True) -> bytes:
    try:
        data = original_path(root, sha256).read_bytes()
    except FileNotFoundError as exc:
        raise OriginalMissing(f"原件缺失：{sha256}") from exc
    if verify and hashlib.sha256(data).hexdigest() != sha256:
        raise OriginalMissing(f"原件内容与登记的哈希不一致：{sha256}")
    return data
