"""`python -m pipeline bench flows` (registered as an entry point, pyproject.toml): the case store and the Prefect flows under load, with a crash in the middle.

1. Builds an inbox of ≥ 80 packets from the samples: copies with varied names whose bytes differ a little (a
   comment appended after the end of a text-layer PDF — read without OCR — or, for packets without one, files
   renamed), so each copy is a distinct case while the scans still hit the OCR cache.
2. Runs `python -m pipeline intake INBOX` in a subprocess, SIGKILLs its process group when about half of the
   cases have a draft, runs it again to the end, and checks every case is stored exactly once, with exactly
   one draft, and nothing is left half-done.
3. Clones the drafted cases inside the store up to 1,000 pending cases, records a reviewer decision, an
   eligibility override and a note on one of them, and times the nightly `reprocess_pending` flow (Prefect's
   temporary server included) with OCR made to raise: no OCR may run. The decision must be unchanged after.
4. Times the nightly flow after a catalog change (every pending case runs again, pages from the OCR cache,
   OCR still forbidden); drafts that come out the same get no new version; the decision is still unchanged.

Everything lives in a temporary folder (store, originals, Prefect home); the OCR cache is the usual one, so
the sample pages are not read again. Exit 1 when a check fails or the nightly run takes more than 60 s.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pipeline.bench.table import print_table

COPIES = 8  # × 11 samples = 88 packets
PENDING = 1000
NIGHTLY_LIMIT_S = 60.0
AS_OF, PERIOD = "2026-03-31", "2025-01-01..2025-12-31"


def _text_layer_pdf(path: Path) -> bool:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return all(len(p.chars) >= 20 for p in pdf.pages)
    except Exception:
        return False


def build_inbox(samples: Path, inbox: Path, copies: int = COPIES) -> int:
    packets = sorted(p for p in (samples / "packets").iterdir() if p.is_dir())
    inbox.mkdir(parents=True)
    for k in range(1, copies + 1):
        for src in packets:
            dst = inbox / f"{src.name}-{k:02d}"
            shutil.copytree(src, dst)
            if k == 1:
                continue  # the first copy is the sample itself
            pdfs = [p for p in sorted(dst.iterdir()) if p.suffix.lower() == ".pdf" and _text_layer_pdf(p)]
            if pdfs:
                with open(pdfs[0], "ab") as fh:
                    fh.write(f"\n% jinshan bench copy {k}\n".encode())
            else:
                for f in sorted(dst.iterdir()):
                    f.rename(f.with_name(f"副本{k:02d}_{f.name}"))
    return copies * len(packets)


def _env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(JINSHAN_DATA_DIR=str(tmp / "var"), PREFECT_HOME=str(tmp / "prefect"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING")
    env.pop("JINSHAN_STORE_URL", None)
    env.pop("PREFECT_API_URL", None)
    return env


def _counts(store) -> tuple[int, int]:
    from sqlalchemy import func, select

    from pipeline.store.schema import Case, DraftVersion

    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Case)), \
            s.scalar(select(func.count()).select_from(DraftVersion))


def _ocr_entries() -> int:
    from pipeline.ocr.cache import results_dir

    return sum(1 for _ in results_dir().rglob("*.json")) if results_dir().exists() else 0


def run(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench-flows-"))
    env = _env(tmp)
    os.environ.update({k: env[k] for k in ("JINSHAN_DATA_DIR", "PREFECT_HOME", "PREFECT_SERVER_ANALYTICS_ENABLED",
                                           "PREFECT_LOGGING_LEVEL")})
    os.environ.pop("JINSHAN_STORE_URL", None)
    os.environ.pop("PREFECT_API_URL", None)
    try:
        return _run(Path(args.samples), tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(samples: Path, tmp: Path, env: dict) -> int:
    from pipeline.store import open_store

    inbox = tmp / "inbox"
    n = build_inbox(samples, inbox)
    cmd = [sys.executable, "-m", "pipeline", "intake", str(inbox), "--as-of", AS_OF, "--period", PERIOD]
    store = open_store()
    rows, ok = [], True
    ocr_before = _ocr_entries()

    # -- 1. intake, killed in the middle
    t0 = time.perf_counter()
    log1 = open(tmp / "intake1.log", "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log1, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    cases_at_kill = drafts_at_kill = 0
    while proc.poll() is None:
        cases_at_kill, drafts_at_kill = _counts(store)
        if drafts_at_kill >= n // 2:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.2)
    proc.wait()
    killed_after = time.perf_counter() - t0
    killed = proc.returncode == -signal.SIGKILL
    rows.append(["intake, SIGKILL midway", f"{killed_after:.1f}", f"{cases_at_kill} cases, {drafts_at_kill} drafts",
                 "killed" if killed else f"NOT KILLED (exit {proc.returncode})"])
    ok &= killed

    # -- 2. the same intake again, to the end
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    second = time.perf_counter() - t0
    (tmp / "intake2.log").write_text(done.stdout + done.stderr)
    check = _check_intake(store, n)
    ok &= done.returncode == 0 and check["ok"]
    rows.append(["intake again, to the end", f"{second:.1f}",
                 f"{check['cases']} cases / {n} packets, {check['drafts']} drafts, {check['extra_versions']} "
                 f"duplicate versions, {check['not_drafted']} not drafted", "OK" if check["ok"] and not
                 done.returncode else f"FAILED (exit {done.returncode}) {check}"])
    intake_ocr = _ocr_entries() - ocr_before

    # -- 3. 1,000 pending cases, a reviewer's decision, the nightly run with OCR forbidden
    seeded = seed_pending(store, PENDING)
    decided_case, snapshot = record_review(store)
    nightly, result = [], None
    guard = OcrGuard().install()
    try:
        from flows.commands import _quiet_flows
        from flows.reprocess import reprocess_pending

        for _ in range(3):
            t0 = time.perf_counter()
            with _quiet_flows():
                result = reprocess_pending()
            nightly.append(time.perf_counter() - t0)
        med = statistics.median(nightly)
        same = snapshot == _review_snapshot(store, decided_case)
        fine = (result["checked"] >= PENDING and max(nightly) <= NIGHTLY_LIMIT_S and guard.calls == 0 and same
                and not result["failures"])
        ok &= fine
        rows.append([f"nightly reprocess_pending, {result['checked']} pending cases", f"{nightly[0]:.1f}",
                     f"first run, starting Prefect's temporary server; then {', '.join(f'{t:.1f}' for t in nightly[1:])} s "
                     f"(median of 3 {med:.1f} s); unchanged inputs {result['unchanged_inputs']}, re-run {result['rerun']}, "
                     f"new versions {result['new_versions']}, OCR calls {guard.calls}, decision unchanged: {same}",
                     "OK" if fine else "FAILED"])

        # -- 4. a new catalog version: every pending case must run again (pages from the OCR cache, OCR forbidden)
        import pipeline.store.fingerprint as fp
        import pipeline.store.repo as repo_mod

        changed = fp.catalog_version() + "+bench-edit"
        real_catalog = repo_mod.catalog_version, fp.catalog_version
        repo_mod.catalog_version = fp.catalog_version = lambda: changed
        try:
            t0 = time.perf_counter()
            with _quiet_flows():
                rerun = reprocess_pending()
            took = time.perf_counter() - t0
            t0 = time.perf_counter()
            with _quiet_flows():
                after = reprocess_pending()
            settled = time.perf_counter() - t0
        finally:
            repo_mod.catalog_version, fp.catalog_version = real_catalog
        same = snapshot == _review_snapshot(store, decided_case)
        fine = (rerun["rerun"] == rerun["checked"] and not rerun["failures"] and after["rerun"] == 0
                and guard.calls == 0 and same)
        ok &= fine
        rows.append([f"nightly after a catalog change, {rerun['checked']} pending cases", f"{took:.1f}",
                     f"re-run {rerun['rerun']} ({took / max(rerun['rerun'], 1):.3f} s/case), new versions "
                     f"{rerun['new_versions']}, failures {len(rerun['failures'])}, OCR calls {guard.calls}, decision "
                     f"unchanged: {same}; the night after: re-run {after['rerun']} in {settled:.1f} s",
                     "OK" if fine else "FAILED"])
    finally:
        guard.remove()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"store SQLite ({store.engine.url.database}); {n} packets, {seeded} cloned pending cases; "
          f"intake read {intake_ocr} page(s) with OCR (the rest from the OCR cache)")
    print_table(["step", "seconds", "what", "verdict"], rows)
    if not ok:
        print(f"\nlogs: {tmp}/intake1.log, intake2.log (kept)", file=sys.stderr)
        shutil.copytree(tmp, Path(tempfile.gettempdir()) / f"bench-flows-failed-{os.getpid()}",
                        ignore=shutil.ignore_patterns("originals", "inbox"), dirs_exist_ok=True)
    store.dispose()
    return 0 if ok else 1


class OcrGuard:
    """Counts OCR engine runs (cache misses) and makes each one fail; cache hits are served as usual."""

    def __init__(self):
        self.calls = 0

    def install(self) -> "OcrGuard":
        import pipeline.ocr.cache as cache

        self._cache, self._real = cache, cache.get_engine
        guard = self

        class Guarded:
            def __init__(self, engine):
                self._engine = engine

            def __getattr__(self, name):
                return getattr(self._engine, name)

            def read_page(self, *a, **k):
                guard.calls += 1
                raise RuntimeError("OCR must not run here: every page should come from the OCR cache")

        cache.get_engine = lambda opts: Guarded(self._real(opts))
        return self

    def remove(self) -> None:
        self._cache.get_engine = self._real


def _check_intake(store, n: int) -> dict:
    from sqlalchemy import func, select

    from pipeline.store.schema import Case, CaseFile, DraftVersion

    with store.session() as s:
        cases = s.scalar(select(func.count()).select_from(Case))
        drafts = s.scalar(select(func.count()).select_from(DraftVersion))
        not_drafted = s.scalar(select(func.count()).select_from(Case).where(
            (Case.status != "drafted") | (Case.current_version != 1)))
        per_case = s.execute(select(DraftVersion.case_id, func.count()).group_by(DraftVersion.case_id)).all()
        dup_files = s.scalar(select(func.count()).select_from(
            select(CaseFile.case_id, CaseFile.name).group_by(CaseFile.case_id, CaseFile.name)
            .having(func.count() > 1).subquery()))
    extra = sum(c - 1 for _, c in per_case)
    ok = cases == n and drafts == n and not not_drafted and extra == 0 and dup_files == 0
    return {"ok": ok, "cases": cases, "drafts": drafts, "not_drafted": not_drafted, "extra_versions": extra,
            "duplicate_files": dup_files}


def seed_pending(store, total: int) -> int:
    """Clones of the drafted cases (same files, same draft, same inputs) up to `total` pending cases."""
    from sqlalchemy import func, select

    from pipeline.store.schema import Case, CaseFile, DraftVersion

    with store.session() as s, s.begin():
        cases = s.scalars(select(Case).order_by(Case.id)).all()
        have = len(cases)
        files = {c.id: s.scalars(select(CaseFile).where(CaseFile.case_id == c.id)).all() for c in cases}
        drafts = {c.id: s.scalar(select(DraftVersion).where(DraftVersion.case_id == c.id)) for c in cases}
        cols = lambda obj, skip: {k: v for k, v in obj.__dict__.items() if not k.startswith("_") and k not in skip}  # noqa: E731
        for i in range(total - have):
            src = cases[i % have]
            cid = f"{src.id[:12]}-clone{i:04d}"
            s.add(Case(**{**cols(src, {"id"}), "id": cid}))  # same packet name: its draft is the same draft
            s.flush()
            s.add_all(CaseFile(**{**cols(f, {"id", "case_id"}), "case_id": cid}) for f in files[src.id])
            s.add(DraftVersion(**{**cols(drafts[src.id], {"id", "case_id"}), "case_id": cid}))
        s.flush()
        return s.scalar(select(func.count()).select_from(Case))


def record_review(store) -> tuple[str, dict]:
    from pipeline.store import accounts, repo
    from pipeline.store.diff import claim_keys

    if accounts.get_user(store, "bench-审核员") is None:  # decisions are made by an account with a deciding role
        accounts.create_user(store, "bench-审核员", "bench-" + __import__("secrets").token_hex(12), role="reviewer")
    case = next(r for r in repo.list_cases(store, pending=True) if (r.total_yuan or 0) > 0)
    draft = repo.current_draft(store, case.id)
    key = claim_keys(draft["claims"])[0]
    repo.record_claim_decision(store, case.id, key, "adjust", reviewer="bench-审核员", amount_yuan=12345,
                               reason="核减：证明材料不全")
    repo.set_eligibility_override(store, case.id, "eligible", "已核对营业执照和信用报告原件，符合第三条",
                                  reviewer="bench-审核员")
    repo.add_note(store, case.id, "夜间处理前记录的意见", author="bench-审核员")
    return case.id, _review_snapshot(store, case.id)


def _review_snapshot(store, case_id: str) -> str:
    from sqlalchemy import select

    from pipeline.store.schema import AuditEntry, CaseNote, ClaimDecision, EligibilityOverride

    out = {}
    with store.session() as s:
        for model in (ClaimDecision, EligibilityOverride, CaseNote, AuditEntry):
            rows = s.scalars(select(model).where(model.case_id == case_id)).all()
            out[model.__tablename__] = [{k: str(v) for k, v in r.__dict__.items() if not k.startswith("_")}
                                        for r in rows]
    return json.dumps(out, sort_keys=True, ensure_ascii=False)
