"""Scoring extraction on a corpus folder: `documents/` and a `truth.yaml` of entries (the format of
../shared/corpus, which was made outside this team, and of the samples' own layout families).

Each truth entry names a file, its pages (and a region when two documents share a page), its kind and its fields.
Every file is read with the project's reader (read → split_and_classify → extract_facts); each entry is matched
with the extracted document of the same file and pages (and region), and compared field by field with the
normalisation of `pipeline.bench.extract` (whitespace, full-width forms, one dash, one bracket). Which fields a kind
has, which are lists of records and on which sub-fields records are matched come from the kind registry
(`pipeline/kinds/*.yaml`). Fields read for a named party (`anchored: true`: a notice's winner rows) are read for
the parties the truth names, as the draft reads them for the applicant.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.bench.extract import Outcome, Tally, compare_records, compare_value, show
from pipeline.bench.table import print_table
from pipeline.kinds import kind, kind_names

THRESHOLD = 0.98


@dataclass
class Entry:
    id: str
    file: str
    pages: list[int]
    type: str
    fields: dict[str, Any]
    family: str = ""
    delivery: str = ""
    region: str | None = None


@dataclass
class Compared:
    entry: Entry
    outcome: Outcome


@dataclass
class Score:
    name: str
    rows: list[Compared] = field(default_factory=list)
    typed: int = 0
    documents: int = 0
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0


def load_entries(folder: Path) -> list[Entry]:
    raw = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
    out = []
    for e in raw.get("entries", []):
        out.append(Entry(id=str(e["id"]), file=str(e["file"]), pages=list(e.get("pages") or [1]), type=e["type"],
                         fields=dict(e.get("fields") or {}), family=e.get("family", ""),
                         delivery=e.get("delivery", ""), region=e.get("region")))
    return out


def _names_for(entry: Entry) -> list[str]:
    """The parties an anchored field is read for: the first key of each truth record (a notice's units)."""
    names = []
    k = kind(entry.type) if entry.type in kind_names() else None
    if k is None:
        return names
    for fname, spec in k.fields.items():
        if spec.anchored and spec.record_keys:
            for rec in entry.fields.get(fname) or []:
                v = rec.get(spec.record_keys[0]) if isinstance(rec, dict) else None
                if v:
                    names.append(str(v))
        elif spec.anchored and entry.fields.get(fname):
            names.append(str(entry.fields[fname]))  # a batch document read for the party that applies
    return names


def compare_entry(entry: Entry, got: dict[str, Any] | None) -> list[Outcome]:
    k = kind(entry.type)
    got = got or {}
    out = []
    for name, expected in entry.fields.items():
        spec = k.fields.get(name)
        value = got.get(name)
        if spec is not None and spec.value == "records":
            out.append(compare_records(name, spec.record_keys, expected, value))
        else:
            out.append(compare_value(name, expected, value))
    return out


def _values(facts) -> dict[str, Any]:
    return {k: f.value for k, f in facts.fields.items()}


def sample_entries(samples: Path) -> list[Entry]:
    """The sample packets' ground truth as corpus entries (files relative to samples/packets)."""
    from samples.truth_model import all_truths

    out = []
    for t in all_truths(samples / "truth"):
        for f in t.files:
            for i, d in enumerate(f.documents, start=1):
                out.append(Entry(id=f"{t.packet}#{f.file}#{i}", file=f"{t.packet}/{f.file}", pages=list(d.pages),
                                 type=d.type, fields=dict(d.facts), family=f"samples:{f.page_kind}",
                                 delivery=f.page_kind))
    return out


def score_folder(name: str, folder: Path, policy, as_of, entries: list[Entry] | None = None,
                 progress=None) -> Score:
    """Reads every file of the folder and scores every entry (those of its truth.yaml unless given)."""
    from pipeline.classify import split_and_classify
    from pipeline.extract.documents import extract_facts
    from pipeline.intake import _file
    from pipeline.read import read_file

    started = time.perf_counter()
    score = Score(name)
    entries = load_entries(folder) if entries is None else entries
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_file[e.file].append(e)
    for file, declared in by_file.items():
        path = folder / file
        try:
            ft = read_file(_file(path.name, path.read_bytes()))
            docs = split_and_classify(ft)
        except Exception as exc:  # a file the reader fails on is a finding
            docs = []
            score.notes.append((declared[0].id, file, f"not read: {type(exc).__name__}: {exc}"))
        for e in declared:
            score.documents += 1
            match = next((d for d in docs if d.pages == e.pages and (e.region is None or d.region == e.region)), None)
            if match is None:
                split = "; ".join(f"{d.type} p.{d.pages}{'/' + d.region if d.region else ''}" for d in docs)
                score.notes.append((e.id, file, f"{e.type} p.{e.pages}{'/' + e.region if e.region else ''} split "
                                    f"differently (extracted: {split or 'nothing'}); all fields missed"))
                got = None
            else:
                if match.type == e.type:
                    score.typed += 1
                else:
                    score.notes.append((e.id, file, f"typed {match.type}, truth {e.type}"))
                facts = extract_facts(match.model_copy(update={"type": e.type}), policy, as_of, _names_for(e))
                got = _values(facts)
            for o in compare_entry(e, got):
                score.rows.append(Compared(e, o))
        if progress:
            progress(file)
    score.seconds = time.perf_counter() - started
    return score


def _cut(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def report(score: Score, out=None, mismatches: bool = True, threshold: float = THRESHOLD) -> bool:
    """Prints the set's tables; True when every field of every kind is at or above the threshold."""
    out = out or sys.stdout
    by_field: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for r in score.rows:
        by_field[(r.entry.type, r.outcome.field)].add(r.outcome)
    order = list(kind_names())
    rows, failing = [], []
    for (t, f) in sorted(by_field, key=lambda k: (order.index(k[0]) if k[0] in order else 99,
                                                  list(kind(k[0]).fields).index(k[1])
                                                  if k[1] in kind(k[0]).fields else 99)):
        tally = by_field[(t, f)]
        if not tally.n_truth and not tally.n_extracted:
            continue
        ok = all(x is None or x >= threshold for x in (tally.precision, tally.recall))
        if not ok:
            failing.append(f"{t}.{f}")
        rows.append((t, f, tally.n_truth, tally.n_extracted, tally.correct, tally.precision, tally.recall,
                     "OK" if ok else "FAIL"))
    print_table(("kind", "field", "truth", "extracted", "correct", "P", "R", ""), rows,
                title=f"{score.name}: fields by kind", file=out)
    by_kind: dict[str, Tally] = defaultdict(Tally)
    for r in score.rows:
        by_kind[r.entry.type].add(r.outcome)
    print(file=out)
    print_table(("kind", "truth", "extracted", "correct", "P", "R"),
                [(k, t.n_truth, t.n_extracted, t.correct, t.precision, t.recall) for k, t in by_kind.items()],
                title=f"{score.name}: kinds", file=out)
    if score.notes:
        print(file=out)
        print_table(("document", "file", "what happened"), score.notes, title=f"{score.name}: documents", file=out)
    bad = [r for r in score.rows if not r.outcome.ok]
    if mismatches and bad:
        print(file=out)
        print_table(("document", "family", "field", "expected", "got"),
                    [(r.entry.id, r.entry.family, f"{r.entry.type}.{r.outcome.field}", _cut(show(r.outcome.expected)),
                      _cut(show(r.outcome.got))) for r in bad],
                    title=f"{score.name}: misses and false values ({len(bad)})", file=out)
    total = Tally()
    for r in score.rows:
        total.add(r.outcome)
    print(file=out)
    print(f"{score.name}: documents typed right {score.typed}/{score.documents}; {score.seconds:.0f} s", file=out)
    print(f"fields: P={total.precision or 0:.3f} R={total.recall or 0:.3f} over {total.n_truth} fields", file=out)
    return not failing and score.typed == score.documents
