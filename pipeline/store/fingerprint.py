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


def inputs_components(files: list[tuple[str, str]], *, as_of, period_start, period_end, ledger_yuan: int,
                      catalog: str | None = None, code: str | None = None) -> dict:
    """What a draft is made from, part by part (kept with every processing attempt, so a new version can say
    what changed: see `describe_changes`)."""
    return {
        "files": sorted([list(f) for f in files]), "catalog": catalog or catalog_version(), "code": code or code_version(),
        "as_of": str(as_of), "period": [str(period_start), str(period_end)], "ledger": int(ledger_yuan),
    }


def fingerprint_of(components: dict) -> str:
    blob = json.dumps(components, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def inputs_fingerprint(files: list[tuple[str, str]], *, as_of, period_start, period_end, ledger_yuan: int,
                       catalog: str | None = None, code: str | None = None) -> str:
    return fingerprint_of(inputs_components(files, as_of=as_of, period_start=period_start, period_end=period_end,
                                            ledger_yuan=ledger_yuan, catalog=catalog, code=code))


def describe_changes(before: dict | None, after: dict, *, catalog_before: str | None = None,
                     code_before: str | None = None) -> list[str]:
    """What differs between two `inputs_components`, in the reviewer's words (Chinese). Without the earlier
    components (versions made before they were kept) only the catalog and code versions can be compared."""
    out = []
    if before is None:
        if catalog_before and catalog_before != after["catalog"]:
            out.append("政策目录更新")
        if code_before and code_before != after["code"]:
            out.append("程序更新")
        return out or ["输入变更（台账、审核日期或材料）"]
    if before.get("ledger") != after["ledger"]:
        out.append(f"台账已记金额 {int(before.get('ledger') or 0):,} → {after['ledger']:,} 元")
    if before.get("catalog") != after["catalog"]:
        out.append("政策目录更新")
    if before.get("code") != after["code"]:
        out.append("程序更新")
    if before.get("files") != after["files"]:
        out.append("材料变更")
    if before.get("as_of") != after["as_of"]:
        out.append(f"审核日期 {before.get('as_of')} → {after['as_of']}")
    if before.get("period") != after["period"]:
        out.append("申报期间 {} → {}".format("..".join(before.get("period") or []), "..".join(after["period"])))
    return out


def case_id_for(files: list[tuple[str, str]]) -> str:
    """A case's id from its packet's content: the same uploads are the same case, whatever the folder name."""
    blob = "\n".join(f"{name}\0{sha}" for name, sha in sorted(files))
    return hashlib.sha256(blob.encode()).hexdigest()[:20]
