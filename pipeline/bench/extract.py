"""`python -m pipeline bench extract`: field-level precision and recall of extraction on documents nobody tuned
the code to.

    python -m pipeline bench extract --corpus ../shared/corpus     # the outside development corpus
    python -m pipeline bench extract                               # the samples and the layout families

Sets scored (each printed with its own tables; the last line of each is `fields: P=… R=… over N fields`):
* every `--corpus DIR` given: a folder of `documents/` and a `truth.yaml` (the corpus format, pipeline.bench.corpus);
  it must reach THRESHOLD (0.98) in precision and recall on every field of every kind, and type every document
  right;
* without --corpus: the samples (our own templates: reported, never a gate — `eval samples` gates them) and the
  layout families of `samples.families`, generated into a temporary folder: the `tune` families (reported) and the
  `report` families, which nobody tunes on (they must reach REPORT_THRESHOLD, 0.97).

Comparison, after normalisation:
* dates compare as ISO strings (date objects, 'YYYY-MM-DD' strings and datetimes alike); years as ints or strings;
* strings compare without whitespace and with full-width forms folded to half-width, brackets （）【】〔〕 → ()[],
  colons ：→ :, dashes — – － ‐ ― → -, curly quotes → straight ones;
* lists of strings (drafting_units) compare as a whole, element by element in order;
* lists of records (penalties, units …) compare record by record on the sub-fields the kind names
  (`record_keys` in pipeline/kinds/*.yaml); each record counts once.

Counting: a truth value that is non-null counts in recall's denominator, an extracted non-null value in
precision's; null/[] on both sides is a true negative and counts in neither. A declared document the classifier
split differently has all its fields missed, and is listed.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.bench.table import print_table

THRESHOLD = 0.98

# Field names per document type, as in samples/truth/README.md (and models/facts.py).
FIELDS: dict[str, tuple[str, ...]] = {
    "business_licence": ("name", "uscc", "type", "legal_representative", "established", "address"),
    "credit_report": ("subject", "uscc", "address", "report_no", "report_date", "penalties", "serious_dishonesty",
                      "abnormal_operations"),
    "award_certificate": ("recipient", "recipient_kind", "employer", "honour", "level", "rank", "year", "issuer",
                          "date"),
    "award_notice": ("honour", "level", "issuer", "date", "applicant_row"),
    "standard": ("code", "title", "publish_date", "drafting_units", "replaces"),
    "certification": ("kind", "holder", "number", "first_issue_date", "issue_date", "valid_until",
                      "re_certification"),
    "approval": ("kind", "body", "level", "holder", "date"),
    "appointment": ("person", "role", "employer", "date", "training_certificate"),
    "other": ("kind", "name", "id_number", "address"),
    "application_form": ("applicant", "uscc", "contact", "declared_total"),
}
# List-of-record fields: compared record by record on these sub-fields.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "penalties": ("date", "content"),
    "serious_dishonesty": ("date", "content"),
    "abnormal_operations": ("date", "reason"),
}
# Nested records: compared per sub-field.
NESTED_KEYS: dict[str, tuple[str, ...]] = {"applicant_row": ("rank", "project", "units")}
# The classifier's names for types the truth files name differently.
TYPE_ALIASES: dict[str, str] = {}
PAGE_KINDS = ("text_layer", "clean_scan", "hard_scan", "rotated_photo")

# ---------------------------------------------------------------------------------------------------------------
# Normalisation


_FOLD = str.maketrans({
    "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]",
    "—": "-", "–": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-", "−": "-", "─": "-",
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
    "\u3000": " ",
})
_SPACE = re.compile(r"\s+")


def norm_text(text: str) -> str:
    """A string as compared: no whitespace, full-width ASCII folded to half-width, one form of bracket, colon,
    dash and quote. Letters keep their case (USCCs and certificate numbers are upper case by definition)."""
    text = text.translate(_FOLD)
    # Full-width ASCII block （ ） ： － ／ Ａ １ … → half-width.
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)
    return _SPACE.sub("", unicodedata.normalize("NFC", text))


def _plain(value: Any) -> Any:
    """Pydantic models and Facts as plain data."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, Mapping) and set(value) >= {"value", "confidence", "evidence"}:
        value = value["value"]  # a Fact that slipped through
    return value


def norm_value(value: Any) -> Any:
    """A value as compared (hashable), or None when it is empty: None, "", [] and {} are all null."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return norm_text(value) or None
    if isinstance(value, Mapping):
        items = tuple(sorted((str(k), norm_value(v)) for k, v in value.items()))
        return items if any(v is not None for _, v in items) else None
    if isinstance(value, Iterable):
        items = tuple(norm_value(v) for v in value)
        return items or None
    return norm_text(str(value)) or None


def show(value: Any) -> str:
    """A value as printed in the mismatch list."""
    value = _plain(value)
    if value is None:
        return "—"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + "; ".join(show(v) for v in value) + "]" if value else "[]"
    return str(value)


# ---------------------------------------------------------------------------------------------------------------
# Comparison


@dataclass
class Outcome:
    """One field of one document: how many values the truth and the extractor give, and how many agree."""

    field: str
    n_truth: int
    n_extracted: int
    correct: int
    expected: Any = None
    got: Any = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.n_truth == self.n_extracted == self.correct


def compare_value(name: str, expected: Any, got: Any) -> Outcome:
    e, g = norm_value(expected), norm_value(got)
    return Outcome(name, int(e is not None), int(g is not None), int(e is not None and e == g), expected, got)


def _record_key(record: Any, keys: tuple[str, ...]) -> tuple:
    record = _plain(record)
    if not isinstance(record, Mapping):
        return (norm_value(record),)
    return tuple(norm_value(_plain(record.get(k))) for k in keys)


def compare_records(name: str, keys: tuple[str, ...], expected: Any, got: Any) -> Outcome:
    """Lists of records, each counted once; a record is correct when an extracted record has the same key
    sub-fields (a multiset match, so order does not matter and duplicates count)."""
    exp = [r for r in (_plain(expected) or []) if norm_value(r) is not None]
    out = [r for r in (_plain(got) or []) if norm_value(r) is not None]
    pool: dict[tuple, int] = defaultdict(int)
    for r in out:
        pool[_record_key(r, keys)] += 1
    correct, missed = 0, []
    for r in exp:
        k = _record_key(r, keys)
        if pool[k] > 0:
            pool[k] -= 1
            correct += 1
        else:
            missed.append(r)
    extra_keys = dict(pool)
    extra = []
    for r in out:
        k = _record_key(r, keys)
        if extra_keys.get(k, 0) > 0:
            extra_keys[k] -= 1
            extra.append(r)
    return Outcome(name, len(exp), len(out), correct, missed, extra,
                   note="unmatched records only" if missed or extra else "")


@dataclass
class Tally:
    n_truth: int = 0
    n_extracted: int = 0
    correct: int = 0

    def add(self, o: Outcome) -> None:
        self.n_truth += o.n_truth
        self.n_extracted += o.n_extracted
        self.correct += o.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.n_extracted if self.n_extracted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.n_truth if self.n_truth else None

    @property
    def passes(self) -> bool:
        """Below the threshold fails; an undefined ratio fails only when the other side has values (nothing
        extracted where the truth has values is a recall of 0 already; values extracted where the truth has
        none is a precision of 0)."""
        return all(r is None or r >= THRESHOLD for r in (self.precision, self.recall))




THRESHOLD = 0.98
REPORT_THRESHOLD = 0.97


def _families(tmp: Path) -> list[tuple[str, Path, float | None]]:
    """The samples' layout families generated into `tmp`: (name, folder, gate threshold or None)."""
    try:
        from samples.families import generate
    except ImportError:
        return []
    out = []
    for which, gate in (("tune", None), ("report", REPORT_THRESHOLD)):
        folder = tmp / which
        generate(folder, which=which)
        out.append((f"families ({which}{' — never tuned on' if which == 'report' else ''})", folder, gate))
    return out


def run(args) -> int:
    import tempfile
    from datetime import date

    from pipeline.bench import corpus
    from pipeline.policy import load_policy

    policy = load_policy()
    as_of = date(2025, 12, 31)
    mismatches = getattr(args, "mismatches", True)
    code = 0
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        sets: list[tuple[str, Path, float | None, list | None]] = []
        if getattr(args, "corpus", None):
            for folder in args.corpus:
                if not (Path(folder) / "truth.yaml").is_file():
                    print(f"{folder}: no truth.yaml", file=sys.stderr)
                    return 2
                sets.append((str(folder), Path(folder), THRESHOLD, None))
        else:
            samples = Path(getattr(args, "samples", None) or "samples")
            sets.append(("samples (our own templates)", samples / "packets", None, corpus.sample_entries(samples)))
            sets += [(n, f, g, None) for n, f, g in _families(Path(tmp))]
        for name, folder, gate, entries in sets:
            score = corpus.score_folder(name, folder, policy, as_of, entries=entries,
                                        progress=lambda f: print(f"  read {f}", file=sys.stderr))
            ok = corpus.report(score, threshold=gate or THRESHOLD, mismatches=mismatches)
            if gate is not None and not ok:
                code = 1
            print()
    return code
