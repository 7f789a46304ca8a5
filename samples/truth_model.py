"""The declared ground truth of one sample packet: its files, the text on every page, and the review outcome.

Schema described in samples/truth/README.md. The generator renders exactly the lines declared here, so the
truth is also the OCR reference. Unknown keys are refused so a typo in a YAML file is an error, not a silence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from samples.uscc import is_valid

PageKind = Literal["text_layer", "clean_scan", "hard_scan", "rotated_photo", "office"]
# Document kinds and their fields come from the kind registry (pipeline/kinds/*.yaml).
DocType = str
Layout = Literal[
    "licence", "certificate", "letter", "report", "notice_table", "standard_cover", "standard_foreword", "id_card",
    "form",
]
Level = Literal["district", "municipal", "national", "international"]

# A visual line: a string, or a table row given as its cells (its text is the cells joined by one space).
Line = str | list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def line_text(line: Line) -> str:
    return line if isinstance(line, str) else " ".join(line)


class Seal(_Strict):
    text: str = Field(description="issuer's name, written along the seal's upper arc")
    over_lines: int = Field(2, ge=1, description="the seal covers this many lines at the foot of the page")


class Page(_Strict):
    page: int = Field(ge=1)
    layout: Layout
    lines: list[Line]
    seal: Seal | None = None
    font: str | None = Field(None, description="font key (samples/render/fonts.py); default chosen per file")
    title_lines: int | None = Field(None, ge=0, description="lines set as the heading; default per layout")

    @property
    def texts(self) -> list[str]:
        return [line_text(x) for x in self.lines]


class Document(_Strict):
    type: DocType
    pages: list[int]
    facts: dict = Field(default_factory=dict)

    @model_validator(mode="after")
    def _kind_and_fields_known(self) -> Document:
        from pipeline.kinds import kind

        k = kind(self.type)  # an unknown kind raises, listing the known ones
        unknown = sorted(set(self.facts) - set(k.fields))
        if unknown:
            raise ValueError(f"{self.type}: unknown fields {unknown}; the kind has {sorted(k.fields)}")
        return self


class FileTruth(_Strict):
    file: str
    page_kind: PageKind
    documents: list[Document]
    pages: list[Page]

    @model_validator(mode="after")
    def _pages_consistent(self) -> FileTruth:
        numbers = [p.page for p in self.pages]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.file}: pages must be numbered 1..n in order, got {numbers}")
        covered = sorted(n for d in self.documents for n in d.pages)
        if covered != numbers:
            raise ValueError(f"{self.file}: documents must cover every page exactly once, got {covered}")
        suffix = Path(self.file).suffix.lower()
        if self.page_kind == "text_layer" and suffix != ".pdf":
            raise ValueError(f"{self.file}: a text layer needs a PDF")
        if (self.page_kind == "office") != (suffix in {".docx", ".xlsx"}):
            raise ValueError(f"{self.file}: Word and Excel files (.docx/.xlsx) are page kind office, and only they")
        if self.page_kind == "office" and len(numbers) != 1:
            raise ValueError(f"{self.file}: a Word or Excel file is declared as one page")
        if len(numbers) > 1 and suffix not in {".pdf", ".tif", ".tiff"}:
            raise ValueError(f"{self.file}: several pages need a PDF or TIFF")
        return self


class Applicant(_Strict):
    name: str
    uscc: str | None = None
    kind: Literal["organization", "individual"]
    address: str | None = None
    id_number: str | None = Field(None, description="synthetic ID number, individuals only")

    @model_validator(mode="after")
    def _uscc_valid(self) -> Applicant:
        if self.uscc is not None and not is_valid(self.uscc):
            raise ValueError(f"invalid USCC check character: {self.uscc}")
        return self


class Period(_Strict):
    start: date
    end: date


class ExpectedClaim(_Strict):
    article: int
    clause: int | None = None
    item: str
    level: Level | None = None
    rank: str | None = None
    amount_yuan: int = Field(ge=0)
    status: Literal["accepted", "rejected", "needs_review"]
    file: str | None = Field(None, description="the file holding the claim's main evidence")
    reason: str | None = Field(None, description="why rejected / needs review (Chinese)")


class ExpectedCap(_Strict):
    rule: Literal["same_project_highest_level", "max_standard_projects", "annual_cap"]
    amount_before: int
    amount_after: int


class ExpectedDeclaredLine(_Strict):
    """One line of the draft's declared_vs_supported, in its order (the form's rows, then claims not declared)."""

    article: int | None = None
    clause: int | None = None
    status: Literal["matched", "amount_differs", "item_differs", "needs_review", "not_supported",
                    "declared_not_found", "not_declared"]
    declared_yuan: int | None = None
    supported_yuan: int | None = None


class ExpectedDeclared(_Strict):
    summary: str = Field(description="the start of the draft's declared.summary (申报 N 项 X 万元，材料支持 …)")
    lines: list[ExpectedDeclaredLine]


class Expected(_Strict):
    eligibility: Literal["eligible", "ineligible", "needs_review"]
    failed_checks: list[str] = Field(default_factory=list)
    claims: list[ExpectedClaim]
    caps: list[ExpectedCap] = Field(default_factory=list)
    total_yuan: int = Field(ge=0)
    declared: ExpectedDeclared | None = Field(None, description="the packet's 申报表 against its claims")

    @model_validator(mode="after")
    def _total_consistent(self) -> Expected:
        accepted = sum(c.amount_yuan for c in self.claims if c.status == "accepted")
        after_caps = self.caps[-1].amount_after if self.caps else accepted
        want = 0 if self.eligibility == "ineligible" else min(accepted, after_caps)
        if self.total_yuan != want:
            raise ValueError(f"total_yuan {self.total_yuan} disagrees with the claims and caps ({want})")
        return self


class PacketTruth(_Strict):
    packet: str
    description: str
    as_of: date
    period: Period
    ledger_granted_yuan: int = 0
    applicant: Applicant
    files: list[FileTruth]
    expected: Expected

    @model_validator(mode="after")
    def _unique_files(self) -> PacketTruth:
        names = [f.file for f in self.files]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate file names in {self.packet}")
        return self


TRUTH_DIR = Path(__file__).parent / "truth"


def load_truth(path: Path) -> PacketTruth:
    truth = PacketTruth.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if truth.packet != path.stem:
        raise ValueError(f"{path.name}: packet {truth.packet!r} must match the file name")
    return truth


def all_truths(directory: Path = TRUTH_DIR) -> list[PacketTruth]:
    return [load_truth(p) for p in sorted(directory.glob("*.yaml"))]
