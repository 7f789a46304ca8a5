"""The truth.yaml schema shared with the development corpus (../shared/corpus/README.md), strictly: an unknown key
anywhere is an error, every documented key must be present, dates are ISO (YYYY-MM-DD, or YYYY-MM where the
document prints no day), USCCs carry a valid GB 32100 check character, standard codes are normalised with —.

`load(path)` reads either this generator's output or the corpus; the benchmark can rely on one shape for both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from samples.uscc import is_valid

KINDS = ("business_licence", "credit_report", "award_certificate", "award_notice", "standard", "approval",
         "certification", "appointment", "other")
DELIVERY_NAMES = ("text_pdf", "scan_pdf", "pil_pdf", "ocr_pdf", "copy_pdf", "scan_jpg", "scan_png", "copy_jpg",
                  "photo_jpg", "png", "mixed_pdf", "mixed_pdf:image", "mixed_pdf:text_layer")
TAGS = ("tune", "report")

_ISO = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")
STANDARD_CODE = re.compile(r"(GB|GB/T|GB/Z|DB\d\d/T|DB\d\d|T/[A-Z]+|[A-Z]{2}/T)\s\d+(\.\d+)?—\d{4}")


def _iso(v: str) -> str:
    if not _iso_ok(v):
        raise ValueError(f"not an ISO date (YYYY-MM-DD or YYYY-MM): {v!r}")
    return v


def _iso_ok(v: str) -> bool:
    return bool(_ISO.fullmatch(v))


def _uscc(v: str) -> str:
    if not is_valid(v):
        raise ValueError(f"invalid USCC (GB 32100 check character): {v!r}")
    return v


def _code(v: str) -> str:
    if not STANDARD_CODE.fullmatch(v):
        raise ValueError(f"standard code not normalised ('GB/T 12345—2024'): {v!r}")
    return v


IsoDate = Annotated[str, AfterValidator(_iso)]
Uscc = Annotated[str, AfterValidator(_uscc)]
StdCode = Annotated[str, AfterValidator(_code)]
Rank = Literal["一等奖", "二等奖", "三等奖"]
# Notices of 中国质量奖 / 市长质量奖 name nominees beside winners; the row's rank says which (our convention).
NoticeRank = Literal["一等奖", "二等奖", "三等奖", "提名奖"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BusinessLicence(_Strict):
    name: str
    uscc: Uscc
    kind: str
    legal_rep: str
    established: IsoDate
    address: str
    registered_capital: str
    authority: str
    issue_date: IsoDate
    term: str | None


class Penalty(_Strict):
    number: str
    date: IsoDate
    serious: bool
    authority: str


class Listing(_Strict):
    list: str
    date: IsoDate
    authority: str


class Abnormal(_Strict):
    date: IsoDate
    reason: str
    removed: IsoDate | None


class CreditReport(_Strict):
    title: str
    subject: str
    uscc: Uscc | None
    report_no: str
    report_date: IsoDate
    issuer: str
    penalties: list[Penalty]
    dishonest: list[Listing]
    abnormal: list[Abnormal]
    id_masked: str | None = None
    subject_kind: Literal["individual"] | None = None

    @model_validator(mode="after")
    def _person_or_organisation(self) -> CreditReport:
        person = self.subject_kind == "individual"
        if person != (self.uscc is None) or person != (self.id_masked is not None):
            raise ValueError("a person's report has uscc null, id_masked and subject_kind: individual; "
                             "an organisation's has a uscc and neither")
        return self


class AwardCertificate(_Strict):
    recipient: str
    recipient_kind: Literal["organization", "individual"]
    employer: str | None
    honour: str
    level: Literal["national", "municipal", "district"]
    rank: Rank | None
    year: int
    issuer: str
    date: IsoDate
    project: str | None
    cert_no: str | None
    co_units: list[str] | None = None

    @model_validator(mode="after")
    def _employer_for_persons(self) -> AwardCertificate:
        if (self.recipient_kind == "individual") != (self.employer is not None):
            raise ValueError("employer is given for individual recipients and only for them")
        return self


class NoticeUnit(_Strict):
    unit: str
    rank: NoticeRank | None
    project: str | None


class AwardNotice(_Strict):
    title: str
    honour: str
    level: Literal["national", "municipal", "district"]
    issuer: str
    date: IsoDate
    doc_no: str
    units: list[NoticeUnit] = Field(min_length=1)


class Standard(_Strict):
    code: StdCode
    code_as_printed: str
    title: str
    publish_date: IsoDate
    implement_date: IsoDate
    issuer: str
    drafting_units: list[str] = Field(min_length=1)
    replaces: list[StdCode]
    level: Literal["national", "industry", "local", "group"]


class Approval(_Strict):
    committee: str
    code: str
    kind: Literal["TC", "SC", "WG"]
    level: Literal["international", "national", "municipal"]
    holder: str
    issuer: str
    date: IsoDate
    doc_no: str
    committee_en: str | None = None


class Certification(_Strict):
    holder: str
    kind: str
    number: str
    first_issue_date: IsoDate | None
    issue_date: IsoDate
    certification_type: Literal["initial", "renewal"] | None
    valid_until: IsoDate
    issuer: str
    standard: str | None = None
    scope: str | None = None
    product: str | None = None
    manufacturer: str | None = None
    models: list[str] | None = None
    address: str | None = None


class Appointment(_Strict):
    person: str
    role: Literal["首席质量官", "标准化总监"]
    employer: str
    training_cert_no: str | None
    date: IsoDate
    term_end: IsoDate | None
    doc_no: str | None = None
    training_issuer: str | None = None
    training_issue_date: IsoDate | None = None


class Other(_Strict):
    title: str
    applicant: str


FIELDS: dict[str, type[_Strict]] = {
    "business_licence": BusinessLicence, "credit_report": CreditReport, "award_certificate": AwardCertificate,
    "award_notice": AwardNotice, "standard": Standard, "approval": Approval, "certification": Certification,
    "appointment": Appointment, "other": Other,
}
# Keys a family may leave out (the corpus prints them only where the document has them).
OPTIONAL: dict[str, tuple[str, ...]] = {
    kind: tuple(n for n, f in model.model_fields.items() if not f.is_required()) for kind, model in FIELDS.items()
}


class Hints(_Strict):
    """Layout facts that are not printed values (not meant to be extracted)."""

    rows: int | None = None
    unit_position_in_cell: dict[str, int] | None = None
    committees_in_document: int | None = None
    addressed_to_holder: bool | None = None
    change: str | None = None
    validity_printed_as: str | None = None
    table_pages: int | None = Field(None, description="pages the winner/penalty table runs over")


class Entry(_Strict):
    id: str
    file: str
    pages: list[int] = Field(min_length=1)
    type: Literal[KINDS]  # type: ignore[valid-type]
    family: str
    delivery: Literal[DELIVERY_NAMES]  # type: ignore[valid-type]
    content_rotation_cw: Literal[90, 180, 270] | None = None
    page_rotations_cw: list[Literal[0, 90, 180, 270]] | None = None
    region: Literal["top", "bottom", "left", "right"] | None = None
    fields: dict
    notes: str | None = None
    hints: Hints | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Entry:
        FIELDS[self.type].model_validate(self.fields)
        if self.page_rotations_cw is not None and len(self.page_rotations_cw) != len(self.pages):
            raise ValueError(f"{self.id}: page_rotations_cw needs one angle per page")
        if not self.file.startswith("documents/"):
            raise ValueError(f"{self.id}: files live under documents/")
        return self


class FamilyInfo(_Strict):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    tag: Literal[TAGS]  # type: ignore[valid-type]


class Truth(_Strict):
    corpus: str
    seed: int
    documents: int
    files: int
    note: str
    set: Literal["tune", "report", "all"] | None = None
    families: dict[str, FamilyInfo] | None = Field(
        None, description="generated sets only: every family's kind and tag (report = never tuned on)")
    entries: list[Entry]

    @model_validator(mode="after")
    def _counts(self) -> Truth:
        ids = [e.id for e in self.entries]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate entry ids")
        if self.documents != len(self.entries):
            raise ValueError(f"documents: {self.documents}, but {len(self.entries)} entries")
        if self.files != len({e.file for e in self.entries}):
            raise ValueError(f"files: {self.files}, but {len({e.file for e in self.entries})} distinct files")
        if self.families is not None:
            for e in self.entries:
                info = self.families.get(e.family)
                if info is None or info.kind != e.type:
                    raise ValueError(f"{e.id}: family {e.family!r} is not listed under families with kind {e.type}")
        return self


def load(path: Path) -> Truth:
    return Truth.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
