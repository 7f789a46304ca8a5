"""The policy catalog as data: support items and cross-cutting parameters, each dated and cited.

These models mirror the YAML under `pipeline/policies/<policy-id>/` one to one. They reject unknown keys,
accept dates only as ISO strings (YYYY-MM-DD), and check that every citation names the article and clause
of the thing it supports. Reading files is the loader's job (`pipeline.policy`); nothing here does I/O.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from models import vocab
from models.draft import Citation

Recipient = Literal[tuple(v.value for v in vocab.ApplicantKind)]
Level = Literal[tuple(v.value for v in vocab.Level)]
Rank = Literal["一等奖", "二等奖", "三等奖"]
AmountKind = Literal["fixed", "ceiling", "none"]
Category = Literal["award", "standard", "standardization_body", "quality_infrastructure", "certification", "personnel"]

# Lowest first: Art. 23(2) pays only the highest level of one project ("就高不就低").
LEVEL_ORDER: tuple[Level, ...] = tuple(v.value for v in vocab.Level)
LEVEL_LABELS: dict[str, str] = vocab.Level.labels()

# What a claim must show for an item; the checker maps each to evidence. Fixed so a typo is a load error.
Condition = Literal[
    "first_time",  # 首次
    "re_certification",  # 再认证
    "per_occurrence",  # 每次
    "newly_undertaken",  # 新承担
    "led",  # 主导
    "participated",  # 参与
    "drafting",  # 制订
    "revision_allowed",  # 修订 is paid at most revision_ratio of the drafting ceiling
    "series_mergeable",  # 系列标准或分部分标准视情况合并为一个项目
    "preparation_approved",  # 获批筹建
    "formally_approved",  # 正式获批建立
    "approved_for_implementation",  # 经标准化行政主管部门批准实施
    "accepted_on_inspection",  # 通过验收
    "selected_or_named",  # 入选或取得命名
    "self_declared_public",  # 在上海市标准信息公共服务平台自我声明公开
    "district_social_organization",  # 区内社团组织
    "trained_and_qualified",  # 经培训合格
    "excludes_government_free_training",  # 政府部门等组织的公益培训除外
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CN_DIGITS = "零一二三四五六七八九"


def _iso_date_only(value: Any) -> Any:
    """Accept 'YYYY-MM-DD' (or a date already built); refuse 2025/04/01, 2025-4-1, 20250401, 2025年4月1日."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value)  # still raises for 2025-02-30
    raise ValueError(f"日期必须是 ISO 格式 YYYY-MM-DD，读到 {value!r}")


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def chinese_number(n: int) -> str:
    """1..99 in the numerals the policy uses for articles and clauses (五, 十四, 二十三)."""
    if not 1 <= n <= 99:
        raise ValueError(f"number out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def citation_label(article: int, clause: int | None = None) -> str:
    """The reviewer's label: 第十四条第（二）项, or 第十四条 when there is no clause."""
    label = f"第{chinese_number(article)}条"
    if clause is not None:
        label += f"第（{chinese_number(clause)}）项"
    return label


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_citation(citation: Citation, article: int, clause: int | None, what: str) -> None:
    if citation.article != article or citation.clause != clause:
        raise ValueError(
            f"{what}: citation points at article {citation.article} clause {citation.clause}, "
            f"expected article {article} clause {clause}"
        )
    expected = citation_label(article, clause)
    # A label may go finer than the clause (第十四条第二款), never elsewhere.
    if not citation.label.startswith(expected):
        raise ValueError(f"{what}: citation label {citation.label!r} should start with {expected!r}")
    if not citation.text.strip():
        raise ValueError(f"{what}: citation text is empty")


class Item(_Strict):
    """One distinct paid thing of Arts. 5–22, e.g. 中国标准创新贡献奖标准项目奖一等奖 for an organisation."""

    id: str = Field(pattern=r"^art\d{2}-[0-9a-z]+(-[0-9a-z]+)*$")
    article: int = Field(ge=5, le=22)
    clause: int | None = Field(None, ge=1)
    name: str = Field(min_length=1, description="the item in the policy's words")
    aliases: list[str] = Field(default_factory=list, description="names on certificates and notices")
    code_prefixes: list[str] = Field(
        default_factory=list, description="standard code prefixes (GB/T, DB31/T, T/ …) that identify an Art. 14 item"
    )
    standard_kinds: list[str] = Field(
        default_factory=list, description="Art. 14: the kinds of standard this item pays (keys of standards.yaml)"
    )
    recipient: Recipient
    level: Level | None = None
    rank: Rank | None = None
    amount_yuan: int | None = Field(None, ge=0)
    amount_kind: AmountKind
    conditions: list[Condition] = Field(default_factory=list)
    project: str | None = Field(None, description="Art. 23(2) group: levels of one project pay only the highest")
    category: Category
    needs_review: bool = False
    review_reason: str | None = None
    interpretation: str | None = Field(None, description="our reading of an ambiguous text, shown to the reviewer")
    citation: Citation
    valid_from: IsoDate
    valid_to: IsoDate | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        _check_citation(self.citation, self.article, self.clause, self.id)
        if (self.amount_kind == "none") != (self.amount_yuan is None):
            raise ValueError(f"{self.id}: amount_kind 'none' goes with amount_yuan null and only then")
        if self.needs_review and not self.review_reason:
            raise ValueError(f"{self.id}: needs_review without review_reason")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.id}: valid_to before valid_from")
        if not self.id.startswith(f"art{self.article:02d}-"):
            raise ValueError(f"{self.id}: id must start with art{self.article:02d}-")
        return self

    def in_force(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of <= self.valid_to)


ParameterScalar = bool | int | float | str
ParameterValueType = ParameterScalar | list[str]


class ParameterValue(_Strict):
    """One dated value of a parameter; a repeal is a value of null from the repeal date."""

    valid_from: IsoDate
    valid_to: IsoDate | None = None
    value: ParameterValueType | None
    citation: Citation

    def in_force(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of <= self.valid_to)

    @model_validator(mode="after")
    def _consistent(self) -> ParameterValue:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to before valid_from")
        _check_citation(self.citation, self.citation.article, self.citation.clause, "parameter value")
        return self


class Parameter(_Strict):
    """A cross-cutting rule of Arts. 3, 14, 23, 24 or 27 as a named, dated value."""

    description: str
    unit: Literal["yuan", "count", "ratio", "years", "flag", "list", "text"]
    values: list[ParameterValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Parameter:
        ordered = sorted(self.values, key=lambda v: v.valid_from)
        for earlier, later in zip(ordered, ordered[1:]):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(f"values overlap at {later.valid_from}")
        return self


class InForce(_Strict):
    start: IsoDate
    end: IsoDate
    citation: Citation


class PolicyHeader(_Strict):
    """policy.yaml: what the policy is and when it holds."""

    id: str
    version: str
    title: str
    document_number: str
    issuer: str
    issued_on: IsoDate
    in_force: InForce
    supersedes: list[str] = Field(default_factory=list)
    source_text: str = Field(description="file beside policy.yaml holding the policy text the citations quote")


class StandardKind(_Strict):
    """standards.yaml: one kind of standard code and what Art. 14 does with it — the clause whose items pay it,
    or the reason it pays nothing. Shown to the reviewer with its citation."""

    label: str = Field(description="the kind in the reviewer's words: 行业标准, 企业标准（Q/…）…")
    clause: int | None = Field(None, ge=1, le=5, description="the Art. 14 clause whose items pay this kind")
    refused: str | None = Field(None, description="why Art. 14 pays nothing for this kind")
    review: str | None = Field(None, description="paid, but this must be confirmed by the reviewer")
    interpretation: str | None = Field(None, description="our reading of the text for this kind")
    roles_refused: dict[Literal["led", "participated"], str] = Field(
        default_factory=dict, description="a role the text does not pay for this kind → why")
    citation: Citation

    @model_validator(mode="after")
    def _consistent(self) -> StandardKind:
        if (self.clause is None) == (self.refused is None):
            raise ValueError(f"{self.label}: give either clause (paid) or refused (why not), not both or neither")
        if self.citation.article != 14:
            raise ValueError(f"{self.label}: the citation must be of article 14")
        if self.clause is not None and self.citation.clause != self.clause:
            raise ValueError(f"{self.label}: citation clause {self.citation.clause}, kind clause {self.clause}")
        if self.review and not self.interpretation:
            raise ValueError(f"{self.label}: a kind paid under review says why in its interpretation")
        return self


class StandardsFile(_Strict):
    """standards.yaml: every kind of standard code (pipeline/extract/codes.py `StandardCode.kind`)."""

    kinds: dict[str, StandardKind] = Field(min_length=1)


class ArticleFile(_Strict):
    """items/artNN.yaml: the items of one article."""

    article: int = Field(ge=5, le=22)
    title: str
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _items_belong(self) -> ArticleFile:
        for item in self.items:
            if item.article != self.article:
                raise ValueError(f"{item.id}: article {item.article} in the file of article {self.article}")
        return self
