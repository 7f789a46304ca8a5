"""The vocabulary shown to reviewers, defined once: every code with its Chinese label.

Each enum's value is the code stored in review.json (a contract: codes never change); `.label` is what a reviewer
reads. Renderers, the workspace, the decision code and the policy models all take their words from here
(OpenFisca's Enum pattern), so a label is changed in one place.
"""

from __future__ import annotations

from enum import Enum


class Vocab(str, Enum):
    """A code (the value) with its Chinese label."""

    def __new__(cls, code: str, label: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        return obj

    def __str__(self) -> str:  # f-strings and joins give the code, as a plain str would
        return self.value

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {m.value: m.label for m in cls}

    @classmethod
    def label_of(cls, code: str | None, default: str = "—") -> str:
        if code is None or code == "":
            return default
        try:
            return cls(code).label
        except ValueError:
            return str(code)


class Level(Vocab):
    """Level of an honour or of the body that grants it; in the order Art. 23(2) ranks them (lowest first)."""

    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    NATIONAL = "national", "国家级"
    INTERNATIONAL = "international", "国际"

    @property
    def order(self) -> int:
        return list(Level).index(self)


class CheckStatus(Vocab):
    PASS = "pass", "通过"
    FAIL = "fail", "不通过"
    NEEDS_REVIEW = "needs_review", "待人工审核"


class EligibilityStatus(Vocab):
    ELIGIBLE = "eligible", "符合申报条件"
    INELIGIBLE = "ineligible", "不符合申报条件"
    NEEDS_REVIEW = "needs_review", "待人工审核"


class ClaimStatus(Vocab):
    ACCEPTED = "accepted", "予以支持"
    REJECTED = "rejected", "不予支持"
    NEEDS_REVIEW = "needs_review", "待审核"


class ApplicantKind(Vocab):
    ORGANIZATION = "organization", "组织（单位）"
    INDIVIDUAL = "individual", "个人"


class DocumentStatus(Vocab):
    OK = "ok", "已读取"
    PARTIAL = "partial", "部分读取"
    ERROR = "error", "无法读取"


class AmountKind(Vocab):
    FIXED = "fixed", "定额"
    CEILING = "ceiling", "最高限额"
    NONE = "none", "无金额"


class EvidenceSource(Vocab):
    TEXT_LAYER = "text_layer", "PDF 文字层"
    OCR = "ocr", "OCR 识别"
    SEAL = "seal", "印章文字识别"
    OFFICE = "office", "Word/Excel 原文"
    LEDGER = "ledger", "资金台账"
    DERIVED = "derived", "推算"


class DeclaredStatus(Vocab):
    """A 申报表 row against the materials (review.json `declared_vs_supported[].status`)."""

    MATCHED = "matched", "一致"
    AMOUNT_DIFFERS = "amount_differs", "金额不一致"
    ITEM_DIFFERS = "item_differs", "项目不一致"
    NEEDS_REVIEW = "needs_review", "待审核"
    NOT_SUPPORTED = "not_supported", "材料不予支持"
    DECLARED_NOT_FOUND = "declared_not_found", "申报但未见材料"
    NOT_DECLARED = "not_declared", "有材料未申报"


class KindRole(Vocab):
    """What a document kind is for in a packet."""

    IDENTITY = "identity", "主体身份材料"
    HONOUR = "honour", "荣誉/资质证明材料"
    OTHER = "other", "其他材料"


class PartyRole(Vocab):
    """In what role a party (the applicant above all) appears on an honour document."""

    HOLDER = "holder", "获得者/持有人"
    RECIPIENT = "recipient", "获奖单位/个人"
    COMPLETING_UNIT = "completing_unit", "完成单位"
    DRAFTING_UNIT = "drafting_unit", "起草单位"
    EMPLOYER = "employer", "所在单位"
    MANUFACTURER = "manufacturer", "生产企业"
    ISSUER = "issuer", "颁发/发文机关"
    ADDRESSEE = "addressee", "主送单位"
    MENTIONED = "mentioned", "文中提及"


class CertificationType(Vocab):
    INITIAL = "initial", "初次认证/发证"
    RENEWAL = "renewal", "再认证/换证"


RANKS: tuple[str, ...] = ("特等奖", "一等奖", "二等奖", "三等奖")
