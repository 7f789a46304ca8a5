"""A repair never changes who the applicant is: every single-character variant of 383 real 统一社会信用代码.

The real codes are python-stdnum's list of codes found online (tests/data/uscc_real_codes.txt names the
source). A variant is a code with one character replaced by any other character OCR may print there (0-9, A-Z,
lower-case l and o): 383 × 18 × 37 = 255,078 variants. No variant may come out as a valid code on its own (it is
not the printed code), and at packet level a variant becomes the applicant's code only when another document
about the applicant prints the real code — never a code printed on a document about somebody else.

The full sweep is slow-marked (`make test` runs it); the quick suite runs every 8th code.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from models.draft import Evidence
from models.facts import DocumentFacts, Fact
from pipeline.decide.applicant import find_applicant
from pipeline.extract.uscc import check_uscc, could_be, find_usccs, passes, printed_form

CODES = [line.strip() for line in (Path(__file__).parent / "data" / "uscc_real_codes.txt").read_text().splitlines()
         if line.strip() and not line.startswith("#")]
READ_AS = string.digits + string.ascii_uppercase + "lo"
QUICK = CODES[::8]


def variants(code: str):
    for i, real in enumerate(code):
        for c in READ_AS:
            if c != real:
                yield code[:i] + c + code[i + 1:]


def test_the_list_is_the_published_one():
    assert len(CODES) == 383 and len(set(CODES)) == 383


def test_every_real_code_is_accepted_as_printed():
    for code in CODES:
        r = check_uscc(code)
        assert r.valid and r.code == code and r.confidence == 1.0, code
        (m,) = find_usccs(f"统一社会信用代码：{code}")
        assert m.value == code and m.confidence == 1.0 and m.note == ""
        for m in find_usccs(f"代码 {code} 。"):  # unlabelled: only if the organisation code's check agrees too
            assert m.value == code and m.confidence == 1.0


def _presented_valid(codes) -> tuple[int, list]:
    wrong, total = [], 0
    for code in codes:
        for v in variants(code):
            total += 1
            r = check_uscc(v)
            if r.valid or r.code != printed_form(v) or "请核对原件" not in r.note:
                wrong.append((code, v, r))
    return total, wrong


def test_no_variant_is_presented_as_a_valid_code_quick():
    total, wrong = _presented_valid(QUICK)
    assert total == len(QUICK) * 18 * 37
    assert wrong == [], f"{len(wrong)} of {total} variants presented as valid: {wrong[:5]}"


@pytest.mark.slow
def test_no_variant_is_presented_as_a_valid_code():
    total, wrong = _presented_valid(CODES)
    assert total == 383 * 18 * 37 == 255_078
    assert wrong == [], f"{len(wrong)} of {total} variants presented as valid: {wrong[:5]}"


def test_found_variants_are_reported_as_printed_and_flagged():
    for code in QUICK[::3]:
        for v in variants(code):
            (m,) = find_usccs(f"统一社会信用代码：{v}")
            assert m.value == printed_form(v) and "校验位不符" in m.note and m.confidence < 1.0
            for m in find_usccs(f"代码 {v} 。"):  # unlabelled: reported as printed, or not at all
                assert m.value == printed_form(v) and m.confidence < 1.0


# ---------------------------------------------------------------- packet level
def _doc(file: str, type_: str, name_field: str, name: str, code: str) -> DocumentFacts:
    ev = [Evidence(file=file, page=1, text=code, source="derived")]
    return DocumentFacts(file=file, pages=[1], type=type_, fields={
        name_field: Fact(value=name, evidence=ev), "uscc": Fact(value=code, evidence=ev)})


def _licence(code, name="上海金山恒达新材料科技有限公司"):
    return _doc("营业执照.jpg", "business_licence", "name", name, code)


def _report(code, name="上海金山恒达新材料科技有限公司"):
    return _doc("信用报告.pdf", "credit_report", "subject", name, code)


def _neighbours(code: str, k: int = 3) -> list[str]:
    """The real codes nearest to `code`: codes registered in one batch differ in a few characters, so one
    misread character can make a code look like its neighbour."""
    dist = sorted((sum(a != b for a, b in zip(code, other)), other) for other in CODES if other != code)
    return [o for _, o in dist[:k]]


def _packet_outcomes(codes) -> dict[str, int]:
    n = {"variants": 0, "confirmed": 0, "flagged": 0, "wrong": 0, "ambiguous_neighbour": 0}
    for code in codes:
        near = _neighbours(code)
        for v in variants(code):
            n["variants"] += 1
            # The licence was misread; the credit report (text layer) prints the real code.
            a = find_applicant([_licence(v), _report(code)])
            if a.uscc == code and a.codes.status == "repaired":
                n["confirmed"] += 1
                assert "信用信息报告（信用报告.pdf）" in a.codes.agreeing
            elif a.uscc == printed_form(v) and a.codes.status in ("unconfirmed", "conflict"):
                n["flagged"] += 1
            else:
                n["wrong"] += 1
            # The only other code in the packet is a neighbour's, printed on somebody else's report.
            for other in near:
                b = find_applicant([_licence(v), _report(other, name="上海金山华远新材料有限公司")])
                if b.uscc != printed_form(v) or b.codes.ok:
                    n["wrong"] += 1
                if could_be(v, other):
                    n["ambiguous_neighbour"] += 1
    return n


def test_packet_agreement_never_takes_another_identity_quick():
    n = _packet_outcomes(QUICK[:12])
    assert n["wrong"] == 0, n
    # A report naming the applicant and printing the real code settles every single misread character.
    assert n["confirmed"] == n["variants"], n


@pytest.mark.slow
def test_packet_agreement_never_takes_another_identity():
    n = _packet_outcomes(CODES)
    print(n)
    assert n["variants"] == 255_078 and n["wrong"] == 0 and n["confirmed"] == n["variants"], n


def test_a_code_is_never_confirmed_by_itself():
    for code in CODES[:20]:
        assert passes(code) and not could_be(code, code)
