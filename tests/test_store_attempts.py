"""Processing attempts: a version's reason names what changed; a case failing the same way twice is held (not
retried every night) and the operator sees why; a sign-off during a nightly re-draft is not a failure."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from pipeline.store import repo, work
from pipeline.store.fingerprint import describe_changes
from pipeline.store.schema import ProcessingAttempt, utcnow
from tests.test_store import AS_OF, P02, PERIOD, TEXT_LAYER


@pytest.fixture
def case_id(case_store, tmp_path) -> str:
    d = tmp_path / "inbox" / "p02-text"
    d.mkdir(parents=True)
    for name in TEXT_LAYER:
        shutil.copy(P02 / name, d / name)
    return work.register_packet(case_store, d, as_of=AS_OF, period=PERIOD).case_id


def test_a_ledger_change_is_named_in_the_new_versions_reason(case_store, case_id):
    assert work.process_case(case_store, case_id).action == "drafted"
    uscc = repo.get_case(case_store, case_id).applicant_uscc
    repo.add_ledger_entry(case_store, uscc, 2025, 990000)
    out = work.process_case(case_store, case_id, reason="夜间重新处理")
    assert out.action == "drafted" and out.version == 2
    v2 = repo.draft_versions(case_store, case_id)[-1]
    assert v2.reason == "夜间重新处理（台账已记金额 0 → 990,000 元）"
    assert "政策目录" not in v2.reason and "程序" not in v2.reason


def test_describe_changes_names_every_part():
    a = {"files": [["a", "1"]], "catalog": "c1", "code": "x1", "as_of": "2026-03-31",
         "period": ["2025-01-01", "2025-12-31"], "ledger": 0}
    b = {**a, "catalog": "c2", "code": "x2", "files": [["a", "2"]], "as_of": "2026-04-30"}
    assert describe_changes(a, b) == ["政策目录更新", "程序更新", "材料变更", "审核日期 2026-03-31 → 2026-04-30"]
    assert describe_changes(None, b, catalog_before="c1", code_before="x2") == ["政策目录更新"]


def test_a_sign_off_during_a_nightly_redraft_is_not_a_failure(case_store, case_id, monkeypatch):
    from pipeline import process

    assert work.process_case(case_store, case_id).action == "drafted"
    real = process.run_packet

    from tests.test_store import _people, _review_and_sign

    _people(case_store)

    def sign_off_meanwhile(packet, opts):
        result = real(packet, opts)
        if repo.get_case(case_store, case_id).status != "decided":  # 初审 and 复核 (four eyes) sign it off
            _review_and_sign(case_store, case_id, total=0)
        return result

    monkeypatch.setattr(process, "run_packet", sign_off_meanwhile)
    out = work.process_case(case_store, case_id, reason="夜间重新处理", force=True)
    assert out.action == "skipped" and out.status == "decided" and not out.error
    case = repo.get_case(case_store, case_id)
    assert case.status == "decided" and case.last_error is None


def test_the_same_failure_twice_is_held_and_shown(case_store, case_id, monkeypatch):
    from pipeline import process

    def broken(packet, opts):
        raise RuntimeError("读取失败：某种一再发生的错误")

    monkeypatch.setattr(process, "run_packet", broken)
    first = work.process_case(case_store, case_id)
    assert first.action == "failed"
    assert work.plan_reprocess(case_store).to_process == [case_id]  # one failure: tried again
    second = work.process_case(case_store, case_id, reason="夜间重新处理")
    assert second.action == "failed"
    plan = work.plan_reprocess(case_store)
    assert plan.to_process == [] and [h.case_id for h in plan.held] == [case_id]
    assert "连续 2 次同样失败" in plan.held[0].error and "某种一再发生的错误" in plan.held[0].error
    third = work.process_case(case_store, case_id, reason="夜间重新处理")
    assert third.action == "held"  # intake or a nightly run does not try it again
    with case_store.session() as s:
        assert s.query(ProcessingAttempt).filter_by(case_id=case_id, outcome="started").count() == 2
    assert work.plan_reprocess(case_store, force=True).to_process == [case_id]  # the operator can force it
    monkeypatch.undo()
    assert work.process_case(case_store, case_id, force=True).action == "drafted"
    assert work.plan_reprocess(case_store).held == []


def test_interrupted_attempts_count_as_failures(case_store, case_id):
    fp = repo.pending_inputs(case_store, [case_id])[0].fingerprint
    repo.begin_processing(case_store, case_id, fp)  # killed here
    repo.begin_processing(case_store, case_id, fp)  # and again
    with case_store.session() as s, s.begin():  # the second start is old: nobody is working on it any more
        s.execute(update(ProcessingAttempt).values(at=utcnow() - timedelta(hours=2)))
    holds = repo.failure_holds(case_store, {case_id: fp})
    assert case_id in holds and repo.INTERRUPTED in holds[case_id].text
    assert repo.failure_holds(case_store, {case_id: "other inputs"}) == {}  # new code or files: tried again


def test_cases_shows_a_held_case(tmp_path, monkeypatch, capsys):
    import argparse

    from flows.commands import cmd_cases
    from pipeline import process
    from pipeline.store import default_store

    monkeypatch.setenv("JINSHAN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("JINSHAN_STORE_URL", raising=False)
    store = default_store()
    d = tmp_path / "inbox" / "p02-text"
    d.mkdir(parents=True)
    for name in TEXT_LAYER:
        shutil.copy(P02 / name, d / name)
    cid = work.register_packet(store, d, as_of=AS_OF, period=PERIOD).case_id

    def broken(packet, opts):
        raise RuntimeError("同一个错误")

    monkeypatch.setattr(process, "run_packet", broken)
    work.process_case(store, cid)
    work.process_case(store, cid)
    assert cmd_cases(argparse.Namespace(pending=True)) == 0
    out = capsys.readouterr().out
    assert cid in out and "连续 2 次同样失败" in out and "同一个错误" in out and "1 held" in out
