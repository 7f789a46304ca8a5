"""The Prefect flows against Prefect's test server: intake, process_packet, reprocess_pending; deployments.

Flow logic lives in `pipeline.store.work` (tested in test_store.py); these tests check the wiring: one task per
packet, failures collected, artifacts written, decisions untouched by the nightly run.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
P02 = ROOT / "samples" / "packets" / "p02-standards"
TEXT_LAYER = ["DB31T1588.pdf", "GB_T_46012-2025.pdf", "公共信用信息报告.pdf"]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY, PREFECT_RESULTS_LOCAL_STORAGE_PATH, PREFECT_SERVER_ANALYTICS_ENABLED,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    results = tmp_path_factory.mktemp("prefect-results")
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None,
                                     PREFECT_SERVER_ANALYTICS_ENABLED: False,
                                     PREFECT_RESULTS_LOCAL_STORAGE_PATH: str(results)}):
        with prefect_test_harness(server_startup_timeout=60):
            yield


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    monkeypatch.setenv("JINSHAN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("JINSHAN_STORE_URL", raising=False)
    from pipeline.store import default_store

    return default_store()


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    for i, name in enumerate(["a-packet", "b-packet"]):
        d = inbox / name
        d.mkdir(parents=True)
        for f in TEXT_LAYER:
            shutil.copy(P02 / f, d / f)
        with open(d / TEXT_LAYER[0], "ab") as fh:
            fh.write(f"\n% copy {i}\n".encode())
    (inbox / "c-broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return inbox


@pytest.mark.slow
def test_intake_then_nightly(prefect_server, store_env, tmp_path):
    from flows.intake import intake
    from flows.reprocess import reprocess_pending
    from pipeline.store import repo
    from pipeline.store.diff import claim_keys

    inbox = _inbox(tmp_path)
    result = intake(str(inbox), as_of=date(2026, 3, 31), period="2025-01-01..2025-12-31")
    assert result["packets"] == 3 and result["new_versions"] == 2
    assert [f["packet"] for f in result["failures"]] == ["c-broken.zip"]
    assert result["documents"] == 6 and result["claims"] >= 2 and result["total_yuan"] > 0
    cases = repo.list_cases(store_env)
    assert len(cases) == 2 and {c.status for c in cases} == {"drafted"}

    again = intake(str(inbox), as_of=date(2026, 3, 31), period="2025-01-01..2025-12-31")
    assert again["new_versions"] == 0 and len(repo.list_cases(store_env)) == 2

    cid = cases[0].id
    key = claim_keys(repo.current_draft(store_env, cid)["claims"])[0]
    from pipeline.store import accounts

    accounts.create_user(store_env, "张三", "zhang-secret-2026", role="reviewer")  # decisions need an account
    repo.record_claim_decision(store_env, cid, key, "reject", reviewer="张三", reason="不符合")
    before = repo.claim_decisions(store_env, cid)[key]
    uscc = repo.get_case(store_env, cid).applicant_uscc
    repo.add_ledger_entry(store_env, uscc, 2025, 990000)  # both cases are the same organisation

    nightly = reprocess_pending()
    assert nightly["checked"] == 2 and nightly["rerun"] == 2 and nightly["new_versions"] == 2
    assert all(any("建议支持总额" in line for line in o["diff"]) for o in nightly["outcomes"])
    after = repo.claim_decisions(store_env, cid)[key]
    assert (after.decision, after.reason, after.decided_by, after.decided_at, after.draft_version) == \
        (before.decision, before.reason, before.decided_by, before.decided_at, before.draft_version)
    assert repo.get_case(store_env, cid).status == "in_review"
    assert reprocess_pending()["rerun"] == 0

    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        keys = {a.key for a in client.read_artifacts()}
    assert {"intake-progress", "intake-summary", "intake-totals", "reprocess-changes"} <= keys


@pytest.mark.slow
def test_intake_into_a_round(prefect_server, store_env, tmp_path):
    """`intake --round`: the round's review date and period, the cases listed under it."""
    from flows.intake import intake
    from pipeline.store import repo, rounds

    rnd = rounds.create_round(store_env, "2025年度第一批", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                              review_date=date(2026, 3, 31), deadline=date(2026, 4, 30))
    inbox = _inbox(tmp_path)
    result = intake(str(inbox), round=rnd.name)
    assert result["packets"] == 3 and result["new_versions"] == 2
    ids = [o["case_id"] for o in result["outcomes"] if o.get("case_id")]
    assert {(repo.get_case(store_env, c).round_id, repo.get_case(store_env, c).as_of) for c in ids} == {
        (rnd.id, date(2026, 3, 31))}
    with pytest.raises(ValueError, match="没有申报批次"):
        intake(str(inbox), round="不存在的批次")


@pytest.mark.slow
def test_process_packet_flow(prefect_server, store_env, tmp_path):
    from flows.process_packet import process_packet

    inbox = _inbox(tmp_path)
    out = process_packet(path=str(inbox / "a-packet"), as_of=date(2026, 3, 31), period="2025-01-01..2025-12-31")
    assert out["action"] == "drafted" and out["version"] == 1
    assert process_packet(case_id=out["case_id"])["action"] == "unchanged"
    assert process_packet(case_id=out["case_id"], force=True)["version"] == 1


def test_nightly_schedule_in_prefect_yaml():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    nightly = next(d for d in spec["deployments"] if d["name"] == "nightly")
    assert nightly["entrypoint"] == "flows/reprocess.py:reprocess_pending"
    assert nightly["schedules"] == [{"cron": "0 2 * * *", "timezone": "Asia/Shanghai", "active": True}]
    assert nightly["work_pool"]["name"] == "process"
    entrypoints = {d["entrypoint"] for d in spec["deployments"]}
    assert "flows/process_packet.py:process_packet" in entrypoints
    for e in entrypoints:
        path, name = e.split(":")
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8")


def test_served_deployments_have_the_nightly_schedule():
    from flows.deployments import deployments

    deps = {(d.flow_name, d.name): d for d in deployments()}
    nightly = deps[("reprocess-pending", "nightly")]
    (schedule,) = nightly.schedules
    assert schedule.schedule.cron == "0 2 * * *" and schedule.schedule.timezone == "Asia/Shanghai"
    assert ("process-packet", "on-demand") in deps and not deps[("process-packet", "on-demand")].schedules
