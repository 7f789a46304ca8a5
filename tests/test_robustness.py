"""Every bad upload gets a clear answer and nothing is lost: the corpus of tests/badfiles.py through intake,
reading, `process` (exit status) and the case store."""

import io
import json
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from models.draft import Period
from pipeline import intake
from pipeline.intake import IntakeError, open_packet
from pipeline.process import ProcessOptions, read_packet, run_packet
from tests.badfiles import cert_pdf, check_outcomes, write_bad_corpus
from tests.conftest import ROOT

AS_OF = ["--as-of", "2026-03-31", "--period", "2025-01-01..2025-12-31"]


def _opts(use_ocr=False):
    return ProcessOptions(as_of=date(2026, 3, 31), period=Period(start=date(2025, 1, 1), end=date(2025, 12, 31)),
                          use_ocr=use_ocr)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_bad_corpus(tmp_path_factory.mktemp("bad") / "corpus")


def test_corpus_has_at_least_30_bad_files(corpus):
    bad = [c for cases in corpus.values() for c in cases if c.expect in ("error", "partial")]
    assert len(bad) >= 30
    assert all(c.keyword for c in bad)


def test_every_upload_gets_its_outcome_and_reason(corpus):
    for path, cases in corpus.items():
        read = read_packet(open_packet(path), _opts())
        assert check_outcomes([r.model_dump() for r in read.records], cases, use_ocr=False) == []


def test_the_rest_of_the_packet_is_processed(corpus):
    folder = next(p for p in corpus if p.is_dir())
    draft = run_packet(open_packet(folder), _opts()).draft
    types = {d.file: d.type for d in draft.documents if d.status == "ok"}
    assert types["01-质量管理体系认证证书.pdf"] == "certification"
    assert types["50-上传.zip/营业执照.pdf"] == "business_licence"
    assert draft.applicant.name  # read from the licence beside the bad files
    assert any("未能完整读取" in f for f in draft.flags)


@pytest.fixture(scope="module")
def processed(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cmd = [sys.executable, "-m", "pipeline", "process", *map(str, corpus), "--out", str(out), "--strict",
           "--no-ocr", "--format", "json", *AS_OF]
    return out, subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_process_strict_over_the_corpus_exits_1_and_accounts_for_every_file(corpus, processed):
    out, done = processed
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for path, cases in corpus.items():
        draft = json.loads((out / intake.packet_id_for(path) / "review.json").read_text(encoding="utf-8"))
        assert check_outcomes(draft["documents"], cases, use_ocr=False) == []


def test_process_exit_status(tmp_path, corpus):
    good = tmp_path / "good"
    good.mkdir()
    (good / "证书.pdf").write_bytes(cert_pdf())
    not_a_packet = tmp_path / "note.txt"
    not_a_packet.write_text("hello")

    def run(*args):
        cmd = [sys.executable, "-m", "pipeline", "process", *map(str, args), "--out", str(tmp_path / "o"),
               "--no-ocr", "--format", "json", *AS_OF]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)

    folder = next(p for p in corpus if p.is_dir())
    assert run(folder).returncode == 0  # failed documents are in the draft; without --strict that is success
    assert run(good, "--strict").returncode == 0
    done = run(good, not_a_packet)
    assert done.returncode == 2 and "须为文件夹或 .zip" in done.stderr  # a packet failed as a whole
    assert (tmp_path / "o" / "good" / "review.json").exists()  # the other packet still processed


def test_bad_corpus_script_prints_the_table(tmp_path):
    done = subprocess.run([sys.executable, "scripts/bad_corpus.py", "--no-ocr", "--quick", "--dir", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]  # documents failed, all as expected
    assert "MISMATCH" not in done.stdout
    assert "10-加密.pdf" in done.stdout and "PDF 已加密" in done.stdout
    assert "process --strict exited 1" in done.stdout


def test_store_intake_keeps_every_file(corpus, tmp_path):
    """The case store's intake (register → process_case) over the corpus: every upload in the stored draft."""
    pytest.importorskip("sqlalchemy")
    store_mod = pytest.importorskip("pipeline.store")
    from pipeline.store import repo, work

    store = store_mod.open_store(f"sqlite:///{tmp_path / 'cases.db'}", tmp_path / "data")
    period = Period(start=date(2025, 1, 1), end=date(2025, 12, 31))
    try:
        for path, cases in corpus.items():
            reg = work.register_packet(store, path, as_of=date(2026, 3, 31), period=period)
            assert reg.case_id, reg.error
            done = work.process_case(store, reg.case_id)
            assert not done.error, done.error
            draft = repo.current_draft(store, reg.case_id)
            assert check_outcomes(draft["documents"], cases, use_ocr=True) == []
    finally:
        store.dispose()


# --- zips built one limit at a time --------------------------------------------------------------------------

def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def test_total_uncompressed_size_across_entries_is_limited(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "MAX_ZIP_TOTAL_BYTES", 250_000)
    pdf = cert_pdf()
    entries = [(f"{i}.pdf", pdf + b"%" + bytes([i]) * 100_000) for i in range(4)]
    z = tmp_path / "p.zip"
    z.write_bytes(_zip(entries, zipfile.ZIP_STORED))
    files = open_packet(z).files
    assert [f.error is None for f in files] == [True, True, False, False]
    assert "压缩炸弹" in files[2].error


def test_zip_inside_a_folder_packet_is_unpacked_with_the_same_limits(tmp_path):
    (tmp_path / "a.pdf").write_bytes(cert_pdf())
    (tmp_path / "more.zip").write_bytes(_zip([("b.pdf", cert_pdf("乙")), ("../c.pdf", cert_pdf("丙"))]))
    files = {f.name: f for f in open_packet(tmp_path).files}
    assert files["more.zip/b.pdf"].media_type == "application/pdf" and files["more.zip/b.pdf"].error is None
    assert "路径不安全" in files["more.zip/../c.pdf"].error


@pytest.mark.parametrize("cut", [10, 30, 46])
def test_corrupt_zip_packet_is_a_reason_not_a_crash(tmp_path, cut):
    good = _zip([("a.pdf", cert_pdf()), ("b.pdf", cert_pdf("乙"))])
    z = tmp_path / "p.zip"
    cd = good.find(b"PK\x01\x02")
    z.write_bytes(good[:cd + cut] + b"\xff" * 16 + good[cd + cut + 16:])  # central directory garbled
    try:
        files = open_packet(z).files
    except IntakeError as exc:
        assert "压缩包" in str(exc)
        return
    assert files and all(f.error or f.data for f in files)


def test_only_os_junk_is_skipped(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "._a.pdf").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"ref")
    (tmp_path / ".营业执照.pdf").write_bytes(cert_pdf())
    assert [f.name for f in open_packet(tmp_path).files] == [".营业执照.pdf"]


def test_a_zip_holding_a_stored_pdf_is_a_zip_not_a_pdf():
    from pipeline.sniff import sniff

    stored = _zip([("a.pdf", cert_pdf())], zipfile.ZIP_STORED)  # "%PDF-" within its first kilobyte
    assert sniff(stored)[0] == "application/zip"
    assert sniff(b"\r\n junk before the header\n" + cert_pdf()) == ("application/pdf", None)
