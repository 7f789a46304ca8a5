"""Personal data stays out of logs and error messages; drafts are owner-only.

The end-to-end test runs `process` at DEBUG over sample p09 (an ID card and a personal credit report) and the
bad-upload corpus (an ID number in a file name, a credit report with an ID and phone numbers) and greps the log,
stderr and every error text in the drafts. Checked by hand once: with `mask` replaced by the identity in
pipeline/privacy.py, this test fails on 310228198506122416, 31022819900101002X and 13916881234.
"""

import io
import json
import logging
import re
import stat
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.privacy import ID_NUMBER, MOBILE, JsonFormatter, KeyValueFormatter, MaskingFilter, mask, mask_obj
from tests.badfiles import ID_IN_NAME, PERSON_ID, PERSON_MOBILE, write_bad_corpus
from tests.conftest import ROOT, SAMPLES

HEX_RUN = re.compile(r"[0-9a-fA-F]{32,}")


def leaks(text: str) -> list[str]:
    """ID-card and mobile numbers in `text` (hex digests, which may contain such digit runs, are not looked at)."""
    text = HEX_RUN.sub(" ", text)
    return ID_NUMBER.findall(text) + MOBILE.findall(text)


@pytest.mark.parametrize("text, expected", [
    ("公民身份号码 310228198506122416", "公民身份号码 310228********2416"),
    ("身份证件号码：310228********2416", "身份证件号码：310228********2416"),
    ("号码 3102281985****2416", "号码 310228********2416"),
    ("310228 1985 0612 2416", "310228********2416"),
    ("ID 31022819850612241X,", "ID 310228********241X,"),
    ("旧证 310228850612241", "旧证 310228******241"),
    ("手机 13812345678", "手机 *******5678"),
    ("call 13812345678.", "call 138****5678."),
    ("+86 138-1234-5678", "+86 138****5678"),
    ("办公 021-57931234", "办公 021-****1234"),
    ("（021）5793 1234", "（021）****1234"),
    ("电话：57931234", "电话：****1234"),
    ("姓名：李文博", "姓名：李**"),
    ("法定代表人：张三丰 性别", "法定代表人：张** 性别"),
    ("负责人: 欧阳娜娜", "负责人: 欧***"),
    ("住址：上海市金山区石化街道卫零路485弄", "住址：上海市金山区***********"),
])
def test_mask(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "申请人（盖章）：上海金山华标精细化工有限公司", "统一社会信用代码 91310116MA1JK12345", "GB/T 19001-2016",
    "证书编号：00125Q31234R0M", "报告编号：GRXY2026031800093", "2025-01-01", "金额 1,000,000 元",
    "sha256=3a13812345678901234567890123456789abcdef0123456789abcdef01234567",
])
def test_mask_leaves_business_data(text):
    assert mask(text) == text


_ALPHABET = "0123456789Xx -:：*（）()+号码电话手机姓名李文身份证abcdef\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80) | st.text(max_size=60))
def test_mask_never_raises_is_idempotent_and_leaves_no_numbers(text):
    once = mask(text)
    assert mask(once) == once
    assert not leaks(once)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["310228198506122416", "31022819900101002X", "13916881234", "15000000000"]),
       st.text(alphabet="号码：: 电话（）姓名张abcXYZ-", max_size=6), st.text(alphabet="号码：: 。，abcXYZ-", max_size=6))
def test_numbers_in_any_context_are_masked(number, before, after):
    assert number not in mask(before + number + after)


def test_mask_obj_masks_nested_strings():
    out = mask_obj({"packet": "p09", "rows": [{"error": "电话 13916881234"}, ("310228198506122416", 3)]})
    assert out == {"packet": "p09", "rows": [{"error": "电话 *******1234"}, ("310228********2416", 3)]}


def _record_through(formatter, *, exc=False):
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(formatter)
    handler.addFilter(MaskingFilter())
    log = logging.getLogger("test.privacy")
    log.handlers, log.propagate, log.level = [handler], False, logging.DEBUG
    extra = {"packet": "p09", "document": f"身份证{ID_IN_NAME}.jpg"}
    if exc:
        try:
            raise ValueError(f"bad id {PERSON_ID}")
        except ValueError:
            log.exception("failed for %s", PERSON_MOBILE, extra=extra)
    else:
        log.info("read %s, phone %s", PERSON_ID, PERSON_MOBILE, extra=extra)
    return buf.getvalue()


def test_log_records_are_masked_and_structured():
    line = _record_through(JsonFormatter())
    rec = json.loads(line)
    assert rec["packet"] == "p09" and rec["document"] == "身份证310228********2416.jpg" and rec["level"] == "INFO"
    assert not leaks(line)
    text = _record_through(KeyValueFormatter(), exc=True)
    assert "packet=p09" in text and "ValueError" in text and not leaks(text)


@pytest.fixture(scope="module")
def run_over_samples(tmp_path_factory):
    """`process` at DEBUG over p09 and the bad-upload corpus, logging into a file."""
    tmp = tmp_path_factory.mktemp("privacy")
    corpus = write_bad_corpus(tmp / "corpus")
    log_file = tmp / "logs" / "run.jsonl"
    cmd = [sys.executable, "-m", "pipeline", "--log-level", "DEBUG", "--log-file", str(log_file), "process",
           str(SAMPLES / "packets" / "p09-individual"), *map(str, corpus), "--out", str(tmp / "out"),
           "--format", "json", "html", "--as-of", "2026-03-31", "--period", "2025-01-01..2025-12-31"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return tmp, log_file, done


def test_logs_and_error_texts_carry_no_id_or_phone_numbers(run_over_samples):
    tmp, log_file, done = run_over_samples
    log_text = log_file.read_text(encoding="utf-8")
    records = [json.loads(line) for line in log_text.splitlines()]
    # the log is worth grepping: it saw the ID card, the credit reports and the file named with an ID number
    assert any(r.get("document") == "身份证正反面.jpg" and r["level"] == "DEBUG" for r in records)
    assert any("310228********2416" in r["msg"] for r in records)
    assert any(r.get("document", "").startswith("05-身份证310228") for r in records)
    assert all("packet" in r for r in records if r["logger"] == "pipeline.process")
    assert not leaks(log_text), leaks(log_text)
    assert not leaks(done.stderr) and not leaks(done.stdout)
    for draft_path in (tmp / "out").glob("*/review.json"):
        draft = json.loads(draft_path.read_text(encoding="utf-8"))
        errors = " ".join(d.get("error") or "" for d in draft["documents"]) + " ".join(draft["flags"])
        assert not leaks(errors), (draft_path, leaks(errors))


def test_drafts_and_logs_are_owner_only(run_over_samples):
    tmp, log_file, _ = run_over_samples
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    written = list((tmp / "out").glob("*/review.*"))
    assert written
    for p in written:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert stat.S_IMODE(p.parent.stat().st_mode) == 0o700, p.parent


def test_prefect_artifact_rows_are_masked():
    """The intake/nightly summary tables go to the Prefect server: no ID or phone number in them."""
    from flows.common import outcome_rows

    rows = outcome_rows([{"packet": "p09", "action": "failed",
                          "error": "身份证号 310228198506122416，联系电话 13912345678"}])
    text = str(rows)
    assert "310228198506122416" not in text and "13912345678" not in text
    assert rows[0]["材料包"] == "p09"
