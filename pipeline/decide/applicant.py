"""Who applies: the organisation on the business licence (or credit report), or the person on the ID card."""

from __future__ import annotations

from models.draft import Applicant as ApplicantOut
from models.facts import DocumentFacts
from pipeline.decide.context import Applicant

# Identity documents in the order they are trusted for each field.
_ORDER = {"business_licence": 0, "id_card": 1, "credit_report": 2}


def find_applicant(all_facts: list[DocumentFacts]) -> Applicant:
    ids = sorted((f for f in all_facts if f.type in _ORDER), key=lambda f: _ORDER[f.type])
    licence = [f for f in ids if f.type == "business_licence"]
    cards = [f for f in ids if f.type == "id_card"]
    reports = [f for f in ids if f.type == "credit_report"]
    individual = bool(cards) and not licence
    if not individual and not licence and reports:
        # A personal credit report names a person and carries no credit code.
        individual = not any(r.get("uscc") for r in reports) and (
            any(r.get("id_masked") for r in reports) or any(r.get("subject_kind") == "individual" for r in reports))
    a = Applicant(kind="individual" if individual else "organization", facts=ids)
    name_field = "name"
    for f in ids:
        name = f.get(name_field) or f.get("subject")
        if name and a.name is None:
            a.name = name
            a.evidence += f.evidence(name_field) or f.evidence("subject")
        if not individual and f.get("uscc") and a.uscc is None:
            a.uscc = f.get("uscc")
            a.evidence += f.evidence("uscc")
        if f.get("address") and a.address is None:
            a.address = f.get("address")
            a.evidence += f.evidence("address")
    return a


def applicant_out(a: Applicant) -> ApplicantOut:
    return ApplicantOut(name=a.name, uscc=a.uscc if a.kind == "organization" else None, kind=a.kind,
                        address=a.address, evidence=a.evidence)
