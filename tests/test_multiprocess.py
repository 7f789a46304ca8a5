"""Past one machine, on one machine: PostgreSQL, `prefect server start` on it, a `process` work pool with a
worker, the deployments of prefect.yaml, and the nightly deployment triggered — the case store (also on
PostgreSQL) must show the new draft version the worker's flow run stored.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
P02 = ROOT / "samples" / "packets" / "p02-standards"
TEXT_LAYER = ["DB31T1588.pdf", "GB_T_46012-2025.pdf", "公共信用信息报告.pdf"]
PREFECT = [sys.executable, "-m", "prefect"]


def _wait(predicate, timeout: float, what: str, procs=()):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for p in procs:
            if p.poll() is not None:
                raise AssertionError(f"{what}: {p.args[:4]} exited with {p.returncode}")
        try:
            if predicate():
                return
        except Exception:
            pass
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen, sig=signal.SIGINT) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.slow
def test_worker_runs_the_nightly_deployment_against_postgres(pg_server, tmp_path):
    from pipeline.store import open_store, repo, work
    from pipeline.store.pgtemp import free_port
    from tests.pg_fixtures import new_database
    from models.draft import Period

    if pg_server is None:
        pytest.skip("needs the PostgreSQL server the tests start themselves")
    prefect_db = new_database(pg_server).replace("+psycopg", "+asyncpg")
    store_url = new_database(pg_server)
    port = free_port()
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_API_DATABASE_CONNECTION_URL=prefect_db, PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_WORKER_QUERY_SECONDS="2", PREFECT_WORKER_PREFETCH_SECONDS="5", PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING", PREFECT_UI_ENABLED="false",
        JINSHAN_STORE_URL=store_url, JINSHAN_DATA_DIR=str(tmp_path / "var"), JINSHAN_ROOT=str(ROOT),
    )
    env.pop("PREFECT_PROFILES_PATH", None)

    # A drafted case whose ledger changes afterwards: the nightly run must store a second version.
    packet = tmp_path / "inbox" / "p02-text"
    packet.mkdir(parents=True)
    for f in TEXT_LAYER:
        shutil.copy(P02 / f, packet / f)
    store = open_store(store_url, tmp_path / "var")
    reg = work.register_packet(store, packet, as_of=date(2026, 3, 31),
                               period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    assert work.process_case(store, reg.case_id).version == 1
    repo.add_ledger_entry(store, repo.get_case(store, reg.case_id).applicant_uscc, 2025, 950000)

    logs = tmp_path / "logs"
    logs.mkdir()
    run = dict(env=env, cwd=ROOT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = subprocess.Popen(PREFECT + ["server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=open(logs / "server.log", "wb"), stderr=subprocess.STDOUT, **run)
    worker = None
    try:
        _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).status == 200,
              120, "the Prefect server", [server])

        def cli(*args: str) -> str:
            done = subprocess.run(PREFECT + list(args), env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
            return done.stdout

        cli("work-pool", "create", "process", "--type", "process")
        cli("--no-prompt", "deploy", "--all")
        listing = cli("deployment", "ls")
        assert "reprocess-pending/nightly" in listing and "process-packet/on-demand" in listing

        worker = subprocess.Popen(PREFECT + ["worker", "start", "--pool", "process", "--type", "process"],
                                  stdout=open(logs / "worker.log", "wb"), stderr=subprocess.STDOUT, **run)
        cli("deployment", "run", "reprocess-pending/nightly")
        _wait(lambda: repo.get_case(store, reg.case_id).current_version == 2, 240,
              "the nightly flow run to store version 2", [server, worker])
        versions = repo.draft_versions(store, reg.case_id)
        assert versions[-1].reason.startswith("夜间重新处理")
        assert "建议支持总额" in versions[-1].diff

        # Intake fanned out to the worker, twice (a retried intake): each case registered and run once.
        inbox = tmp_path / "fan-out"
        for i in range(2):
            shutil.copytree(packet, inbox / f"copy-{i}")
            with open(inbox / f"copy-{i}" / TEXT_LAYER[0], "ab") as fh:
                fh.write(f"\n% copy {i}\n".encode())
        intake = [sys.executable, "-m", "pipeline", "intake", str(inbox), "--as-of", "2026-03-31",
                  "--period", "2025-01-01..2025-12-31", "--fan-out", "process-packet/on-demand"]
        for _ in range(2):
            done = subprocess.run(intake, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=180)
            assert done.returncode == 0, done.stdout + done.stderr
        fanned = [c.id for c in repo.list_cases(store) if c.packet_name.startswith("copy-")]
        assert len(fanned) == 2
        _wait(lambda: all(repo.get_case(store, c).current_version == 1 for c in fanned), 240,
              "the fanned-out packets to be drafted", [server, worker])
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: env["PREFECT_API_URL"]}):
            with get_client(sync_client=True) as client:
                dep = client.read_deployment_by_name("process-packet/on-demand")
                flow_runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep.id])))
        assert len(flow_runs) == 2
        assert {r.parameters["case_id"] for r in flow_runs} == set(fanned)
    finally:
        if worker is not None:
            _stop(worker, signal.SIGINT)
        _stop(server, signal.SIGINT)
        store.dispose()
