"""`python -m pipeline bench extract`: field-level precision and recall of fact extraction over the samples.

For every packet under `<samples>/truth/`, every file is read with the project's own reader (intake → read →
split_and_classify → extract_facts), and each declared document is matched to the extracted document with the
same (file, pages). Its facts are compared field by field with the truth, after normalisation:

* dates compare as ISO strings (date objects, 'YYYY-MM-DD' strings and datetimes alike); years as ints or strings;
* strings compare without whitespace and with full-width forms folded to half-width, brackets （）【】〔〕 → ()[],
  colons ：→ :, dashes — – － ‐ ― → -, curly quotes → straight ones;
* lists of strings (drafting_units) compare as a whole, element by element in order;
* lists of records (penalties, serious_dishonesty, abnormal_operations) compare record by record on their key
  sub-fields (date + content / reason); each record counts once;
* nested records (award_notice.applicant_row) compare per sub-field: applicant_row.rank, .project, .units.

Counting: a truth value that is non-null counts in recall's denominator, an extracted non-null value in
precision's; null/[] on both sides is a true negative and counts in neither. A declared document the classifier
split differently (no extracted document with the same pages) has all its fields missed; an extracted document
with no declared counterpart has all its values counted as false positives. Both are listed in the output.

Exit code 1 when any field, or any page kind, is below THRESHOLD in precision or recall; 0 otherwise.
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


def compare_facts(doc_type: str, truth: Mapping[str, Any], got: Mapping[str, Any] | None) -> list[Outcome]:
    """Every field of one document. `got` maps field name → extracted value (None: no extracted document)."""
    got = {} if got is None else {k: _plain(v) for k, v in got.items()}
    names = list(FIELDS.get(doc_type, ()))
    names += [k for k in truth if k not in names]
    if doc_type not in FIELDS:
        names += [k for k in got if k not in names]
    outcomes = []
    for name in names:
        e, g = truth.get(name), got.get(name)
        if name in RECORD_KEYS:
            outcomes.append(compare_records(name, RECORD_KEYS[name], e, g))
        elif name in NESTED_KEYS:
            e, g = _plain(e) or {}, _plain(g) or {}
            for sub in NESTED_KEYS[name]:
                ev = e.get(sub) if isinstance(e, Mapping) else None
                gv = g.get(sub) if isinstance(g, Mapping) else None
                outcomes.append(compare_value(f"{name}.{sub}", ev, gv))
        else:
            outcomes.append(compare_value(name, e, g))
    return outcomes


def fact_values(doc) -> dict[str, Any]:
    """DocumentFacts (or a plain mapping) → field name → value."""
    fields = doc.fields if hasattr(doc, "fields") else doc
    return {k: (f.value if hasattr(f, "value") else f) for k, f in fields.items()}


# ---------------------------------------------------------------------------------------------------------------
# Scoring packets


@dataclass
class Row:
    """One compared field with where it came from."""

    packet: str
    file: str
    page_kind: str
    doc_type: str
    pages: list[int]
    outcome: Outcome


@dataclass
class PacketScore:
    rows: list[Row] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (packet, file, what happened)
    documents: int = 0
    matched: int = 0


def _pages(p) -> str:
    return ",".join(map(str, p))


def score_packet(truth, extracted: Mapping[str, list | str]) -> PacketScore:
    """Compares one packet. `extracted` maps file name → its extracted DocumentFacts, or → an error message when
    the file could not be read (all its fields count as missed)."""
    score = PacketScore()
    for ft in truth.files:
        got = extracted.get(ft.file, "file not read")
        by_pages = {} if isinstance(got, str) else {tuple(d.pages): d for d in got}
        used: set[tuple] = set()
        for doc in ft.documents:
            score.documents += 1
            key = tuple(doc.pages)
            match = by_pages.get(key)
            if isinstance(got, str):
                score.notes.append((truth.packet, ft.file,
                                    f"{doc.type} p.{_pages(doc.pages)}: all fields missed — {got}"))
            elif match is None:
                split = "; ".join(f"{d.type} p.{_pages(d.pages)}" for d in got) or "nothing"
                score.notes.append((truth.packet, ft.file, f"{doc.type} p.{_pages(doc.pages)}: split differently "
                                    f"(extracted: {split}); all fields missed"))
            else:
                used.add(key)
                score.matched += 1
                got_type = TYPE_ALIASES.get(match.type, match.type)
                if got_type != doc.type:
                    score.notes.append((truth.packet, ft.file, f"{doc.type} p.{_pages(doc.pages)}: "
                                        f"classified as {match.type}"))
            values = fact_values(match) if match is not None else None
            for o in compare_facts(doc.type, doc.facts, values):
                score.rows.append(Row(truth.packet, ft.file, ft.page_kind, doc.type, doc.pages, o))
        if isinstance(got, str):
            continue
        for key, d in by_pages.items():
            if key in used:
                continue
            doc_type = TYPE_ALIASES.get(d.type, d.type)
            outcomes = [o for o in compare_facts(doc_type, {}, fact_values(d)) if o.n_extracted]
            n = sum(o.n_extracted for o in outcomes)
            score.notes.append((truth.packet, ft.file, f"extracted {d.type} p.{_pages(d.pages)} matches no declared "
                                f"document; its {n} values count as false positives"))
            for o in outcomes:
                score.rows.append(Row(truth.packet, ft.file, ft.page_kind, doc_type, list(d.pages), o))
    return score


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


def tally_by(rows: Iterable[Row], key) -> dict[Any, Tally]:
    out: dict[Any, Tally] = defaultdict(Tally)
    for r in rows:
        out[key(r)].add(r.outcome)
    return out


def _field_order(doc_type: str, name: str) -> tuple:
    types = list(FIELDS)
    base = name.split(".")[0]
    fields = FIELDS.get(doc_type, ())
    return (types.index(doc_type) if doc_type in types else len(types), doc_type,
            fields.index(base) if base in fields else len(fields), name)


def report(scores: list[PacketScore], out=None) -> int:
    """Prints the tables and the mismatch list; returns the exit code."""
    out = out or sys.stdout
    rows = [r for s in scores for r in s.rows]
    by_field = tally_by(rows, lambda r: (r.doc_type, r.outcome.field))
    failing = []
    table = []
    for (doc_type, name) in sorted(by_field, key=lambda k: _field_order(*k)):
        t = by_field[(doc_type, name)]
        if not t.n_truth and not t.n_extracted:
            table.append((doc_type, name, 0, 0, 0, None, None, "n/a"))
            continue
        ok = t.passes
        if not ok:
            failing.append(f"{doc_type}.{name}")
        table.append((doc_type, name, t.n_truth, t.n_extracted, t.correct, t.precision, t.recall,
                      "OK" if ok else "FAIL"))
    print_table(("doc type", "field", "n truth", "n extracted", "correct", "precision", "recall", ""), table,
                title="Fields", file=out)

    kinds = tally_by(rows, lambda r: r.page_kind)
    print(file=out)
    table = []
    for kind in [*PAGE_KINDS, *sorted(k for k in kinds if k not in PAGE_KINDS)]:
        t = kinds.get(kind, Tally())
        ok = t.passes
        if not ok:
            failing.append(f"page kind {kind}")
        table.append((kind, t.n_truth, t.n_extracted, t.correct, t.precision, t.recall,
                      ("OK" if ok else "FAIL") if (t.n_truth or t.n_extracted) else "n/a"))
    print_table(("page kind", "n truth", "n extracted", "correct", "precision", "recall", ""), table,
                title="Page kinds", file=out)

    total = Tally()
    for r in rows:
        total.add(r.outcome)
    documents = sum(s.documents for s in scores)
    matched = sum(s.matched for s in scores)
    print(file=out)
    print(f"overall: {total.correct}/{total.n_extracted} extracted values correct, {total.correct}/{total.n_truth} "
          f"truth values found; precision {_ratio(total.precision)}, recall {_ratio(total.recall)}; "
          f"{matched}/{documents} declared documents matched by (file, pages)", file=out)

    notes = [n for s in scores for n in s.notes]
    if notes:
        print(file=out)
        print_table(("packet", "file", "document"), notes, title="Documents not compared as declared", file=out)

    bad = [r for r in rows if not r.outcome.ok]
    print(file=out)
    if bad:
        mism = [(r.packet, r.file, r.page_kind, f"{r.doc_type} p.{_pages(r.pages)}", r.outcome.field,
                 show(r.outcome.expected), show(r.outcome.got)) for r in bad]
        print_table(("packet", "file", "page kind", "document", "field", "expected", "got"), mism,
                    title=f"Mismatches ({len(bad)})", file=out)
    else:
        print("Mismatches: none", file=out)

    print(file=out)
    if failing:
        print(f"FAIL: below {THRESHOLD} in precision or recall: {', '.join(failing)}", file=out)
        return 1
    print(f"PASS: every field and page kind at or above {THRESHOLD} in precision and recall", file=out)
    return 0


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


# ---------------------------------------------------------------------------------------------------------------
# Running the pipeline


def extract_packet(truth, samples: Path, policy, extract_facts, timings: dict[str, float] | None = None,
                   ocr_options=None) -> dict[str, list | str]:
    """Reads every declared file of one packet with the project's reader; file name → DocumentFacts list or an
    error message."""
    from pipeline.classify import split_and_classify
    from pipeline.intake import open_packet
    from pipeline.read import read_file

    packet = open_packet(samples / "packets" / truth.packet)
    files = {f.name: f for f in packet.files}
    names = [truth.applicant.name]
    out: dict[str, list | str] = {}
    for ft in truth.files:
        f = files.get(ft.file)
        if f is None:
            out[ft.file] = "file not in the packet folder"
            continue
        started = time.perf_counter()
        try:
            text = read_file(f, ocr_options=ocr_options)
            out[ft.file] = [extract_facts(doc, policy, truth.as_of, names) for doc in split_and_classify(text)]
        except Exception as exc:  # one failing file is a finding, not the end of the benchmark
            out[ft.file] = f"{type(exc).__name__}: {exc}"
        if timings is not None:
            timings[f"{truth.packet}/{ft.file}"] = time.perf_counter() - started
    return out


def _engine_options(engines) -> list:
    """OCR options per engine asked for with --engines; [None] (the reader's default) when none is."""
    if not engines:
        return [None]
    from pydantic import TypeAdapter

    from pipeline.ocr.options import OcrOptions

    adapter = TypeAdapter(OcrOptions)
    return [adapter.validate_python({"kind": e}) for e in engines]


def run(args) -> int:
    from pipeline.bench import sample_truths

    found = sample_truths(args)
    if found is None:
        return 2
    samples, truths = found
    try:
        from pipeline.extract.documents import extract_facts
    except ImportError as exc:
        print(f"extract_facts is not available: {exc}", file=sys.stderr)
        return 2
    from pipeline.policy import load_policy

    try:
        engines = _engine_options(getattr(args, "engines", None))
    except ValueError:
        print(f"unknown OCR engine in --engines {' '.join(args.engines)} (known: paddle, rapid, tesseract)",
              file=sys.stderr)
        return 2
    policy = load_policy()
    code = 0
    for options in engines:
        if options is not None:
            print(f"=== OCR engine: {options.kind} ===")
        timings: dict[str, float] = {}
        started = time.perf_counter()
        scores = []
        for truth in truths:
            t0 = time.perf_counter()
            extracted = extract_packet(truth, samples, policy, extract_facts, timings, ocr_options=options)
            scores.append(score_packet(truth, extracted))
            print(f"  {truth.packet}: {len(extracted)} files in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        code = max(code, report(scores))
        slowest = max(timings, key=timings.get) if timings else None
        print(f"{len(truths)} packets, {len(timings)} files in {time.perf_counter() - started:.1f} s"
              + (f" (slowest {slowest}: {timings[slowest]:.1f} s)" if slowest else ""))
        if options is not None:
            print()
    return code
