"""The case store on SQLite and on a real PostgreSQL server: registering, drafts, reviewer decisions, ledger."""

from __future__ import annotations

import json
import shutil
import stat
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models.draft import Period
from pipeline.intake import open_packet
from pipeline.store import repo, work
from pipeline.store.originals import get_original, original_path
from pipeline.store.schema import AuditEntry, Case, CaseFile, ClaimDecision, LedgerEntry

ROOT = Path(__file__).resolve().parents[1]
P02 = ROOT / "samples" / "packets" / "p02-standards"
TEXT_LAYER = ["DB31T1588.pdf", "GB_T_46012-2025.pdf", "公共信用信息报告.pdf"]  # read without OCR
AS_OF, PERIOD = date(2026, 3, 31), Period(start=date(2025, 1, 1), end=date(2025, 12, 31))


@pytest.fixture
def packet_dir(tmp_path) -> Path:
    d = tmp_path / "inbox" / "p02-text"
    d.mkdir(parents=True)
    for name in TEXT_LAYER:
        shutil.copy(P02 / name, d / name)
    return d


def _register(st, path):
    return work.register_packet(st, path, as_of=AS_OF, period=PERIOD)


def _people(st) -> None:
    """初审 张三 and 王五, 复核 李四 (the reviewer side checks roles in the users table)."""
    from pipeline.store import accounts

    for name, role, pw in (("张三", "reviewer", "zhang-secret-2026"), ("李四", "checker", "li-secret-2026!"),
                           ("王五", "reviewer", "wang-secret-2026")):
        accounts.create_user(st, name, pw, role=role)


def _review_and_sign(st, cid, *, first="张三", second="李四", total=None) -> None:
    """初审 decides what is not decided yet (accepting), confirms eligibility, submits; 复核 confirms and signs."""
    from pipeline.store import reviewing
    from pipeline.store.diff import claim_keys

    draft = repo.current_draft(st, cid)
    done = repo.claim_decisions(st, cid)
    for key, c in zip(claim_keys(draft["claims"]), draft["claims"]):
        if key not in done:
            if c["amount_yuan"]:
                reviewing.decide_claim(st, cid, key, "accept", reviewer=first)
            else:
                reviewing.decide_claim(st, cid, key, "reject", reviewer=first, reason="不符合")
    reviewing.decide_eligibility(st, cid, "eligible", "已核对营业执照原件，住所在金山区", reviewer=first)
    reviewing.submit(st, cid, reviewer=first)
    for key in [*repo.claim_decisions(st, cid), reviewing.ELIGIBILITY]:
        reviewing.check(st, cid, key, "confirm", None, checker=second)
    reviewing.sign_off(st, cid, checker=second, total_yuan=total if total is not None else draft["total_yuan"])


def test_register_is_idempotent_and_originals_are_read_only(case_store, packet_dir):
    first = _register(case_store, packet_dir)
    again = _register(case_store, packet_dir)
    renamed = packet_dir.with_name("another-folder-name")
    shutil.copytree(packet_dir, renamed)
    third = _register(case_store, renamed)
    assert first.action == "registered" and again.action == third.action == "existing"
    assert first.case_id == again.case_id == third.case_id
    with case_store.session() as s:
        assert s.query(Case).count() == 1
        rows = s.scalars(select(CaseFile).order_by(CaseFile.position)).all()
    assert [r.name for r in rows] == sorted(TEXT_LAYER)
    for r in rows:
        p = original_path(case_store.originals_dir, r.sha256)
        assert stat.S_IMODE(p.stat().st_mode) == 0o400
        assert stat.S_IMODE(p.parent.stat().st_mode) == 0o700
        assert get_original(case_store.originals_dir, r.sha256) == (packet_dir / r.name).read_bytes()


def test_different_content_is_a_different_case(case_store, packet_dir):
    a = _register(case_store, packet_dir)
    with open(packet_dir / TEXT_LAYER[0], "ab") as fh:
        fh.write(b"\n%another upload\n")
    b = _register(case_store, packet_dir)
    assert a.case_id != b.case_id and b.action == "registered"


def test_a_bad_packet_is_an_outcome_not_an_exception(case_store, tmp_path):
    bad = tmp_path / "not-a-packet.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    out = _register(case_store, bad)
    assert out.action == "failed" and out.error


def test_concurrent_registration_creates_one_case(case_store, packet_dir):
    outs = []
    threads = [threading.Thread(target=lambda: outs.append(_register(case_store, packet_dir))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({o.case_id for o in outs}) == 1
    assert sum(o.action == "registered" for o in outs) == 1
    with case_store.session() as s:
        assert s.query(Case).count() == 1


def test_process_then_unchanged_then_status_flow(case_store, packet_dir):
    cid = _register(case_store, packet_dir).case_id
    out = work.process_case(case_store, cid)
    assert out.action == "drafted" and out.version == 1 and out.status == "drafted", out
    assert out.claims >= 1 and out.total_yuan > 0
    draft = repo.current_draft(case_store, cid)
    assert draft["total_yuan"] == out.total_yuan
    assert work.process_case(case_store, cid).action == "unchanged"
    assert work.plan_reprocess(case_store).to_process == []
    forced = work.process_case(case_store, cid, force=True)
    assert forced.action == "unchanged" and forced.version == 1  # same draft: no new version
    assert len(repo.draft_versions(case_store, cid)) == 1

    key = f"art{draft['claims'][0]['article']}/"
    keys = [k for k in __import__("pipeline.store.diff", fromlist=["claim_keys"]).claim_keys(draft["claims"])]
    assert keys[0].startswith(key)
    _people(case_store)
    repo.record_claim_decision(case_store, cid, keys[0], "adjust", reviewer="张三", amount_yuan=100000,
                               reason="核减")
    assert repo.get_case(case_store, cid).status == "in_review"
    assert repo.get_case(case_store, cid).assignee == "张三"  # the first decision takes the case
    repo.add_note(case_store, cid, "请补充原件", author="张三")
    _review_and_sign(case_store, cid, total=100000)
    case = repo.get_case(case_store, cid)
    assert case.status == "decided"
    assert [r.id for r in repo.list_cases(case_store, pending=True)] == []
    with pytest.raises(repo.CaseStateError):
        repo.record_claim_decision(case_store, cid, keys[0], "accept", reviewer="王五")
    assert work.process_case(case_store, cid).action == "skipped"
    with case_store.session() as s:
        ledger = s.scalars(select(LedgerEntry)).all()
        actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.case_id == cid)
                                               .order_by(AuditEntry.id))]
    assert [(e.uscc, e.year, e.amount_yuan, e.case_id, e.kind, e.author) for e in ledger] == [
        (case.applicant_uscc, 2025, 100000, cid, "grant", "李四")]
    n = len(keys)
    assert actions == (["draft", "assign", "claim_decision", "note"] + ["claim_decision"] * (n - 1)
                       + ["eligibility_override", "submit", "assign"] + ["check"] * (n + 1) + ["sign_off"])


def test_new_version_with_diff_when_inputs_change_and_decisions_survive(case_store, packet_dir, monkeypatch):
    cid = _register(case_store, packet_dir).case_id
    work.process_case(case_store, cid)
    draft = repo.current_draft(case_store, cid)
    from pipeline.store.diff import claim_keys

    key = claim_keys(draft["claims"])[0]
    _people(case_store)
    repo.record_claim_decision(case_store, cid, key, "reject", reviewer="张三", reason="证书过期")
    repo.set_eligibility_override(case_store, cid, "eligible", "已核对营业执照原件，住所在金山区", reviewer="张三")
    before = {k: (d.decision, d.amount_yuan, d.reason, d.decided_by, d.draft_version)
              for k, d in repo.claim_decisions(case_store, cid).items()}

    # Another grant to the same organisation this year: the annual cap reads the ledger, so the inputs changed.
    uscc = repo.get_case(case_store, cid).applicant_uscc
    repo.add_ledger_entry(case_store, uscc, 2025, 900000, note="本年度已获其他奖励")
    plan = work.plan_reprocess(case_store)
    assert plan.to_process == [cid]
    out = work.process_case(case_store, cid, reason="夜间重新处理")
    assert out.action == "drafted" and out.version == 2
    assert any("建议支持总额" in line for line in out.diff), out.diff
    versions = repo.draft_versions(case_store, cid)
    assert [v.version for v in versions] == [1, 2] and json.loads(versions[1].diff) == out.diff
    after = {k: (d.decision, d.amount_yuan, d.reason, d.decided_by, d.draft_version)
             for k, d in repo.claim_decisions(case_store, cid).items()}
    assert after == before
    assert repo.get_case(case_store, cid).status == "in_review"  # a new draft does not undo the review


def test_catalog_or_code_change_makes_every_pending_case_stale(case_store, packet_dir, monkeypatch):
    cid = _register(case_store, packet_dir).case_id
    work.process_case(case_store, cid)
    assert work.plan_reprocess(case_store).to_process == []
    import pipeline.store.repo as r

    monkeypatch.setattr(r, "catalog_version", lambda: "jinshan-quality-2025@next")
    assert work.plan_reprocess(case_store).to_process == [cid]
    monkeypatch.undo()
    monkeypatch.setattr(r, "code_version", lambda: "0.2.0+changed")
    assert work.plan_reprocess(case_store).to_process == [cid]


def test_failure_is_recorded_and_retried(case_store, packet_dir, monkeypatch):
    cid = _register(case_store, packet_dir).case_id
    import pipeline.process as process

    def boom(*a, **k):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(process, "run_packet", boom)
    out = work.process_case(case_store, cid)
    assert out.action == "failed" and "磁盘已满" in out.error
    case = repo.get_case(case_store, cid)
    assert case.status == "received" and case.attempts == 1 and "磁盘已满" in case.last_error
    monkeypatch.undo()
    assert work.plan_reprocess(case_store).to_process == [cid]
    assert work.process_case(case_store, cid).action == "drafted"
    assert repo.get_case(case_store, cid).last_error is None


def test_ledger_excludes_the_case_own_entry(case_store, packet_dir):
    cid = _register(case_store, packet_dir).case_id
    work.process_case(case_store, cid)
    uscc = repo.get_case(case_store, cid).applicant_uscc
    repo.add_ledger_entry(case_store, uscc, 2025, 200000)
    _people(case_store)
    _review_and_sign(case_store, cid, total=50000)
    with case_store.session() as s:
        assert repo.ledger_granted(s, uscc, 2025) == 250000
        assert repo.ledger_granted(s, uscc, 2025, exclude_case=cid) == 200000
        assert repo.ledger_granted(s, uscc, 2024) == 0


def test_migrations_match_the_models(case_store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pipeline.store.schema import Base

    with case_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_load_packet_gives_back_the_same_files(case_store, packet_dir):
    cid = _register(case_store, packet_dir).case_id
    again = repo.load_packet(case_store, cid)
    orig = open_packet(packet_dir)
    assert [(f.name, f.sha256, f.media_type) for f in again.files] == \
        [(f.name, f.sha256, f.media_type) for f in orig.files]


def test_find_packets_in_a_folder_and_in_a_zip(tmp_path, packet_dir):
    import zipfile

    inbox = packet_dir.parent
    shutil.copytree(packet_dir, inbox / "second")
    (inbox / ".DS_Store").write_bytes(b"")
    assert [p.name for p in work.find_packets(inbox)] == ["p02-text", "second"]
    z = tmp_path / "inbox.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted(inbox.rglob("*.pdf")):
            zf.write(f, "inbox/" + f.relative_to(inbox).as_posix())
    found = work.find_packets(z, unpack_to=tmp_path / "unpacked")
    assert [p.name for p in found] == ["p02-text", "second"]
    assert open_packet(found[0]).files[0].sha256 == open_packet(packet_dir).files[0].sha256
    assert work.find_packets(packet_dir) == [packet_dir]  # one packet given as the inbox


def test_unreadable_uploads_are_kept_and_come_back_with_their_reason(case_store, packet_dir):
    (packet_dir / "说明.docx").write_bytes(b"PK\x03\x04" + b"[Content_Types].xml" + b"\0" * 40)
    (packet_dir / "空文件.pdf").write_bytes(b"")
    (packet_dir / "备注.txt").write_bytes("随便写的说明".encode())
    orig = open_packet(packet_dir)
    cid = _register(case_store, packet_dir).case_id
    again = repo.load_packet(case_store, cid)
    assert [(f.name, f.sha256, f.media_type, f.error) for f in again.files] == \
        [(f.name, f.sha256, f.media_type, f.error) for f in orig.files]
    assert sum(1 for f in again.files if f.error) == 3
    out = work.process_case(case_store, cid)
    assert out.action == "drafted" and out.failed_documents == 3
