"""Facts read off one document, each with the evidence that shows where it came from.

Field names per document type follow the samples' ground truth (samples/truth/README.md), so the extraction
benchmark compares like with like: business_licence {name, uscc, type, legal_representative, established,
address}; credit_report {subject, uscc, address, report_no, report_date, penalties[], serious_dishonesty[],
abnormal_operations[]}; award_certificate {recipient, recipient_kind, employer, honour, level, rank, year, issuer,
date}; award_notice {honour, level, issuer, date, applicant_row}; standard {code, title, publish_date,
drafting_units, replaces}; certification {kind, holder, number, first_issue_date, issue_date, valid_until,
re_certification}; approval {kind, body, level, holder, date}; appointment {person, role, employer, date,
training_certificate}.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from models.draft import Evidence


class Fact(BaseModel):
    value: Any
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    note: str | None = None  # e.g. "校验位不符", "按OCR常见混淆将O更正为0"


class DocumentFacts(BaseModel):
    file: str
    pages: list[int]
    type: str
    fields: dict[str, Fact] = Field(default_factory=dict)
    # Matches of catalog items on this document (item id → evidence), found by the phrase matcher.
    items: dict[str, Fact] = Field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        f = self.fields.get(name)
        return default if f is None or f.value is None else f.value

    def evidence(self, *names: str) -> list[Evidence]:
        out: list[Evidence] = []
        for n in names:
            f = self.fields.get(n)
            if f is not None:
                out.extend(f.evidence)
        return out
