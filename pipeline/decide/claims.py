"""From the facts of honour documents to claims: which catalog item, for how much, and whether it holds.

One claim per distinct honour: a certificate and the announcement that lists the same honour become one claim
with both pieces of evidence. Each claim's status comes from the per-claim rules (recipient, period, first-time,
recipient kind, reviewer-only items); the Art. 23 caps come after, in caps.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from models.draft import Claim, Evidence
from models.facts import DocumentFacts
from models.policy import Item
from models.vocab import Level, PartyRole
from pipeline.bodies import find_issuer, is_issuer
from pipeline.decide.context import Applicant, Context
from pipeline.decide.eligibility import _parse_date
from pipeline.extract.roles import is_sub_unit
from pipeline.kinds import kind as get_kind
from pipeline.kinds import of_role

HONOUR_TYPES = of_role("honour")
LEVEL_LABELS = Level.labels()  # the reviewer's words for levels (models.vocab), read by the caps


@dataclass
class ClaimDraft:
    """A claim while the rules are applied; becomes a models.draft.Claim at the end."""

    key: str
    item: Item
    facts: list[DocumentFacts]
    amount: int
    status: str = "accepted"
    reasons: list[str] = field(default_factory=list)
    honour_date: date | None = None
    subject: str | None = None  # the standard's code, the project's name … what makes it distinct
    capped_by: str | None = None  # the Art. 23 rule that removed it (set by caps.py)

    def reject(self, reason: str) -> None:
        self.status = "rejected"
        self.reasons.append(reason)

    def review(self, reason: str) -> None:
        if self.status != "rejected":
            self.status = "needs_review"
        self.reasons.append(reason)

    @property
    def evidence(self) -> list[Evidence]:
        out: list[Evidence] = []
        for f in self.facts:
            for fact in [*f.fields.values(), *f.items.values()]:
                for e in fact.evidence:
                    if e not in out:
                        out.append(e)
        return out


def _same_org(a: str | None, b: str | None) -> tuple[bool, float]:
    from pipeline.extract.fuzzy import same_organization

    if not a or not b:
        return False, 0.0
    same, score = same_organization(a, b)
    return same, score / 100.0  # fuzzy scores are 0–100; the rules here read 1.0 as "identical"


# ---------------------------------------------------------------- item selection
def standard_kind_of(f: DocumentFacts, ctx: Context):
    """(kind key, the catalog's StandardKind or None) of a standard document, from its code."""
    from pipeline.extract.codes import standard_kind

    key = standard_kind(str(f.get("code") or ""))
    return key, ctx.policy.standard_kinds.get(key) if key else None


def _standard_items(f: DocumentFacts, ctx: Context, role: str | None) -> tuple[list[Item], str | None]:
    """The Art. 14 items that pay this standard's kind for the applicant's role, or the catalog's reason why none
    does."""
    code = f.get("code") or "未读出"
    key, k = standard_kind_of(f, ctx)
    if k is None:
        return [], f"标准编号“{code}”未能识别为第十四条所列的标准类别（国际、国家、行业、上海市地方、团体标准），请核对"
    if k.refused:
        return [], f"标准编号“{code}”为{k.label}：{k.refused}（{k.citation.label}）"
    items = [i for i in ctx.policy.items_as_of(ctx.as_of) if i.category == "standard" and key in i.standard_kinds]
    wanted = role or "participated"
    if role in k.roles_refused:
        return [], f"标准编号“{code}”为{k.label}：{k.roles_refused[role]}（{k.citation.label}）"
    chosen = [i for i in items if wanted in i.conditions] or items
    return chosen, None if chosen else f"标准编号“{code}”为{k.label}，本细则在执行期内无对应支持项目"


def _standard_role(f: DocumentFacts, a: Applicant) -> tuple[str | None, str]:
    units = f.get("drafting_units") or []
    for i, u in enumerate(units):
        if _same_org(u, a.name)[0]:
            return ("led" if i == 0 else "participated"), u
    return None, "、".join(units[:4])


def _candidates(f: DocumentFacts, ctx: Context) -> list[tuple[Item, int]]:
    """Catalog items named on the document, with the length of the phrase that named them."""
    out = []
    for item_id, fact in f.items.items():
        try:
            item = ctx.policy.item(item_id)
        except Exception:
            continue
        if item.in_force(ctx.as_of):
            out.append((item, len(str(fact.value or ""))))
    return out


_BODY_CODE = (("分技术委员会", "SC"), ("工作组", "WG"), ("技术委员会", "TC"))


def _approval_candidates(f: DocumentFacts, ctx: Context, cands: list[tuple[Item, int]]) -> list[tuple[Item, int]]:
    """A secretariat approval names the committee, not the catalog item: pick Art. 13's item by the body's
    kind (TC/SC/WG) and level."""
    kind = str(f.get("kind") or "")
    code = kind if kind in ("TC", "SC", "WG") else next((c for word, c in _BODY_CODE if word in kind), None)
    if code is None:
        return cands
    level = f.get("level")
    art13 = [i for i in ctx.policy.items_as_of(ctx.as_of)
             if i.article == 13 and f"（{code}）" in i.name and (level is None or i.level == level)]
    return [(i, 100) for i in art13] or cands


def select_item(f: DocumentFacts, ctx: Context, a: Applicant) -> tuple[Item | None, str | None]:
    """The catalog item this document proves, or None with the reason."""
    if f.type == "standard":
        role, _ = _standard_role(f, a)
        items, why = _standard_items(f, ctx, role)
        return (items[0], None) if items else (None, why)
    # Standards are claimed from the standard itself (its code and drafting units), not from a phrase such
    # as 国家标准 in the name of the body that issued an award.
    cands = [(i, n) for i, n in _candidates(f, ctx) if i.category != "standard"]
    if f.type == "approval":
        cands = _approval_candidates(f, ctx, cands)
    if not cands:
        return None, "未能将本材料对应到本细则的支持项目"
    kind = f.get("recipient_kind") or a.kind
    pool = [(i, n) for i, n in cands if i.recipient == kind] or cands
    row = applicant_row(f, a)
    rank = f.get("rank") or (row or {}).get("rank")
    if rank:
        ranked = [(i, n) for i, n in pool if i.rank == rank]
        pool = ranked or [(i, n) for i, n in pool if i.rank is None] or pool
    else:
        pool = [(i, n) for i, n in pool if i.rank is None] or pool
    level = f.get("level")
    if level:
        pool = [(i, n) for i, n in pool if i.level in (level, None)] or pool
    if f.type == "certification":
        recert = f.get("certification_type") == "renewal"
        pool = [(i, n) for i, n in pool if ("re_certification" in i.conditions) == recert] or pool
    kind_text = f"{f.get('kind') or ''}{f.get('honour') or ''}"
    if "筹建" in kind_text:
        pool = [(i, n) for i, n in pool if "formally_approved" not in i.conditions] or pool
    elif re.search("正式|建立|成立", kind_text):
        pool = [(i, n) for i, n in pool if "preparation_approved" not in i.conditions] or pool
    pool.sort(key=lambda t: -t[1])
    return pool[0][0], None


# ---------------------------------------------------------------- per-claim rules
def applicant_row(f: DocumentFacts, a: Applicant) -> dict | None:
    """A notice's winner row naming the applicant (its units were read for the applicant's name)."""
    for row in f.get("units") or []:
        if isinstance(row, dict) and _same_org(row.get("unit"), a.name)[0]:
            return row
    return None


def _honour_date(f: DocumentFacts) -> tuple[date | None, int | None]:
    k = get_kind(f.type)
    for name in [n for n in (k.date_field, "first_issue_date") if n]:
        d = _parse_date(f.get(name))
        if d:
            return d, d.year
    year = f.get("year")
    return None, int(year) if isinstance(year, (int, str)) and str(year).isdigit() else None


def _subject(f: DocumentFacts, item: Item) -> str:
    """What makes two claims of one item different honours (two standards) or the same (cert + notice)."""
    if f.type == "standard":
        from pipeline.extract.codes import find_standard_codes

        code = str(f.get("code") or "")
        parsed = find_standard_codes(code)
        # Parts of a series (GB/T 1234.1, GB/T 1234.2) are one project (Art. 14, last paragraph).
        if parsed:
            return f"{parsed[0].prefix}{parsed[0].number.split('.')[0]}".replace(" ", "")
        return re.sub(r"\.\d+(?=[—\-－]|$)", "", re.split(r"[—\-－]", code.replace(" ", ""))[0])
    return ""


def _check_holder(c: ClaimDraft, f: DocumentFacts, a: Applicant) -> None:
    if f.type == "standard":
        role, units = _standard_role(f, a)
        if role is None and not f.get("drafting_units"):
            c.review("未能读出标准的起草单位，请核对申报单位是否参与起草及排名")
        elif role is None:
            c.reject(f"标准起草单位（{units or '未读出'}）中未见申报单位“{a.name}”")
        return
    if f.type == "award_notice":
        row = applicant_row(f, a)
        units = f.fields.get("units")
        if not row and units is not None and units.confidence < 1.0 and units.note:
            c.review(f"{units.note}，请人工核对申报单位“{a.name}”是否在获奖名单中")
        elif not row:
            c.reject(f"公告名单中未找到申报单位“{a.name}”")
        return
    k = get_kind(f.type)
    holder = f.get(k.holder_field) if k.holder_field else None
    role = PartyRole.label_of(k.holder_role) if k.holder_role else "获得者"
    if holder is not None and is_issuer(str(holder)):
        # A known issuing body is never the holder: the reader took the issuer's line; nothing says who holds it.
        c.review(f"证书上读到的“{holder}”为颁发/发证机构，未能读出{role}，请核对是否为申报单位")
        return
    if holder is None:
        c.review(f"未能读出证书所载{role}，请核对是否为申报单位")
        return
    same, score = _same_org(holder, a.name)
    if not same and is_sub_unit(str(holder), a.name or ""):
        c.review(f"证书{role}“{holder}”为申报主体“{a.name}”的下属机构（实验室、检测中心或分支机构），"
                 f"请核实是否可由申报主体申报")
    elif not same:
        c.reject(f"证书{role}为“{holder}”，与申报主体“{a.name}”不一致")
    elif score < 1.0:
        c.reasons.append(f"证书{role}“{holder}”与申报主体“{a.name}”按OCR容错视为一致（相似度 {score:.2f}）")


def _check_issuer_level(c: ClaimDraft, f: DocumentFacts) -> None:
    """An honour granted by a body of a lower level than the honour's (a 国家级 honour signed by a district office)
    is flagged; international honours are conveyed by national bodies, so they are not."""
    k = get_kind(f.type)
    issuer = f.get(k.issuer_field) if k.issuer_field else None
    level = c.item.level
    if not issuer or not level or level == Level.INTERNATIONAL:
        return
    found = [b for b in (find_issuer(n) for n in re.split(r"[、，,]", str(issuer))) if b is not None]
    if found and all(Level(b.level).order < Level(level).order for b in found):
        names = "、".join(f"{b.name}（{Level.label_of(b.level)}）" for b in found)
        c.review(f"荣誉级别为{Level.label_of(level)}，颁发机构{names}级别较低，请核对荣誉级别")


def _check_period(c: ClaimDraft, f: DocumentFacts, ctx: Context) -> None:
    d, year = _honour_date(f)
    p = ctx.period
    if d is not None:
        c.honour_date = d
        if not p.start <= d <= p.end:
            c.reject(f"荣誉日期 {d} 不在本次申报期间（{p.start} 至 {p.end}）内")
        return
    if year is not None and p.start <= date(year, 1, 1) and date(year, 12, 31) <= p.end:
        c.honour_date = date(year, 12, 31)
        return
    c.review("未能读出荣誉取得日期，请核对是否在申报期间内")


def _check_conditions(c: ClaimDraft, f: DocumentFacts, ctx: Context) -> None:
    item = c.item
    if "first_time" in item.conditions and f.type == "certification":
        first = _parse_date(f.get("first_issue_date"))
        kind = f.fields.get("certification_type")
        if kind is not None and kind.confidence < 1.0 and kind.note:
            c.review(kind.note)  # a type the certificate does not print (kinds data: `unstated`)
        if f.get("certification_type") == "renewal":
            c.reject("证书为再认证/复评，本项仅支持首次取得")
        elif first and c.honour_date and first < ctx.period.start:
            c.reject(f"首次发证日期 {first} 早于申报期间，非本年度首次取得")
        elif not first and f.get("certification_type") is None:
            c.review("证书未载明首次发证日期或初次认证，请核实是否为首次取得")
    elif "first_time" in item.conditions:
        c.reasons.append("本项要求“首次”，请核实此前未获同类支持")
    if "newly_undertaken" in item.conditions:
        c.reasons.append("本项要求“新承担”，批复日期在申报期间内")
    if item.needs_review:
        c.review(item.review_reason or "本项须由审核人员确定")


def _note_series(c: ClaimDraft, f: DocumentFacts, ctx: Context) -> None:
    """A second part of a standards series joined an existing claim: say so, the reviewer may split them."""
    if f.type != "standard":
        return
    codes = [str(x.get("code") or "") for x in c.facts]
    if len(set(codes)) < 2:
        return
    rule = ctx.param("series_standards_merge").citation.label
    c.reasons.append(f"系列标准或分部分标准 {'、'.join(codes)} 合并为一个项目计算（{rule}“视情况合并”），"
                     f"如应分别计算请审核人员调整")


# Names and registration codes of 社会团体 (Art. 14(5) pays only the social organisation that publishes).
SOCIAL_ORG_SUFFIXES = ("协会", "学会", "商会", "联合会", "促进会", "研究会", "联盟")


def _check_social_organization(c: ClaimDraft, a: Applicant) -> None:
    if "district_social_organization" not in c.item.conditions or c.status == "rejected":
        return
    entity_type = next((f.get("kind") for f in a.facts if f.type == "business_licence" and f.get("kind")), None) or ""
    name = a.name or ""
    if "社会团体" in entity_type or (a.uscc or "")[:1] == "5" or name.endswith(SOCIAL_ORG_SUFFIXES):
        return
    if "公司" in name or "企业" in entity_type or (a.uscc or "")[:1] == "9":
        c.reject(f"本项只奖励发布团体标准的区内社团组织，申报主体“{name}”为企业，参与起草团体标准不在支持范围")
    else:
        c.review(f"本项只奖励发布团体标准的区内社团组织，请核实申报主体“{name or '未读出'}”是否为社会团体")


def _standard_kind_notes(c: ClaimDraft, f: DocumentFacts, ctx: Context) -> None:
    """What the catalog says of this kind of standard: a reading of the text, a point the reviewer must confirm."""
    if f.type != "standard":
        return
    _, k = standard_kind_of(f, ctx)
    if k is None:
        return
    c.reasons.append(f"标准类别：{k.label}（{k.citation.label}）")
    if k.interpretation:
        c.reasons.append(f"口径说明：{k.interpretation}")
    if k.review:
        c.review(k.review)


def _amount(c: ClaimDraft, f: DocumentFacts, ctx: Context) -> None:
    item = c.item
    if item.amount_yuan is None:
        c.amount = 0
        c.review("本细则未规定本项金额，按本市评比达标工作要求和区政府相关规定执行，由审核人员确定")
        return
    c.amount = item.amount_yuan
    if f.type == "standard" and f.get("replaces"):
        ratio = float(ctx.value("revision_ratio"))
        c.amount = int(item.amount_yuan * ratio)
        c.reasons.append(f"修订标准（代替 {'、'.join(f.get('replaces'))}），按制订上限 {item.amount_yuan:,} 元的 {ratio:.0%} 计 "
                         f"{c.amount:,} 元")
    if item.amount_kind == "ceiling":
        c.reasons.append(f"本项为“最高 {item.amount_yuan:,} 元”，预填上限金额，审核人可酌情核减")


def build_claims(all_facts: list[DocumentFacts], a: Applicant, ctx: Context) -> tuple[list[ClaimDraft], list[str]]:
    """The claims, and the honour documents that match no item (each with the reason)."""
    claims: dict[str, ClaimDraft] = {}
    unmatched: list[str] = []
    for f in all_facts:
        if f.type not in HONOUR_TYPES:
            continue
        item, why = select_item(f, ctx, a)
        if item is None:
            unmatched.append(f"{f.file}：{why}")
            continue
        key = f"{item.project or item.id}|{item.id}|{_subject(f, item)}"
        if key in claims:  # the same honour proven twice (certificate + announcement), or parts of one series
            first = claims[key]
            first.facts.append(f)
            _check_holder(first, f, a)
            _note_series(first, f, ctx)
            continue
        c = ClaimDraft(key=key, item=item, facts=[f], amount=0, subject=_subject(f, item) or None)
        _check_holder(c, f, a)
        if item.recipient != a.kind:
            c.reject(f"本项支持对象为{'个人' if item.recipient == 'individual' else '组织'}，申报主体为"
                     f"{'个人' if a.kind == 'individual' else '组织'}")
        _check_issuer_level(c, f)
        _check_period(c, f, ctx)
        _amount(c, f, ctx)
        _check_conditions(c, f, ctx)
        _standard_kind_notes(c, f, ctx)
        _check_social_organization(c, a)
        claims[key] = c
    out = list(claims.values())
    for i, c in enumerate(out, start=1):
        c.key = f"C{i:02d}"
    return out, unmatched


def _revises(c: ClaimDraft) -> str | None:
    """The standards a revised standard replaces (its amount is the revision ratio of the drafting one)."""
    for f in c.facts:
        old = f.get("replaces") if f.type == "standard" else None
        if old:
            return "、".join(old) if isinstance(old, list) else str(old)
    return None


def to_claim(c: ClaimDraft, ctx: Context) -> Claim:
    item = c.item
    citation = item.citation
    reasons = list(c.reasons)
    if item.interpretation:
        reasons.append(f"口径说明：{item.interpretation}")
    if c.status == "accepted" and not any(r.startswith("符合") for r in reasons):
        reasons.insert(0, f"符合{citation.label}：{item.name}")
    evidence = c.evidence or [Evidence(file="（无）", page=None, text="未能定位证据位置", source="derived")]
    number = next((str(f.get("number")) for f in c.facts if f.type == "certification" and f.get("number")), None)
    return Claim(claim_id=c.key, article=item.article, clause=item.clause, item=item.name,
                 level=item.level, rank=item.rank, amount_yuan=c.amount, amount_kind=item.amount_kind,
                 status=c.status, reasons=reasons, citation=citation, evidence=evidence, item_id=item.id,
                 project=item.project, honour_date=c.honour_date, capped_by=c.capped_by,
                 standard_code=c.subject if item.category == "standard" else None, certificate_no=number,
                 revises=_revises(c))
