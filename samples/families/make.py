"""Build a set of generated documents: documents/<id>.<ext> and truth.yaml, in the corpus's layout."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from samples.families import deliver, printed
from samples.families.base import BUILDERS, Doc, make_ctx
from samples.families.catalog import FAMILIES, Family
from samples.families.schema import FIELDS, OPTIONAL, Truth
from samples.families.values import R, seed_of

DEFAULT_SEED = 11
DEFAULT_PER_FAMILY = 2
KIND_MODULES = ("business_licence", "credit_report", "award_certificate", "award_notice", "standard", "approval",
                "certification", "appointment", "other")


def load_builders() -> dict:
    for m in KIND_MODULES:
        try:
            importlib.import_module(f"samples.families.{m}")
        except ModuleNotFoundError as e:
            if e.name != f"samples.families.{m}":
                raise
    return BUILDERS


@dataclass
class Built:
    entry: dict
    data: bytes


def _delivery(fam: Family, k: int, r: R, override: str | None) -> tuple[str, str]:
    spec = override or fam.deliveries[k % len(fam.deliveries)]
    name, _, rot = spec.partition("@")
    return name, rot


def _rotations(rot: str, doc: Doc, r: R) -> list[int]:
    n = len(doc.pages)
    if not rot:
        return [0] * n
    if rot == "any":
        return [r.choice((0, 90, 180, 270))] * n
    if rot.startswith("land"):
        angle = int(rot[4:])
        return [angle if p.landscape else 0 for p in doc.pages]
    return [int(rot)] * n


def _clean_fields(kind: str, fields: dict) -> dict:
    """Documented keys always; optional keys only where the document has them (as in the corpus)."""
    known = FIELDS[kind].model_fields
    unknown = set(fields) - set(known)
    if unknown:
        raise ValueError(f"{kind}: unknown field(s) {sorted(unknown)}")
    return {k: fields.get(k) for k in known if k in fields and (k not in OPTIONAL[kind] or fields[k] is not None)}


def build_one(fam: Family, k: int, seed: int, delivery: str | None = None) -> Built:
    """Document k (0-based) of a family: its entry for truth.yaml and the file's bytes."""
    builders = load_builders()
    r = R(seed_of(seed, fam.name, k))
    name, rot = _delivery(fam, k, r, delivery)
    ctx = make_ctx(r, name)
    doc = builders[fam.name](r, ctx)
    fields = _clean_fields(fam.kind, doc.fields)
    gone = printed.missing(fam.kind, fields, printed.runs_of_pages(doc.pages))
    if gone:
        raise AssertionError(f"{fam.name}-{k + 1}: values not drawn on the document: {gone}")
    rotations = _rotations(rot, doc, r) if name != "text_pdf" else [0] * len(doc.pages)
    doc_id = f"{fam.name}-{k + 1}"
    ext = deliver.EXTENSION[name]
    title = next((t.text for t in doc.pages[0].texts if t.size >= 14), doc_id)
    data = deliver.render(doc.pages, name, rotations, r.np, hard=ctx.hard, title=title, author="")
    entry: dict = {"id": doc_id, "file": f"documents/{doc_id}.{ext}", "pages": list(range(1, len(doc.pages) + 1)),
                   "type": fam.kind, "family": fam.name, "delivery": name}
    if any(rotations):
        if len(set(rotations)) == 1:
            entry["content_rotation_cw"] = rotations[0]
        else:
            entry["page_rotations_cw"] = rotations
    entry["fields"] = fields
    if doc.notes:
        entry["notes"] = doc.notes
    if doc.hints:
        entry["hints"] = doc.hints
    return Built(entry, data)


def selected(which: str, names: Iterable[str] | None = None) -> list[Family]:
    if which not in ("tune", "report", "all"):
        raise ValueError(f"--set is tune, report or all, not {which!r}")
    fams = [f for f in FAMILIES if which == "all" or f.tag == which]
    if names:
        names = list(names)
        known = {f.name for f in FAMILIES}
        bad = [n for n in names if n not in known]
        if bad:
            raise ValueError(f"unknown families {bad}; known: {', '.join(sorted(known))}")
        fams = [f for f in fams if f.name in names]
    return fams


def build_set(out: Path, which: str = "all", seed: int = DEFAULT_SEED, per_family: int = DEFAULT_PER_FAMILY,
              names: Iterable[str] | None = None, delivery: str | None = None) -> dict:
    """Write out/documents/ and out/truth.yaml (out/documents is replaced); returns the truth as written."""
    fams = selected(which, names)
    docs = Path(out) / "documents"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    entries = []
    for fam in fams:
        for k in range(per_family):
            b = build_one(fam, k, seed, delivery)
            (Path(out) / b.entry["file"]).write_bytes(b.data)
            entries.append(b.entry)
    truth = {
        "corpus": "jinshan-generated-families",
        "seed": seed,
        "set": which,
        "documents": len(entries),
        "files": len({e["file"] for e in entries}),
        "note": ("generated by `python -m samples.families`; invented organisations, people and numbers; dates ISO "
                 "(YYYY-MM when the document prints no day); families tagged report are never used to tune "
                 "extraction"),
        "families": {f.name: {"kind": f.kind, "tag": f.tag} for f in fams},
        "entries": entries,
    }
    Truth.model_validate(truth)
    (Path(out) / "truth.yaml").write_text(
        yaml.safe_dump(truth, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return truth


def generate(out: Path, which: str = "all", seed: int = DEFAULT_SEED, per_family: int = DEFAULT_PER_FAMILY) -> dict:
    """The set the benchmark measures (`python -m pipeline bench extract` calls this for `tune` and `report`)."""
    return build_set(out, which, seed, per_family)
