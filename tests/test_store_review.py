"""Four eyes in the case store (SQLite and PostgreSQL): 初审 decides and submits, another person's 复核 confirms
or returns and signs; administrators neither decide nor sign; assignment; stale pages refused with what changed;
reopening with a reversal entry; ledger corrections as entries; rounds; duplicates across cases; the 0002 → 0004
migration keeps what was there."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from sqlalchemy import select

from models.draft import ReviewDraft
from pipeline.store import accounts, ledger, marks, repo, reviewing, rounds, work
from pipeline.store.diff import claim_keys
from pipeline.store.schema import LedgerEntry
from tests.test_store import AS_OF, P02, PERIOD, TEXT_LAYER, _people, _register, packet_dir  # noqa: F401

E = reviewing.ELIGIBILITY
GOOD = "已核对营业执照原件，住所在金山区"


@pytest.fixture
def case(case_store, packet_dir):  # noqa: F811
    cid = _register(case_store, packet_dir).case_id
    work.process_case(case_store, cid)
    _people(case_store)
    accounts.create_user(case_store, "管理员", "admin-secret-2026", role="admin")
    accounts.create_user(case_store, "赵六", "zhao-secret-2026", role="checker")
    return case_store, cid


def _keys(st, cid):
    return claim_keys(repo.current_draft(st, cid)["claims"])


def _decide_all(st, cid, who="张三"):
    for k in _keys(st, cid):
        reviewing.decide_claim(st, cid, k, "accept", reviewer=who)
    reviewing.decide_eligibility(st, cid, "eligible", GOOD, reviewer=who)


def test_the_one_who_decided_cannot_sign_and_admins_decide_nothing(case):
    st, cid = case
    k = _keys(st, cid)
    with pytest.raises(reviewing.NotAllowed, match="管理员不能"):
        reviewing.decide_claim(st, cid, k[0], "accept", reviewer="管理员")
    # submission needs every claim and the eligibility decided
    reviewing.decide_claim(st, cid, k[0], "accept", reviewer="张三")
    with pytest.raises(reviewing.CaseStateError, match="尚不能提交复核"):
        reviewing.submit(st, cid, reviewer="张三")
    _decide_all(st, cid)
    reviewing.submit(st, cid, reviewer="张三")
    assert repo.get_case(st, cid).status == "submitted"
    with pytest.raises(reviewing.CaseStateError, match="已提交复核"):
        reviewing.decide_claim(st, cid, k[0], "reject", reviewer="张三", reason="改主意了，再核对")
    # 张三 is a reviewer: no 复核 at all; a checker who decided a claim cannot confirm either
    with pytest.raises(reviewing.NotAllowed):
        reviewing.check(st, cid, k[0], "confirm", None, checker="张三")
    with pytest.raises(reviewing.NotAllowed):
        reviewing.sign_off(st, cid, checker="管理员", total_yuan=1)
    with pytest.raises(reviewing.CaseStateError, match="尚不能签署"):
        reviewing.sign_off(st, cid, checker="李四", total_yuan=1)
    for t in [*k, E]:
        reviewing.check(st, cid, t, "confirm", None, checker="李四")
    with pytest.raises(reviewing.NotAllowed, match="由 李四 复核"):  # 复核 is taken by the first checker
        reviewing.sign_off(st, cid, checker="赵六", total_yuan=1)
    reviewing.sign_off(st, cid, checker="李四", total_yuan=320000, lines=[{"claim_key": k[0], "granted": 320000}])
    so = reviewing.current_signoff(st, cid)
    assert (so.prepared_by, so.signed_by, so.total_yuan) == ("张三", "李四", 320000)


def test_a_checker_doing_first_review_cannot_check_the_same_case(case):
    st, cid = case
    _decide_all(st, cid, who="李四")  # checkers may do 初审 …
    reviewing.submit(st, cid, reviewer="李四")
    with pytest.raises(reviewing.NotAllowed, match="参与了本案件的初审"):  # … but not 复核 of the same case
        reviewing.check(st, cid, E, "confirm", None, checker="李四")
    reviewing.check(st, cid, E, "confirm", None, checker="赵六")


def test_assignment_others_read_but_do_not_decide(case):
    st, cid = case
    k = _keys(st, cid)
    with pytest.raises(reviewing.NotAllowed, match="只有管理员"):
        reviewing.assign(st, cid, "王五", actor="张三")
    reviewing.assign(st, cid, "王五", actor="管理员")
    with pytest.raises(reviewing.NotAllowed, match="由 王五 初审"):
        reviewing.decide_claim(st, cid, k[0], "accept", reviewer="张三")
    with pytest.raises(reviewing.NotAllowed, match="已由 王五 领取"):
        reviewing.assign(st, cid, "张三", actor="张三")
    reviewing.decide_claim(st, cid, k[0], "accept", reviewer="王五")
    with pytest.raises(reviewing.NotAllowed, match="不是复核人员"):
        reviewing.assign(st, cid, "王五", actor="管理员", role="checker")
    reviewing.assign(st, cid, "李四", actor="管理员", role="checker")
    with pytest.raises(reviewing.NotAllowed, match="复核人，不能同时"):
        reviewing.assign(st, cid, "李四", actor="管理员")


def test_a_decision_from_an_older_page_is_refused_with_what_changed(case):
    st, cid = case
    k = _keys(st, cid)
    seen = repo.get_case(st, cid).revision
    reviewing.decide_claim(st, cid, k[0], "adjust", reviewer="张三", amount_yuan=1000, reason="核减，依据起草排名",
                           seen_rev=seen)
    with pytest.raises(reviewing.StaleError) as err:  # the second tab still shows revision `seen`
        reviewing.decide_claim(st, cid, k[0], "accept", reviewer="张三", seen_rev=seen)
    changes = err.value.changes  # taking the case, then the decision
    assert [(c.action, c.target) for c in changes] == [("assign", "assignee"), ("claim_decision", k[0])]
    assert json.loads(changes[1].after)["amount_yuan"] == 1000
    assert repo.claim_decisions(st, cid)[k[0]].decision == "adjust"
    assert repo.claim_decisions(st, cid)[k[0]].case_rev == seen


def test_overriding_a_failed_article_3_check_needs_substance_twice(case):
    st, cid = case
    draft = repo.current_draft(st, cid)
    draft["eligibility"] = {"status": "ineligible", "checks": [
        {"rule": "credit_no_serious_dishonesty", "article": 3, "status": "fail", "reason": "信用报告列有严重失信记录",
         "evidence": []}]}
    repo.save_draft(st, cid, ReviewDraft.model_validate(draft), fingerprint="f" * 64, reason="测试")
    with pytest.raises(reviewing.CaseStateError, match="推翻第三条"):
        reviewing.decide_eligibility(st, cid, "eligible", "x", reviewer="张三")
    for k in _keys(st, cid):
        reviewing.decide_claim(st, cid, k, "accept", reviewer="张三")
    reviewing.decide_eligibility(st, cid, "eligible", "信用报告所列严重失信记录已于2025年6月移出名单，见移出决定书",
                                 reviewer="张三")
    reviewing.submit(st, cid, reviewer="张三")
    with pytest.raises(reviewing.CaseStateError, match="确认推翻第三条"):
        reviewing.check(st, cid, E, "confirm", "同意", checker="李四")
    reviewing.check(st, cid, E, "confirm", "已核对移出严重失信名单决定书原件，日期在审核基准日前", checker="李四")


def test_return_then_decide_again_then_sign(case):
    st, cid = case
    k = _keys(st, cid)
    _decide_all(st, cid)
    reviewing.submit(st, cid, reviewer="张三")
    reviewing.check(st, cid, E, "confirm", None, checker="李四")
    with pytest.raises(reviewing.CaseStateError, match="退回理由"):
        reviewing.check(st, cid, k[0], "return", "x", checker="李四")
    reviewing.check(st, cid, k[0], "return", "起草单位排名未核实，请补充标准前言页", checker="李四")
    reviewing.return_case(st, cid, checker="李四")
    assert repo.get_case(st, cid).status == "in_review"
    with pytest.raises(reviewing.CaseStateError, match="复核已退回"):
        reviewing.submit(st, cid, reviewer="张三")
    reviewing.decide_claim(st, cid, k[0], "adjust", reviewer="张三", amount_yuan=10000, reason="按参与起草核减")
    reviewing.submit(st, cid, reviewer="张三")
    # the eligibility confirmation stands; the re-decided claim needs 复核 again
    assert reviewing.current_signoff(st, cid) is None
    for t in k:
        reviewing.check(st, cid, t, "confirm", None, checker="李四")
    reviewing.sign_off(st, cid, checker="李四", total_yuan=310000)
    assert repo.get_case(st, cid).status == "decided"


def test_reopen_reverses_the_ledger_entry_and_corrections_are_entries(case):
    st, cid = case
    _decide_all(st, cid)
    reviewing.submit(st, cid, reviewer="张三")
    for t in [*_keys(st, cid), E]:
        reviewing.check(st, cid, t, "confirm", None, checker="李四")
    reviewing.sign_off(st, cid, checker="李四", total_yuan=320000)
    uscc = repo.get_case(st, cid).applicant_uscc
    with pytest.raises(reviewing.NotAllowed):
        reviewing.reopen(st, cid, admin="李四", reason="金额有误需要重新核定，见财政复核意见")
    with pytest.raises(reviewing.CaseStateError, match="重新打开的理由"):
        reviewing.reopen(st, cid, admin="管理员", reason="x")
    assert reviewing.reopen(st, cid, admin="管理员", reason="财政复核发现国家标准排名有误，需重新核定") == 320000
    case = repo.get_case(st, cid)
    assert case.status == "in_review" and case.submitted_by is None
    with st.session() as s:
        rows = s.scalars(select(LedgerEntry).order_by(LedgerEntry.id)).all()
        assert [(e.kind, e.amount_yuan, e.author) for e in rows] == [("grant", 320000, "李四"),
                                                                     ("reversal", -320000, "管理员")]
        assert rows[1].corrects_id == rows[0].id and "排名有误" in rows[1].reason
        assert ledger.granted(s, uscc, 2025) == 0
    history = reviewing.signoffs(st, cid)
    assert len(history) == 1 and history[0].revoked_by == "管理员" and reviewing.current_signoff(st, cid) is None
    # signed again: a second sign-off row, a second grant
    reviewing.submit(st, cid, reviewer="张三")
    for t in [*_keys(st, cid), E]:
        reviewing.check(st, cid, t, "confirm", None, checker="李四")
    reviewing.sign_off(st, cid, checker="李四", total_yuan=300000)
    grant = max(e.id for e in ledger.entries(st) if e.kind == "grant")
    with pytest.raises(ledger.LedgerError, match="更正理由"):
        ledger.add_correction(st, grant, -10000, "x", author="管理员")
    ledger.add_correction(st, grant, -10000, "财政拨付时扣减已享受的同类政策资金 1 万元", author="管理员")
    with st.session() as s:
        assert ledger.granted(s, uscc, 2025) == 290000
    kinds = [(e.kind, e.amount_yuan) for e in reversed(ledger.entries(st))]
    assert kinds == [("grant", 320000), ("reversal", -320000), ("grant", 300000), ("correction", -10000)]
    assert ledger.by_org_and_year(st)[uscc] == {2025: 290000}


def test_intake_into_a_round_and_duplicates_flag_both_cases(case_store, packet_dir, tmp_path):  # noqa: F811
    r25 = rounds.create_round(case_store, "2025年度质量发展专项资金（第一批）", period_start=PERIOD.start,
                              period_end=PERIOD.end, review_date=AS_OF, deadline=date(2026, 4, 30), actor="管理员")
    with pytest.raises(rounds.RoundError, match="已存在"):
        rounds.create_round(case_store, r25.name, period_start=PERIOD.start, period_end=PERIOD.end,
                            review_date=AS_OF, deadline=date(2026, 4, 30))
    a = work.register_packet(case_store, packet_dir, round_id=r25.id)
    c = repo.get_case(case_store, a.case_id)
    assert (c.round_id, c.as_of, c.period_start) == (r25.id, AS_OF, PERIOD.start)
    # the next year's packet re-uses one original and claims the same standard
    other = tmp_path / "inbox2" / "p02-next"
    other.mkdir(parents=True)
    for name in TEXT_LAYER[:2]:
        shutil.copy(P02 / name, other / name)
    r26 = rounds.create_round(case_store, "2026年度", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                              review_date=date(2027, 3, 31), deadline=date(2027, 4, 30))
    b = work.register_packet(case_store, other, round_id=r26.id)
    work.process_case(case_store, a.case_id)
    work.process_case(case_store, b.case_id)
    dup_a, dup_b = marks.duplicates(case_store, a.case_id), marks.duplicates(case_store, b.case_id)
    assert {d.other_case for d in dup_a} == {b.case_id} and {d.other_case for d in dup_b} == {a.case_id}
    assert {d.kind for d in dup_a} >= {"file", "standard"}
    assert {d.other_round for d in dup_a} == {"2026年度"} and {d.other_year for d in dup_b} == {2025}
    with case_store.session() as s:
        assert marks.duplicate_counts(s, [a.case_id, b.case_id]) == {a.case_id: 1, b.case_id: 1}

    # the queue's query and the round's report on this database too
    from pipeline.web import queries
    from pipeline.web.round_report import budget_rows, collect

    page = queries.queue(case_store, queries.QueueFilter.of(status="all", flags="dup"), page_size=1)
    assert (page.total, page.pages, len(page.rows)) == (2, 2, 1)
    assert page.rows[0].deadline == date(2026, 4, 30) and page.rows[0].duplicates == 1  # nearest deadline first
    assert queries.queue(case_store, queries.QueueFilter.of(round=str(r26.id))).total == 1
    assert queries.queue(case_store, queries.QueueFilter.of(q="P02", assignee="none")).total == 2  # packet names, any case
    results = collect(case_store, r25.id)
    assert len(results) == 1 and not results[0].signed
    assert sum(r["applied"] for r in budget_rows(results)) == sum(
        c["amount_yuan"] for c in repo.current_draft(case_store, a.case_id)["claims"])


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_migration_0004_keeps_sign_offs_and_ledger(tmp_path, db, request):
    """A store made at 0002 with a signed-off case and a ledger row, upgraded: nothing lost, ids go on."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from pipeline.store.config import normalise_url
    from pipeline.store.db import alembic_config
    from tests.pg_fixtures import new_database

    url = f"sqlite:///{tmp_path / 'old.db'}" if db == "sqlite" else new_database(request.getfixturevalue("pg_server"))
    engine = create_engine(normalise_url(url))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_web_accounts")
        conn.execute(text("INSERT INTO cases (id, packet_name, status, as_of, period_start, period_end, "
                          "current_version, attempts, created_at, updated_at) VALUES ('c1', 'p', 'decided', "
                          "'2026-03-31', '2025-01-01', '2025-12-31', 1, 1, '2026-04-01', '2026-04-01')"))
        conn.execute(text("INSERT INTO sign_offs VALUES ('c1', 1, 500, 'zhang', '2026-04-02', '同意')"))
        conn.execute(text("INSERT INTO ledger (uscc, year, amount_yuan, case_id, note, created_at) VALUES "
                          "('913101', 2025, 500, 'c1', 'n', '2026-04-02'), ('913101', 2025, 7, NULL, 'p', '2026-01-01')"))
    engine.dispose()
    from pipeline.store import open_store

    st = open_store(url, tmp_path / "data")
    so = reviewing.current_signoff(st, "c1")
    assert (so.prepared_by, so.signed_by, so.total_yuan, so.note) == ("zhang", "zhang", 500, "同意")
    assert sorted((e.kind, e.amount_yuan) for e in ledger.entries(st)) == [("external", 7), ("grant", 500)]
    new = ledger.add_external(st, "913101", 2025, 3, author="cli")
    assert new == 3
    with st.session() as s:
        assert ledger.granted(s, "913101", 2025) == 510
    st.dispose()
