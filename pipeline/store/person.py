"""Who the ledger is kept for: the organisation's 统一社会信用代码, or a key per person that does not hold the ID number.

An individual applicant's ledger key is "个人-" + 27 hex characters of an HMAC-SHA256 over the name and the masked
ID number as the draft shows it (310228********2416). The key of a secret kept outside the database
(`JINSHAN_PERSON_KEY`, or the file `person-key` in the data folder, created 0600 on first use and shared with the
originals) makes the key useless for guessing ID numbers: an unkeyed hash of an ID number is reversed by trying
every birth date and sequence number of an area. The case row and the ledger row hold the key in the column that
holds an organisation's code (`applicant_uscc`, `ledger.uscc`; no schema change), so the annual cap, the nightly
fingerprint and the sign-off read a person's grants as they read an organisation's.

The full ID number is never stored: the draft carries only the masked number (models.draft.Applicant.id_masked).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

PREFIX = "个人-"
SECRET_FILE = "person-key"


def is_person_key(key: str | None) -> bool:
    return bool(key) and str(key).startswith(PREFIX)


def person_secret(data_dir: Path) -> bytes:
    env = os.environ.get("JINSHAN_PERSON_KEY")
    if env:
        return env.encode("utf-8")
    path = Path(data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def person_key(data_dir: Path, name: str | None, id_masked: str | None) -> str | None:
    """The ledger key of a person; None without a name. Without an ID number the name alone is keyed (two
    people of one name then share a ledger: the sign-off's ledger note says so)."""
    if not name:
        return None
    material = f"{name.strip()}|{(id_masked or '').strip().upper()}".encode("utf-8")
    return PREFIX + hmac.new(person_secret(data_dir), material, hashlib.sha256).hexdigest()[:27]


def ledger_key(store, applicant) -> str | None:
    """The ledger key of a draft's applicant (a models.draft.Applicant or its JSON)."""
    get = applicant.get if isinstance(applicant, dict) else (lambda k: getattr(applicant, k, None))
    if get("kind") == "individual":
        return person_key(store.data_dir, get("name"), get("id_masked"))
    return get("uscc")
