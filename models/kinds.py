"""What a kind of document is, as data: its label, its role in a packet, the cues that type it, its fields.

One YAML file per kind under `pipeline/kinds/` mirrors `DocumentKind` one to one (unknown keys are refused);
`pipeline.kinds` loads them and is the one registry that classification, extraction, decisions, renderers, the
benchmark and the samples read. Nothing here does I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.vocab import KindRole, PartyRole

# How a field's value is read and normalised (pipeline/extract/values.py has one reader per type).
ValueType = Literal[
    "text", "title", "org", "party", "person", "address", "date", "uscc", "id_number", "money", "code", "doc_no",
    "standard_code", "standard_level", "list", "records", "year", "level", "rank", "honour", "applicant_kind",
    "certification_type", "mapping", "counts", "term",
]
# Where the value stands relative to its printed label; `anywhere`: found by its pattern with no label.
Position = Literal["right", "below", "above", "anywhere"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unstated(_Strict):
    """The value of a field that a document prints nothing for, where documents of that sort print the field's
    other value whenever it holds (a product certificate prints its 换证 date when renewed)."""

    value: str
    when: dict[str, tuple[str, ...]] = Field(description="field → the values it must have for this to apply")
    note: str = Field(description="what the reviewer is told: why the value was taken and what to check")


class FieldSpec(_Strict):
    label: str = Field(description="the field's name shown to reviewers")
    labels: tuple[str, ...] = Field((), description="label variants printed on documents, most specific first")
    value: ValueType = "text"
    position: tuple[Position, ...] = ("right", "below")
    multiline: bool = Field(False, description="the value may wrap onto the lines under it")
    reader: str | None = Field(None, description="a reader of code fills this field (pipeline/extract/readers)")
    record_keys: tuple[str, ...] = Field((), description="records: the sub-fields that identify one record")
    anchored: bool = Field(False, description="read for a named party (the applicant), not for the page at large")
    columns: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="records: sub-field → the column headers or row labels that print it")
    choices: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="canonical value → phrases that show it on the page (most specific first)")
    seal: bool = Field(False, description="when no value stands by the label: the registered body whose round seal "
                       "the document carries (the seal's ring text matched to pipeline/bodies/issuing_bodies.yaml)")
    signature: bool = Field(False, description="when no value stands by the label: the registered body that signs "
                            "the document (the name over the signature block's date)")
    unstated: Unstated | None = Field(None, description="the value taken when the page prints none (see Unstated)")
    tags: tuple[str, ...] = Field((), description="records: bracketed tags that mark a record of this field printed "
                                  "on one line (简版报告 〔一般〕2020-03-12 …)")
    completes: tuple[str, ...] = Field(
        (), description="the closed list of values the field takes: a reading cut short at its end (OCR lost the "
        "last characters, a closing bracket) is completed to the one entry it begins")


class DocumentKind(_Strict):
    kind: str
    label: str
    role: KindRole
    classifiable: bool = Field(True, description="False for kinds that only the reader assigns (unreadable files)")
    title_cues: tuple[str, ...] = Field((), description="phrases that mark a document's first page")
    cues: dict[str, float] = Field(default_factory=dict, description="phrase → weight for typing a page")
    holder_field: str | None = Field(None, description="the field naming who holds the honour or identity")
    holder_role: PartyRole | None = Field(None, description="the role the applicant must have on the document")
    date_field: str | None = Field(None, description="the field holding the document's own date")
    issuer_field: str | None = None
    reader: str | None = Field(None, description="the kind's reader of code, for what labels cannot express")
    absorbs: tuple[str, ...] = Field((), description="titles of parts that belong to a document of this kind when "
                                     "they share its page (the training certificate copied under an appointment)")
    names_items: bool = Field(False, description="the document names catalog items (award names, certifications)")
    fields: dict[str, FieldSpec] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _roles_name_fields(self) -> DocumentKind:
        for attr in ("holder_field", "date_field", "issuer_field"):
            name = getattr(self, attr)
            if name is not None and name not in self.fields:
                raise ValueError(f"{attr} '{name}' is not one of the fields: {sorted(self.fields)}")
        for name, spec in self.fields.items():
            if spec.value == "records" and not spec.record_keys:
                raise ValueError(f"field '{name}': records need record_keys")
            for other, values in (spec.unstated.when.items() if spec.unstated else ()):
                choices = self.fields[other].choices if other in self.fields else None
                if choices is None:
                    raise ValueError(f"field '{name}': unstated.when names '{other}', not one of the fields")
                unknown = [v for v in values if choices and v not in choices]
                if unknown:
                    raise ValueError(f"field '{name}': unstated.when '{other}' values {unknown} are not its choices")
        return self

    @property
    def all_labels(self) -> tuple[str, ...]:
        return tuple(lb for spec in self.fields.values() for lb in spec.labels)


class IssuingBody(_Strict):
    """A body that issues certificates, notices, reports or licences (pipeline/bodies/issuing_bodies.yaml)."""

    name: str
    level: Literal["international", "national", "municipal", "district"]
    aliases: tuple[str, ...] = ()


class IssuingBodies(_Strict):
    bodies: tuple[IssuingBody, ...]
    regions: tuple[str, ...] = Field((), description="place names that bodies' names begin with (上海市金山区): an "
                                     "authority read one look-alike character off one is corrected to it")


class HonourNames(_Strict):
    """Canonical names of honours and the printed forms read for them (pipeline/extract/honour_names.yaml)."""

    names: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _each_form_once(self) -> HonourNames:
        seen: dict[str, str] = {}
        for name, forms in self.names.items():
            for f in forms:
                if f in seen and seen[f] != name:
                    raise ValueError(f"form '{f}' is given for both '{seen[f]}' and '{name}'")
                seen[f] = name
        return self
