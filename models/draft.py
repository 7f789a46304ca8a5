"""The review draft: the pre-filled assessment of one packet that a reviewer reads and signs.

The JSON field names are a contract other programs read (issue 2); add fields, never rename them.
`schemas/review-draft.schema.json` is exported from these models and a test keeps it current.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models import vocab

BBox = tuple[float, float, float, float]

# The codes come from models.vocab (defined once, with their Chinese labels); document kinds are the names of the
# kind registry (pipeline/kinds/*.yaml), which the pipeline checks when it writes a document record.
CheckStatus = Literal[tuple(v.value for v in vocab.CheckStatus)]
EligibilityStatus = Literal[tuple(v.value for v in vocab.EligibilityStatus)]
ClaimStatus = Literal[tuple(v.value for v in vocab.ClaimStatus)]
ApplicantKind = Literal[tuple(v.value for v in vocab.ApplicantKind)]
DocumentStatus = Literal[tuple(v.value for v in vocab.DocumentStatus)]
DocumentType = str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """Where on which page a fact was read, and how sure the reader was."""

    file: str
    page: int | None = Field(None, description="1-based page in the file; null when the evidence is not on a page")
    text: str
    bbox: BBox | None = Field(None, description="x0, y0, x1, y1 in page units (points for PDFs, pixels for images)")
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    source: Literal[tuple(v.value for v in vocab.EvidenceSource)] | None = None


class Citation(_Model):
    """An article of the policy in the reviewer's words, with its verbatim sentence."""

    article: int
    clause: int | None = None
    label: str = Field(description="e.g. 第十四条第（二）项")
    text: str = Field(description="the policy sentence, verbatim")


class PolicyRef(_Model):
    id: str
    version: str
    title: str | None = None
    document_number: str | None = None


class Period(_Model):
    start: date
    end: date


class Applicant(_Model):
    name: str | None
    uscc: str | None = Field(None, description="统一社会信用代码; null for individuals")
    kind: ApplicantKind
    address: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    id_masked: str | None = Field(None, description="individuals: the ID number masked (first six and last four "
                                                     "characters); the full number is never stored")
    employer: str | None = Field(None, description="individuals: 工作单位, from the credit report or the certificate")


class Check(_Model):
    rule: str
    article: int
    status: CheckStatus
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    citation: Citation | None = None


class Eligibility(_Model):
    status: EligibilityStatus
    checks: list[Check] = Field(default_factory=list)


class Claim(_Model):
    claim_id: str
    article: int
    clause: int | None = None
    item: str
    level: str | None = None
    rank: str | None = None
    amount_yuan: int = Field(
        ge=0, description="after per-item rules such as the 50% for a revision, before Art. 23 caps"
    )
    amount_kind: Literal[tuple(v.value for v in vocab.AmountKind)] | None = None
    status: ClaimStatus
    reasons: list[str] = Field(default_factory=list)
    citation: Citation | str
    evidence: list[Evidence] = Field(default_factory=list)
    item_id: str | None = None
    project: str | None = None
    honour_date: date | None = Field(None, description="when the honour was obtained (Art. 23 groups one project by year)")
    capped_by: str | None = Field(None, description="the Art. 23 cap rule that removed this claim, if one did")
    standard_code: str | None = Field(None, description="a standard's code without its year (duplicates across cases)")
    certificate_no: str | None = Field(None, description="the certificate's number (duplicates across cases)")
    revises: str | None = Field(None, description="for a revision of a standard: the standard(s) it replaces")


class CapStep(_Model):
    rule: str
    article: int
    claim_ids: list[str] = Field(default_factory=list)
    amount_before: int
    amount_after: int
    reason: str
    citation: Citation | None = None


class DocumentRecord(_Model):
    file: str
    type: DocumentType = Field(description="the document's kind: a name of the kind registry (pipeline/kinds/)")
    pages: list[int] = Field(default_factory=list, description="1-based pages of the file this document covers")
    status: DocumentStatus
    error: str | None = None
    sha256: str | None = None
    media_type: str | None = None
    type_evidence: list[str] = Field(default_factory=list, description="why the document got its type")
    rotations: dict[int, int] = Field(
        default_factory=dict,
        description="page → clockwise degrees the reader turned it upright (turned pages only); evidence boxes "
        "are in the turned page",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="how pages were read that the reviewer must know (e.g. a text layer not trusted, read by OCR)",
    )


class ReviewDraft(_Model):
    packet_id: str
    policy: PolicyRef
    as_of: date
    period: Period
    applicant: Applicant
    eligibility: Eligibility
    claims: list[Claim] = Field(default_factory=list)
    caps: list[CapStep] = Field(default_factory=list)
    total_yuan: int = Field(ge=0, description="after every cap; 0 when the applicant is ineligible")
    documents: list[DocumentRecord] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    generated_by: str | None = None
