"""Policy tests as data: every case in tests/policy/*.yaml, facts in → eligibility, claims, caps and total out.

The cases are written by reviewers (tests/policy/README.md says how); this file only turns a case into the
facts of a packet, runs `pipeline.decide.decide` on them and says in plain words what differs. One pytest
test per case, named by the case's `name`.

A case:
    name, as_of, period ("2025-01-01..2025-12-31"), ledger_granted_yuan (optional, default 0),
    applicant: {name, uscc, address, type} → a business licence;
               {kind: individual, name, id_number, address} → an ID card;
               {kind: none, …} → no identity document at all,
    credit_report: {report_date, penalties, dishonest, abnormal, sections, summary} (omitted → none in the
               packet; subject, uscc and address are copied from the applicant unless given),
    documents: [{type, item | items, file (optional), …facts}],
    expect: {eligibility, checks (optional), claims, caps (optional), total_yuan, flags_include (optional),
             declared (optional: the 申报表's rows against the claims, [{item | text, status, declared_yuan,
             supported_yuan, claims}])}.
A 申报表 is a document of type application_form with `declared_items: [{text, article, clause, level,
amount_yuan}]` (what the form's reader gives) and optionally `declared_total`, `applicant`, `uscc`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml


from models.draft import Evidence, Period
from models.facts import DocumentFacts, Fact
from pipeline.decide import Context, decide
from pipeline.kinds import kind as kind_of
from pipeline.kinds import kinds
from pipeline.policy import load_policy

CASES_DIR = Path(__file__).parent / "policy"

CASE_KEYS = {"name", "as_of", "period", "ledger_granted_yuan", "applicant", "credit_report", "documents", "expect",
             "note"}
APPLICANT_KEYS = {"kind", "name", "uscc", "address", "type", "id_number", "legal_representative", "established"}
CREDIT_KEYS = {*kind_of("credit_report").fields, "address"}
EXPECT_KEYS = {"eligibility", "checks", "claims", "caps", "total_yuan", "flags_include", "declared"}
DECLARED_KEYS = {"item", "text", "status", "declared_yuan", "supported_yuan", "claims", "reason_include"}
CLAIM_KEYS = {"item", "amount_yuan", "status", "reasons_include"}
CAP_KEYS = {"rule", "amount_before", "amount_after", "claims"}
DOCUMENT_TYPES = {k for k, v in kinds().items() if v.classifiable}
DOCUMENT_KEYS = {"type", "item", "items", "file"}


class CaseError(ValueError):
    """A case file that cannot be read: names the file, the case and the key."""


# ---------------------------------------------------------------- reading the files
def load_cases() -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    names: set[str] = set()
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(cases, list):
            raise CaseError(f"{path.name}: a case file is a list of cases (each starting with '- name:')")
        for i, case in enumerate(cases, start=1):
            where = f"{path.name} case {i}"
            if not isinstance(case, dict) or not case.get("name"):
                raise CaseError(f"{where}: every case needs a 'name'")
            _known(case, CASE_KEYS, f"{where} ({case['name']})")
            if case["name"] in names:
                raise CaseError(f"{where}: the name {case['name']!r} is used twice")
            names.add(case["name"])
            out.append((f"{path.stem}-{i:02d} {case['name']}", case))
    return out


def _known(d: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise CaseError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _iso(value):
    """Dates as the extractor gives them (ISO strings); lists and mappings recursively."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


def _date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CaseError(f"{where}: {value!r} is not a date like 2026-03-31") from None


def _period(value, where: str) -> Period:
    try:
        start, end = str(value).split("..")
    except ValueError:
        raise CaseError(f"{where}: period is written start..end, e.g. 2025-01-01..2025-12-31") from None
    return Period(start=_date(start.strip(), where), end=_date(end.strip(), where))


# ---------------------------------------------------------------- case → facts
def _facts(file: str, doc_type: str, fields: dict, items: dict[str, str] | None = None) -> DocumentFacts:
    def fact(name, value) -> Fact:
        shown = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True).strip()
        return Fact(value=value, evidence=[Evidence(file=file, page=1, text=f"{name}: {shown}", source="derived")])

    return DocumentFacts(file=file, pages=[1], type=doc_type,
                         fields={k: fact(k, _iso(v)) for k, v in fields.items() if v is not None},
                         items={k: fact(k, v) for k, v in (items or {}).items()})


def build_facts(case: dict, policy) -> list[DocumentFacts]:
    name = case["name"]
    out: list[DocumentFacts] = []
    applicant = dict(case.get("applicant") or {})
    _known(applicant, APPLICANT_KEYS, f"{name}: applicant")
    kind = applicant.pop("kind", "organization")
    if kind == "organization":
        # The case says `type` and `legal_representative`; the licence's fields are `kind` and `legal_rep`.
        licence = {{"type": "kind", "legal_representative": "legal_rep"}.get(k, k): v for k, v in applicant.items()}
        out.append(_facts("营业执照.pdf", "business_licence", licence))
    elif kind == "individual":
        out.append(_facts("身份证.jpg", "id_card", applicant))
    elif kind != "none":
        raise CaseError(f"{name}: applicant kind is organization, individual or none, not {kind!r}")

    if "credit_report" in case:
        report = dict(case["credit_report"] or {})
        _known(report, CREDIT_KEYS, f"{name}: credit_report")
        report.setdefault("subject", applicant.get("name"))
        if kind == "individual":
            report.setdefault("id_masked", applicant.get("id_number"))
            report.setdefault("subject_kind", "individual")
        else:
            report.setdefault("uscc", applicant.get("uscc"))
        report.setdefault("address", applicant.get("address"))
        for listing in ("penalties", "dishonest", "abnormal"):
            report.setdefault(listing, [])
        out.append(_facts("信用报告.pdf", "credit_report", report))

    for i, doc in enumerate(case.get("documents") or [], start=1):
        doc = dict(doc)
        doc_type = doc.pop("type", None)
        if doc_type not in DOCUMENT_TYPES:
            raise CaseError(f"{name}: document {i} has type {doc_type!r}; known: {sorted(DOCUMENT_TYPES)}")
        _known(doc, DOCUMENT_KEYS | set(kind_of(doc_type).fields), f"{name}: document {i} ({doc_type})")
        file = doc.pop("file", f"材料{i:02d}-{doc_type}.pdf")
        items: dict[str, str] = {}
        one = doc.pop("item", None)
        many = doc.pop("items", None)
        if one:
            many = [one, *(many or [])] if isinstance(many, list) or many is None else {one: None, **many}
        if isinstance(many, list):
            many = {m: None for m in many}
        for item_id, phrase in (many or {}).items():
            try:
                item = policy.item(item_id)
            except Exception:
                raise CaseError(f"{name}: document {i} names item {item_id!r}, which is not in the catalog") from None
            items[item_id] = phrase or item.name  # the phrase the matcher found; default the item's name
        out.append(_facts(file, doc_type, doc, items))
    return out


def build_context(case: dict, policy) -> Context:
    name = case["name"]
    for key in ("as_of", "period", "expect"):
        if key not in case:
            raise CaseError(f"{name}: '{key}' is required")
    return Context(policy=policy, as_of=_date(case["as_of"], f"{name}: as_of"),
                   period=_period(case["period"], f"{name}: period"),
                   ledger_granted_yuan=int(case.get("ledger_granted_yuan") or 0),
                   ledger_evidence="测试台账" if case.get("ledger_granted_yuan") else None)


# ---------------------------------------------------------------- comparing
def compare(case: dict, result) -> list[str]:
    """What differs between the case's `expect` and the decision, one sentence each."""
    exp = case["expect"]
    _known(exp, EXPECT_KEYS, f"{case['name']}: expect")
    diffs: list[str] = []

    if "eligibility" in exp and result.eligibility.status != exp["eligibility"]:
        why = "; ".join(f"{c.rule}={c.status} ({c.reason})" for c in result.eligibility.checks if c.status != "pass")
        diffs.append(f"eligibility: expected {exp['eligibility']}, got {result.eligibility.status}"
                     + (f" — {why}" if why else ""))
    checks = {c.rule: c for c in result.eligibility.checks}
    for rule, status in (exp.get("checks") or {}).items():
        got = checks.get(rule)
        if got is None:
            diffs.append(f"check {rule}: expected {status}, but there is no such check (have: {sorted(checks)})")
        elif got.status != status:
            diffs.append(f"check {rule}: expected {status}, got {got.status} ({got.reason})")

    if "claims" in exp:
        diffs += _compare_claims(exp["claims"] or [], result.claims, case["name"])

    if "caps" in exp:
        got_caps = result.caps
        want_caps = exp["caps"] or []
        for i in range(max(len(want_caps), len(got_caps))):
            want = want_caps[i] if i < len(want_caps) else None
            got = got_caps[i] if i < len(got_caps) else None
            if want is not None:
                _known(want, CAP_KEYS, f"{case['name']}: expect.caps[{i + 1}]")
            if want is None:
                diffs.append(f"cap step {i + 1}: unexpected {got.rule} {got.amount_before:,} → {got.amount_after:,} "
                             f"({got.reason})")
            elif got is None:
                diffs.append(f"cap step {i + 1}: expected {want['rule']}, but no such step was applied")
            else:
                for key in ("rule", "amount_before", "amount_after"):
                    if key in want and getattr(got, key) != want[key]:
                        diffs.append(f"cap step {i + 1} ({got.rule}): {key} expected {want[key]!r}, got "
                                     f"{getattr(got, key)!r} ({got.reason})")

    if "total_yuan" in exp and result.total_yuan != exp["total_yuan"]:
        diffs.append(f"total: expected {exp['total_yuan']:,} yuan, got {result.total_yuan:,} yuan")

    for text in exp.get("flags_include") or []:
        if not any(text in f for f in result.flags):
            diffs.append(f"flags: expected one containing {text!r}; flags are {result.flags}")
    if "declared" in exp:
        diffs += _compare_declared(exp["declared"] or [], result, case["name"])
    return diffs


def _compare_declared(wanted: list[dict], result, case_name: str) -> list[str]:
    """The 申报表 rows against the claims, in the order the comparison lists them (declared rows, then claims no
    row declares)."""
    got = list(result.declared_vs_supported)
    diffs: list[str] = []
    if len(got) != len(wanted):
        diffs.append(f"declared: expected {len(wanted)} lines, got {len(got)}: "
                     + "; ".join(f"{g.item}/{g.status}" for g in got))
    ids = {c.claim_id: c.item_id for c in result.claims}
    for i, (want, g) in enumerate(zip(wanted, got), start=1):
        _known(want, DECLARED_KEYS, f"{case_name}: expect.declared[{i}]")
        label = f"declared line {i} ({g.item})"
        if "item" in want and g.item_id != want["item"]:
            diffs.append(f"{label}: item expected {want['item']}, got {g.item_id} ({g.reason})")
        if "text" in want and g.declared_text != want["text"]:
            diffs.append(f"{label}: text expected {want['text']!r}, got {g.declared_text!r}")
        for key in ("status", "declared_yuan", "supported_yuan"):
            if key in want and getattr(g, key) != want[key]:
                diffs.append(f"{label}: {key} expected {want[key]!r}, got {getattr(g, key)!r} ({g.reason})")
        if "claims" in want and sorted(ids.get(c) for c in g.claim_ids) != sorted(want["claims"]):
            diffs.append(f"{label}: claims expected {want['claims']}, got {[ids.get(c) for c in g.claim_ids]}")
        for text in ([want["reason_include"]] if isinstance(want.get("reason_include"), str)
                     else want.get("reason_include") or []):
            if text not in g.reason:
                diffs.append(f"{label}: expected a reason containing {text!r}; reason: {g.reason}")
    return diffs


def _compare_claims(wanted: list[dict], got: list, case_name: str) -> list[str]:
    diffs: list[str] = []
    remaining = list(got)
    for i, want in enumerate(wanted, start=1):
        _known(want, CLAIM_KEYS, f"{case_name}: expect.claims[{i}]")
        match = next((c for c in remaining if c.item_id == want["item"]), None)
        if match is None:
            have = ", ".join(f"{c.item_id}/{c.status}/{c.amount_yuan:,}" for c in got) or "none"
            diffs.append(f"claim {want['item']}: expected, but there is no such claim (claims: {have})")
            continue
        remaining.remove(match)
        label = f"claim {match.claim_id} {want['item']}"
        if "status" in want and match.status != want["status"]:
            diffs.append(f"{label}: status expected {want['status']}, got {match.status} — "
                         f"reasons: {'; '.join(match.reasons)}")
        if "amount_yuan" in want and match.amount_yuan != want["amount_yuan"]:
            diffs.append(f"{label}: amount expected {want['amount_yuan']:,}, got {match.amount_yuan:,}")
        for text in want.get("reasons_include") or []:
            if not any(text in r for r in match.reasons):
                diffs.append(f"{label}: expected a reason containing {text!r}; reasons: {match.reasons}")
    for c in remaining:
        diffs.append(f"claim {c.claim_id} {c.item_id}: not expected, but made ({c.status}, {c.amount_yuan:,} yuan; "
                     f"{'; '.join(c.reasons)})")
    return diffs


# ---------------------------------------------------------------- the tests
CASES = load_cases()


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_there_are_enough_cases():
    assert len(CASES) >= 30, f"only {len(CASES)} policy cases; the issue asks for at least 30"


def test_every_article_and_cap_rule_is_covered(policy):
    """Every support article 5–22 has a case naming one of its items; every Art. 23 cap rule is expected once."""
    articles, rules = set(), set()
    for _, case in CASES:
        for doc in case.get("documents") or []:
            ids = [doc["item"]] if doc.get("item") else []
            ids += list(doc.get("items") or [])
            articles |= {policy.item(i).article for i in ids}
            if doc.get("type") == "standard":
                articles.add(14)
        rules |= {c["rule"] for c in (case["expect"].get("caps") or [])}
    assert set(range(5, 23)) - articles == set(), "articles without a case"
    assert {"same_project_highest_level", "max_standard_projects", "annual_cap"} - rules == set()


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_policy_case(case, policy):
    facts = build_facts(case, policy)
    ctx = build_context(case, policy)
    result = decide(facts, ctx)
    diffs = compare(case, result)
    assert not diffs, f"\n案例 case: {case['name']}\n" + "\n".join(f"  - {d}" for d in diffs)
