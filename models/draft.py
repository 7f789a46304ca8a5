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
DeclaredStatus = Literal[tuple(v.value for v in vocab.DeclaredStatus)]
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
    location: str | None = Field(None, description="where in a Word or Excel file the text stands (such files have "
                                                    "no pages): 表格 1 第 3 行第 2 列, 工作表“申报表” C5")


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


class DeclaredItem(_Model):
    """One row of the 申报表: what the applicant declares, as written, and the catalog item it was mapped to."""

    text: str = Field(description="the item as the applicant wrote it (申报项目)")
    article: int | None = Field(None, description="the article the row names (第五条 → 5), as written")
    clause: int | None = Field(None, description="the clause the row names (第（二）项 → 2), as written")
    level: str | None = Field(None, description="the level as written (市级 …)")
    rank: str | None = Field(None, description="the rank as written, when the form has a column for it (二等奖 …)")
    date: str | None = Field(None, description="when the honour was obtained, as written")
    amount_yuan: int | None = Field(None, ge=0, description="the amount declared, in yuan (30 万元 → 300000)")
    amount_text: str | None = Field(None, description="the amount as written")
    item_id: str | None = Field(None, description="the catalog item the row was mapped to; null when none fits")
    item: str | None = Field(None, description="that item's name in the policy's words")
    mapping: str = Field("", description="how the row was mapped (by its article and clause, by its name)")
    notes: list[str] = Field(default_factory=list, description="what the reviewer must know about the row's reading")
    evidence: list[Evidence] = Field(default_factory=list)


class Declared(_Model):
    """What the applicant's 申报表 declares: who applies and which items for how much."""

    file: str
    applicant: str | None = None
    uscc: str | None = None
    contact: str | None = None
    phone: str | None = None
    date: str | None = Field(None, description="申报日期 as written on the form")
    items: list[DeclaredItem] = Field(default_factory=list)
    total_yuan: int | None = Field(None, ge=0, description="the total declared: the form's 合计 where written, "
                                                           "else the sum of its items")
    stated_total_yuan: int | None = Field(None, ge=0, description="the 合计 / 申报总额 as written; null when not written")
    summary: str = Field("", description="the line a reviewer checks first: 申报 5 项 85 万元，材料支持 3 项 50 万元")
    evidence: list[Evidence] = Field(default_factory=list, description="where the applicant's block was read")


class DeclaredComparison(_Model):
    """One line of declared against supported: a declared row with the claims that prove it, or a claim that no row
    declares."""

    item_id: str | None = None
    item: str = Field(description="the catalog item's name, or the row's text when it maps to none")
    declared_text: str | None = Field(None, description="the row as written; null for a claim not declared")
    article: int | None = Field(None, description="the catalog item's article (the row's own when no item fits)")
    clause: int | None = Field(None, description="the catalog item's clause (the row's own when no item fits)")
    declared_yuan: int | None = Field(None, ge=0, description="null when not declared or declared without amount")
    supported_yuan: int = Field(0, ge=0, description="what the accepted claims propose (before the annual cap)")
    claim_ids: list[str] = Field(default_factory=list)
    status: DeclaredStatus
    reason: str


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
    declared: Declared | None = Field(None, description="the 申报表, when the packet has one whose items were read")
    declared_vs_supported: list[DeclaredComparison] = Field(
        default_factory=list, description="declared against supported, item by item (empty without a 申报表)")
