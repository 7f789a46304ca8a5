"""Runs `python -m pipeline process --strict` over the bad-upload corpus and prints file → outcome.

    .venv/bin/python scripts/bad_corpus.py [--dir DIR] [--no-ocr] [--intake] [--quick]

Writes the corpus of tests/badfiles.py (two packets, 70+ uploads) into DIR (default: a temporary folder),
processes both packets with logging at DEBUG into DIR/run.log, and prints one row per upload: packet, file,
what the case is, the expected outcome (and document type: read right), the draft's status and types, the
seconds the upload took and its reader's peak memory (the child process that parsed it; from the log), the
reason or warning in the draft, and whether they agree. An upload over 60 s or 1 GB is a mismatch too.
`--quick` leaves out the upload that runs the reader to its CPU limit (~30 s).

With `--intake` the corpus goes through `python -m pipeline intake` instead (a Prefect flow registering each
packet in a case store under DIR/var) and the table is made from the drafts in that store; the exit status is
then intake's (2 when a packet failed) or 3 on a mismatch.

Exit status: the exit status of `process --strict` — 1 when any document failed, which for this corpus is
expected, 0 only if nothing failed, 2 when a packet could not be processed at all — or 3 when an upload is
missing from its draft or its outcome differs from the expected one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.intake import packet_id_for  # noqa: E402
from tests.badfiles import BadFile, check_outcomes, write_bad_corpus  # noqa: E402

AS_OF = ["--as-of", "2026-03-31", "--period", "2025-01-01..2025-12-31"]


def run_process(packets: list[Path], out: Path, log_file: Path, use_ocr: bool) -> int:
    cmd = [sys.executable, "-m", "pipeline", "--log-level", "DEBUG", "--log-file", str(log_file), "--log-format",
           "json", "process", *map(str, packets), "--out", str(out), "--strict", "--format", "json", *AS_OF]
    if not use_ocr:
        cmd.append("--no-ocr")
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    (log_file.parent / "stderr.log").write_text(done.stderr, encoding="utf-8")
    sys.stderr.write(done.stdout)
    return done.returncode


def run_intake(inbox: Path, var: Path, log_file: Path) -> tuple[int, dict[str, list[dict]]]:
    """`python -m pipeline intake` over the inbox; the documents of each packet's current draft in the store."""
    import os

    env = {**os.environ, "JINSHAN_DATA_DIR": str(var)}
    env.pop("JINSHAN_STORE_URL", None)
    cmd = [sys.executable, "-m", "pipeline", "--log-level", "DEBUG", "--log-file", str(log_file), "intake", str(inbox),
           *AS_OF]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    (log_file.parent / "stderr.log").write_text(done.stderr, encoding="utf-8")
    sys.stderr.write(done.stdout)
    from pipeline.store import open_store, repo

    store = open_store(f"sqlite:///{var / 'cases.db'}", var)
    drafts = {}
    for case in repo.list_cases(store):
        draft = repo.current_draft(store, case.id)
        drafts[case.packet_name] = draft["documents"] if draft else []
    store.dispose()
    return done.returncode, drafts


MAX_SECONDS = 60  # per upload, reading included (issue 13)
MAX_MB = 1024


def measurements(log_file: Path) -> dict[tuple[str, str], dict]:
    """(packet, file) → seconds, the reader's peak MB (its child process) and this run's peak MB so far, from the
    "document read / not read" records of the JSON log."""
    out: dict[tuple[str, str], dict] = {}
    if not log_file.exists():
        return out
    for line in log_file.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not str(rec.get("msg", "")).startswith("document") or "seconds" not in rec:
            continue
        key = (rec.get("packet", ""), rec.get("document", ""))
        m = out.setdefault(key, {"seconds": 0.0, "reader_mb": 0.0, "process_mb": 0.0})
        m["seconds"] = max(m["seconds"], float(rec["seconds"]))
        m["reader_mb"] = max(m["reader_mb"], float(rec.get("reader_peak_mb") or 0))
        m["process_mb"] = max(m["process_mb"], float(rec.get("process_peak_mb") or 0))
    return out


def rows(corpus: dict[Path, list[BadFile]], out: Path, stored: dict[str, list[dict]] | None = None,
         measured: dict | None = None) -> tuple[list[list[str]], list[str]]:
    table, problems = [], []
    measured = measured or {}
    for packet, cases in corpus.items():
        pid = packet_id_for(packet)
        draft_path = out / pid / "review.json"
        if stored is not None:
            documents = stored.get(pid, [])
        else:
            documents = json.loads(draft_path.read_text(encoding="utf-8"))["documents"] if draft_path.exists() else []
        by_file: dict[str, list[dict]] = {}
        for d in documents:
            by_file.setdefault(d["file"], []).append(d)
        for c in cases:
            docs = by_file.get(c.name, [])
            status = ",".join(sorted({d["status"] for d in docs})) or ("(skipped)" if c.expect == "skipped" else "MISSING")
            reason = "；".join(d["error"] for d in docs if d.get("error"))
            m = measured.get((pid, c.name))
            secs = f"{m['seconds']:.1f}" if m else "—"
            mb = f"{m['reader_mb']:.0f}" if m and m["reader_mb"] else "—"
            if m and (m["seconds"] > MAX_SECONDS or m["reader_mb"] > MAX_MB):
                problems.append(f"{pid}: {c.name}: over the limits ({secs} s, {mb} MB; at most {MAX_SECONDS} s, "
                                f"{MAX_MB} MB)")
            expect = c.expect + (f"（{c.keyword}）" if c.keyword else "") + (f" {c.doc_type}" if c.doc_type else "")
            types = ",".join(sorted({d.get("type") for d in docs if d.get("status") != "error"}))
            warn = "；".join(w for d in docs for w in d.get("warnings") or [])
            table.append([pid, c.name, c.what, expect, status + (f" {types}" if types else ""), secs, mb,
                          "；".join(x for x in (reason, warn) if x)])
        problems += [f"{pid}: {p}" for p in check_outcomes(documents, cases, use_ocr=not ARGS.no_ocr)]
    return table, problems


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def print_table(table: list[list[str]], problems: list[str]) -> None:
    header = ["packet", "file", "case", "expected", "status", "s", "reader MB", "reason / warning in the draft", ""]
    bad_names = {p.split(": ", 2)[1] for p in problems if p.count(": ") >= 2}
    body = [r + ["✗" if r[1] in bad_names else "✓"] for r in table]
    widths = [max(_width(r[i]) for r in [header, *body]) for i in range(len(header) - 2)]
    for r in [header, *body]:
        cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(len(widths))]
        print("  ".join(cells + [r[-1], r[-2]]).rstrip())


def main(argv: list[str] | None = None) -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, help="where to write the corpus, drafts and log (default: temporary)")
    ap.add_argument("--no-ocr", action="store_true", help="skip OCR (image uploads then read as partial)")
    ap.add_argument("--intake", action="store_true", help="through `intake` and the case store instead of `process`")
    ap.add_argument("--quick", action="store_true", help="leave out the uploads that run the reader to its CPU limit")
    ARGS = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bad-corpus-") as tmp:
        base = ARGS.dir or Path(tmp)
        corpus = write_bad_corpus(base / "corpus", slow=not ARGS.quick)
        if ARGS.intake:
            rc, stored = run_intake(base / "corpus", base / "var", base / "run.log")
            table, problems = rows(corpus, base / "out", stored, measurements(base / "run.log"))
        else:
            rc = run_process(list(corpus), base / "out", base / "run.log", use_ocr=not ARGS.no_ocr)
            table, problems = rows(corpus, base / "out", measured=measurements(base / "run.log"))
        print_table(table, problems)
        peak = max((m["process_mb"] for m in measurements(base / "run.log").values()), default=0)
        slowest = max(table, key=lambda r: float(r[5]) if r[5] != "—" else 0.0)
        print(f"\nslowest upload {slowest[1]}: {slowest[5]} s; largest reader (child process) peak "
              f"{max((float(r[6]) for r in table if r[6] != '—'), default=0):.0f} MB; the command's own peak "
              f"{peak:.0f} MB (OCR models included when OCR ran); limits {MAX_SECONDS} s and {MAX_MB} MB per upload")
        n_files = sum(1 for r in table if r[4] != "(skipped)")
        n_failed = sum(1 for r in table if "error" in r[4])
        print(f"\n{len(table)} uploads in {len(corpus)} packets: {n_files} in the drafts, {n_failed} failed, "
              f"{len(table) - n_files} skipped as OS junk; {'intake' if ARGS.intake else 'process --strict'} exited {rc}")
        for p in problems:
            print("MISMATCH", p)
        if ARGS.dir:
            where = base / "var" if ARGS.intake else base / "out"
            print(f"drafts in {where}, log in {base / 'run.log'}")
    return 3 if problems else rc


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
