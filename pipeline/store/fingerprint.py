"""What a draft was made from, as one hash: when it is unchanged, the draft would be the same.

inputs = the packet's (name, SHA-256) list + policy catalog version + code version + review date +
declaration period + the ledger amount the annual cap reads. The catalog version hashes every file of the
policy folder; the code version hashes the source of the stages that make a draft (models, intake, reading,
OCR, classification, extraction, policy, decisions) and the installed OCR/NLP packages' versions, so a code
or catalog change makes every pending case run again.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_CODE_PATHS = [
    "models", "pipeline/intake.py", "pipeline/sniff.py", "pipeline/read", "pipeline/ocr", "pipeline/classify.py",
    "pipeline/extract", "pipeline/policy", "pipeline/decide", "pipeline/process.py",
]
_PACKAGES = ["paddleocr", "rapidocr", "onnxruntime", "spacy", "pdfplumber", "pypdfium2", "jieba"]


def _hash_tree(paths: list[Path], suffixes: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for p in files:
            if p.suffix not in suffixes or "__pycache__" in p.parts:
                continue
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def catalog_version() -> str:
    """`<policy id>@<version>+<hash of the catalog files>`."""
    from pipeline.policy import DEFAULT_POLICY, POLICIES_DIR, load_policy

    policy = load_policy()
    digest = _hash_tree([POLICIES_DIR / DEFAULT_POLICY], (".yaml", ".txt", ".md"))
    return f"{policy.id}@{policy.version}+{digest[:12]}"


@lru_cache(maxsize=1)
def code_version() -> str:
    from pipeline.process import GENERATOR

    digest = hashlib.sha256(_hash_tree([ROOT / p for p in _CODE_PATHS], (".py",)).encode())
    for name in _PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return f"{GENERATOR.split()[-1]}+{digest.hexdigest()[:12]}"


def inputs_fingerprint(files: list[tuple[str, str]], *, as_of, period_start, period_end, ledger_yuan: int,
                       catalog: str | None = None, code: str | None = None) -> str:
    blob = json.dumps({
        "files": sorted(files), "catalog": catalog or catalog_version(), "code": code or code_version(),
        "as_of": str(as_of), "period": [str(period_start), str(period_end)], "ledger": int(ledger_yuan),
    }, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def case_id_for(files: list[tuple[str, str]]) -> str:
    """A case's id from its packet's content: the same uploads are the same case, whatever the folder name."""
    blob = "\n".join(f"{name}\0{sha}" for name, sha in sorted(files))
    return hashlib.sha256(blob.encode()).hexdigest()[:20]
