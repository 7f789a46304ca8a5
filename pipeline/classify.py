"""Splitting a file into documents and saying what each document is, with the words that decided it.

Every page is scored against cue phrases per document type. Title cues (the words a document's first page
carries, such as 营业执照 or 荣誉证书) start a new document; a page without a title cue that scores for the same
type as the document before it, or for nothing, continues that document (the second page of a credit report,
the foreword after a standard's cover, a certificate's annex). Two certificates in a row both carry a title
cue, so they are two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.reading import DocumentText, FileText, PageText
from pipeline.read.layout import TextView

# (type, cue, weight). Title cues are marked separately below; weights favour phrases that only one kind of
# document carries.
CUES: dict[str, list[tuple[str, float]]] = {
    "business_licence": [("营业执照", 4), ("法定代表人", 1.5), ("经营范围", 2), ("注册资本", 1.5), ("登记机关", 1.5),
                         ("成立日期", 1), ("住所", 0.5), ("类型", 0.3)],
    "credit_report": [("信用报告", 4), ("公共信用信息", 3), ("信用信息概要", 3), ("报告编号", 1.5),
                      ("行政处罚信息", 2), ("严重失信主体名单", 2), ("经营异常名录", 1.5), ("未查见", 1.5),
                      ("查询", 0.5), ("信用中国", 2)],
    "award_notice": [("名单", 1), ("的通知", 2), ("的决定", 2), ("的公告", 2), ("序号", 1.5), ("获奖", 1),
                     ("完成单位", 1.5), ("项目名称", 1.5), ("各有关单位", 2), ("特此公告", 2), ("现将", 1.5)],
    "award_certificate": [("荣誉证书", 5), ("特发此证", 3), ("授予", 1), ("荣获", 1.5), ("获得", 0.5),
                          ("奖", 0.5), ("证书", 0.5)],
    "certification": [("认证证书", 4), ("资质认定证书", 4), ("认可证书", 4), ("CNAS", 2), ("CMA", 2),
                      ("上海品牌", 1.5), ("认证范围", 2), ("有效期", 1), ("证书编号", 1), ("初次认证", 2),
                      ("再认证", 2), ("认可委员会", 2), ("检验检测机构", 1.5), ("管理体系", 1),
                      ("节能产品", 1.5), ("低碳产品", 1.5), ("绿色产品", 1.5)],
    "standard": [("ICS", 3), ("前言", 2), ("起草单位", 3), ("发布", 0.5), ("实施", 0.5), ("代替", 1.5),
                 ("国家标准", 2), ("行业标准", 2), ("地方标准", 2), ("团体标准", 2), ("CCS", 2), ("GB/T", 1.5),
                 ("起草人", 2), ("本文件", 1.5)],
    "approval": [("秘书处", 3), ("批复", 3), ("同意", 1), ("承担", 1.5), ("试点", 1.5), ("示范区", 2),
                 ("计量测试中心", 2), ("质检中心", 2), ("标准化技术委员会", 2), ("筹建", 2), ("验收", 1.5),
                 ("领跑者", 1)],
    "appointment": [("首席质量官", 4), ("标准化总监", 4), ("聘任", 3), ("聘书", 4), ("聘请", 2), ("培训合格", 2)],
    "application_form": [("申报表", 5), ("申请表", 5), ("申报单位", 2), ("联系人", 1), ("申报项目", 2)],
    "id_card": [("居民身份证", 5), ("公民身份号码", 5), ("签发机关", 1.5), ("有效期限", 1), ("出生", 1), ("民族", 1)],
}

# Phrases that mark the first page of a document of that type.
TITLE_CUES: dict[str, list[str]] = {
    "business_licence": ["营业执照"],
    "credit_report": ["信用报告", "公共信用信息报告"],
    "award_notice": ["的通知", "的决定", "的公告", "名单公示"],
    "award_certificate": ["荣誉证书", "获奖证书", "证书"],
    "certification": ["认证证书", "资质认定证书", "认可证书"],
    "standard": ["ICS", "CCS"],
    "approval": ["批复", "的函", "复函"],
    "appointment": ["聘书", "任命书", "聘任书"],
    "application_form": ["申报表", "申请表"],
    "id_card": ["居民身份证", "公民身份号码"],
}

MIN_SCORE = 2.0


@dataclass
class PageVerdict:
    page: int
    type: str
    score: float
    title: bool
    cues: list[str]


def _norm(text: str) -> str:
    # OCR and layout put spaces inside words; full-width letters appear in codes.
    text = text.replace("／", "/")
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
    return text


def classify_page(page: PageText) -> PageVerdict:
    text = _norm(TextView(page.spans).text)
    head = _norm(TextView(_top_spans(page)).text)
    best = PageVerdict(page.page, "other", 0.0, False, [])
    for kind, cues in CUES.items():
        found = [c for c, _ in cues if c in text]
        score = sum(w for c, w in cues if c in text)
        # "认可证书附件" is the annex of a certificate, not a new certificate.
        titles = [t for t in TITLE_CUES.get(kind, []) if t in head and f"{t}附件" not in head]
        if titles:
            score += 3
        if score > best.score:
            best = PageVerdict(page.page, kind, score, bool(titles), titles + [c for c in found if c not in titles])
    if best.score < MIN_SCORE:
        return PageVerdict(page.page, "other", best.score, False, best.cues)
    return best


def _top_spans(page: PageText):
    """Spans in the top third of the page, where titles are."""
    if not page.spans:
        return []
    top = min(s.bbox[1] for s in page.spans)
    bottom = max(s.bbox[3] for s in page.spans)
    cut = top + (bottom - top) / 3
    return [s for s in page.spans if s.bbox[1] <= cut]


def split_and_classify(ft: FileText) -> list[DocumentText]:
    docs: list[DocumentText] = []
    verdicts = [classify_page(p) for p in ft.pages]
    for page, v in zip(ft.pages, verdicts):
        prev = docs[-1] if docs else None
        # Only a title cue (营业执照, 荣誉证书, ICS …) starts a new document; any other page continues the one
        # before it (a report's second page, a standard's foreword, a certificate's annex or back side).
        continues = prev is not None and not v.title
        if continues:
            prev.pages.append(page.page)
            prev.spans.extend(page.spans)
            continue
        evidence = [f"第{page.page}页含“{c}”" for c in v.cues[:4]] or [f"第{page.page}页未见可识别的文书特征"]
        docs.append(DocumentText(file=ft.file, sha256=ft.sha256, pages=[page.page], type=v.type,
                                 type_evidence=evidence, confidence=min(1.0, v.score / 6), spans=list(page.spans)))
    return docs
