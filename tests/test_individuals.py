"""Individuals end to end: a 自然人 packet (personal credit report, ID card, a certificate to "XXX同志") comes out as
an individual applicant with name, masked ID number and employer; the individual honour gets the individual
amount; the sign-off writes a ledger row for that person, keyed without the ID number, and the person's next case
in the same year reads it for the annual cap."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import String, Text, select

from models.draft import Evidence, Period
from models.facts import DocumentFacts, Fact
from pipeline.decide.applicant import find_applicant
from pipeline.process import ProcessOptions, process_packet_path
from pipeline.store import repo, work
from pipeline.store.person import PREFIX, is_person_key, person_key
from pipeline.store.schema import Base, LedgerEntry
from tests import credit_docs as docs

AS_OF, PERIOD = date(2026, 3, 31), Period(start=date(2025, 1, 1), end=date(2025, 12, 31))
ITEM = "art06-2-shanghai-standard-innovation-individual"


def _packet(root: Path, name: str, files: dict[str, bytes]) -> Path:
    d = root / "inbox" / name
    d.mkdir(parents=True)
    for fname, data in files.items():
        (d / fname).write_bytes(data)
    return d


def _person_packet(root, name="p-person", with_card=True, honour="上海市标准创新贡献奖（个人奖）"):
    issuer = "国家市场监督管理总局" if honour.startswith("中国") else (
        "上海市金山区人民政府" if honour.startswith("金山") else "上海市市场监督管理局")
    files = {"个人信用报告.pdf": docs.person_report(), "荣誉证书.pdf": docs.certificate(honour=honour, issuer=issuer)}
    if with_card:
        files["身份证.pdf"] = docs.id_card()
    return _packet(root, name, files)


def test_a_personal_report_and_a_certificate_make_an_individual_applicant(tmp_path):
    draft = process_packet_path(_person_packet(tmp_path, with_card=False),
                                ProcessOptions(as_of=AS_OF, period=PERIOD, use_ocr=False))
    a = draft.applicant
    assert (a.kind, a.name, a.uscc, a.id_masked, a.employer) == (
        "individual", docs.PERSON, None, "310116********3026", docs.EMPLOYER)
    (claim,) = draft.claims
    assert (claim.item_id, claim.amount_yuan, claim.status) == (ITEM, 10000, "accepted")
    # Without an ID card the identity rests on the credit report: the reviewer is asked for the card.
    identity = next(c for c in draft.eligibility.checks if c.rule == "materials_identity")
    assert identity.status == "needs_review"


def test_with_the_id_card_the_individual_is_eligible_and_the_number_is_never_in_the_draft(tmp_path):
    draft = process_packet_path(_person_packet(tmp_path), ProcessOptions(as_of=AS_OF, period=PERIOD, use_ocr=False))
    assert draft.eligibility.status == "eligible", [(c.rule, c.reason) for c in draft.eligibility.checks]
    code = next(c for c in draft.eligibility.checks if c.rule == "identity_code_consistent")
    assert code.status == "pass" and "310116********3026" in code.reason
    assert draft.total_yuan == 10000
    assert docs.ID_NUMBER not in draft.model_dump_json()


def test_certificate_wording_alone_makes_an_individual():
    def facts(type_, **fields):
        return DocumentFacts(file=f"{type_}.pdf", pages=[1], type=type_, fields={
            k: Fact(value=v, evidence=[Evidence(file="x", page=1, text=str(v), source="derived")])
            for k, v in fields.items()})

    a = find_applicant([facts("award_certificate", recipient="李文博", recipient_kind="individual",
                              employer=docs.EMPLOYER)])
    assert (a.kind, a.name, a.employer) == ("individual", "李文博", docs.EMPLOYER)


def _all_text(store) -> str:
    """Every text column of every table of the store, for a search."""
    out = []
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if cols:
                for row in s.execute(select(*cols)):
                    out += [str(v) for v in row if v is not None]
    return "\n".join(out)


def test_sign_off_writes_a_ledger_row_for_the_person_without_the_id_number(case_store, tmp_path):
    reg = work.register_packet(case_store, _person_packet(tmp_path), as_of=AS_OF, period=PERIOD)
    out = work.process_case(case_store, reg.case_id)
    assert out.action == "drafted" and out.total_yuan == 10000, out
    case = repo.get_case(case_store, reg.case_id)
    assert is_person_key(case.applicant_uscc) and case.applicant_name == docs.PERSON
    assert case.applicant_uscc == person_key(case_store.data_dir, docs.PERSON, "310116********3026")

    from tests.test_store import _people, _review_and_sign  # 初审 + 复核, as every sign-off goes

    _people(case_store)
    _review_and_sign(case_store, reg.case_id, total=10000)
    with case_store.session() as s:
        (row,) = s.scalars(select(LedgerEntry).where(LedgerEntry.kind == "grant")).all()
    assert (row.uscc, row.year, row.amount_yuan, row.case_id) == (case.applicant_uscc, 2025, 10000, reg.case_id)
    assert row.uscc.startswith(PREFIX) and docs.PERSON in row.note
    text = _all_text(case_store)
    assert docs.ID_NUMBER not in text and "198703153026" not in text  # nor the birth date and sequence

    # The same person's second case this year reads the grant for the annual cap.
    other = _person_packet(tmp_path, name="p-person-2", honour="上海市质量金奖（个人）")
    reg2 = work.register_packet(case_store, other, as_of=AS_OF, period=PERIOD)
    work.process_case(case_store, reg2.case_id)
    case2 = repo.get_case(case_store, reg2.case_id)
    assert case2.applicant_uscc == case.applicant_uscc
    assert repo.ledger_for_case(case_store, reg2.case_id, case2.applicant_uscc) == 10000
    assert work.process_case(case_store, reg2.case_id).action == "unchanged"  # the fingerprint reads it too


def test_person_keys_depend_on_the_secret_and_not_only_on_the_number(tmp_path, monkeypatch):
    a = person_key(tmp_path / "a", "王丽华", "310116********3026")
    b = person_key(tmp_path / "b", "王丽华", "310116********3026")
    assert a != b and len(a) <= 32  # fits the ledger's code column
    assert (tmp_path / "a" / "person-key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("JINSHAN_PERSON_KEY", "shared-secret")
    assert person_key(tmp_path / "a", "王丽华", "310116********3026") == person_key(tmp_path / "b", "王丽华",
                                                                                  "310116********3026")


import pytest  # noqa: E402


@pytest.mark.parametrize("honour, item, amount, status", [
    ("中国质量奖", "art05-1-china-quality-award-individual", 20000, "accepted"),
    ("中国质量奖提名奖", "art05-1-china-quality-award-individual", 20000, "accepted"),
    ("上海市市长质量奖", "art05-2-shanghai-quality-award-individual", 20000, "accepted"),
    ("上海市质量金奖", "art05-2-shanghai-quality-award-individual", 20000, "accepted"),
    ("金山区质量金奖", "art05-3-jinshan-quality-award-individual", 0, "needs_review"),
    ("中国标准创新贡献奖突出贡献奖", "art06-1-china-standard-innovation-individual", 20000, "accepted"),
    ("上海市标准创新贡献奖（个人奖）", ITEM, 10000, "accepted"),
])
def test_the_individual_items_of_arts_5_and_6(tmp_path, honour, item, amount, status):
    draft = process_packet_path(_person_packet(tmp_path, honour=honour),
                                ProcessOptions(as_of=AS_OF, period=PERIOD, use_ocr=False))
    assert draft.applicant.kind == "individual"
    (claim,) = draft.claims
    assert (claim.item_id, claim.amount_yuan, claim.status) == (item, amount, status), claim.reasons


def test_a_ledger_file_row_for_a_person_counts_for_the_annual_cap(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("- {name: 王丽华, id_masked: 310116********3026, year: 2025, amount_yuan: 995000, note: 另案}\n"
                      "- {name: 王丽华, id_masked: 310116********9999, year: 2025, amount_yuan: 500000}\n",
                      encoding="utf-8")
    draft = process_packet_path(_person_packet(tmp_path), ProcessOptions(as_of=AS_OF, period=PERIOD, use_ocr=False,
                                                                         ledger_path=ledger))
    cap = next(c for c in draft.caps if c.rule == "annual_cap")
    assert (cap.amount_before, cap.amount_after) == (10000, 5000) and draft.total_yuan == 5000
