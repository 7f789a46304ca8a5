"""Declared against supported: the 申报表's items mapped to catalog items and compared with the claims, item by item.

A declared row is mapped by what it writes: its article and clause when given (第五条第（二）项 → the items of Art.
5(2)), narrowed by its name through the catalog's phrase matcher and aliases (the matcher that reads certificates),
its rank, level, 主导/参与 and the amount it asks for; a row without an article is mapped by its name alone. Then
each row is paired with the claims of its item (a standard's code in the row picks its claim), or of its clause
(申报二等奖，材料为一等奖); what is left on either side is said: declared but no material, material but not
declared. The line a reviewer checks first — 申报 5 项 85 万元，材料支持 3 项 50 万元 — heads the draft's flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.draft import Claim, Declared, DeclaredComparison, DeclaredItem, Evidence
from models.facts import DocumentFacts
from models.policy import citation_label
from models.vocab import DeclaredStatus
from pipeline.decide.context import Applicant, Context
from pipeline.extract.values import RANK_NAMES, squash

FORM_TYPE = "application_form"
_COUNT = re.compile(r"[（(]?\s*(\d{1,2}|[一二两三四五六七八九十])\s*项\s*[)）]?")


def wan(yuan: int | None) -> str:
    """300000 → '30 万元', 155000 → '15.5 万元' (the unit a 申报表 and a reviewer count in)."""
    from pipeline.render.labels import wan as _wan

    return _wan(yuan)


# ------------------------------------------------------------------------------------------------ mapping

def _name_hits(text: str, ctx: Context) -> dict[str, int]:
    """Catalog items named in a row's text (item id → length of the phrase), by the catalog's phrase matcher."""
    from pipeline.extract.documents import _family_phrases
    from pipeline.extract.nlp import ITEM_LABEL, SPAN_KEY, build_nlp, phrases_from_policy

    if not text:
        return {}
    nlp = build_nlp(tuple(phrases_from_policy(ctx.policy, ctx.as_of)) + _family_phrases(ctx.policy, ctx.as_of))
    out: dict[str, int] = {}
    doc = nlp(text)
    for span in doc.spans[SPAN_KEY]:
        if span.label_ != ITEM_LABEL or (span._.confidence or 1.0) < 0.85:
            continue
        ids = span._.value if isinstance(span._.value, tuple) else (span.ent_id_,)
        for item_id in ids:
            out[item_id] = max(out.get(item_id, 0), len(span.text))
    return out


def _narrow(cands: list, text: str, amount: int | None, claimed: set[str]) -> list:
    """Fewer candidates by what the row says besides the name: rank, level, 主导/参与, 首次/再认证, the amount
    asked for, and finally which of them the materials prove."""
    from pipeline.extract.levels import find_levels, find_ranks

    def keep(pred):
        nonlocal cands
        narrowed = [i for i in cands if pred(i)]
        if narrowed:
            cands = narrowed

    ranks = {RANK_NAMES.get(m.value) for m in find_ranks(text)}
    if ranks - {None}:
        keep(lambda i: i.rank in ranks)
    levels = {m.value for m in find_levels(text)}
    if levels:
        keep(lambda i: i.level in levels or i.level is None)
    if re.search("主导|牵头|主持|第一起草", text):
        keep(lambda i: "led" in i.conditions)
    elif re.search("参与|参编|参加", text):
        keep(lambda i: "participated" in i.conditions)
    if re.search("再认证|复评|换证", text):
        keep(lambda i: "re_certification" in i.conditions)
    elif re.search("首次|初次", text):
        keep(lambda i: "re_certification" not in i.conditions)
    if "筹建" in text:
        keep(lambda i: "formally_approved" not in i.conditions)
    elif re.search("正式|建立|成立", text):
        keep(lambda i: "preparation_approved" not in i.conditions)
    if amount:
        keep(lambda i: i.amount_yuan == amount)
    if len(cands) > 1 and claimed:
        keep(lambda i: i.id in claimed)
    return cands


def map_row(row: dict, ctx: Context, applicant_kind: str, claimed: set[str]) -> tuple[object | None, str, list[str]]:
    """(catalog item or None, how it was mapped, notes for the reviewer)."""
    text = squash(" ".join(str(row.get(k) or "") for k in ("text", "level", "rank")))
    article, clause = row.get("article"), row.get("clause")
    pool = [i for i in ctx.policy.items_as_of(ctx.as_of) if i.recipient == applicant_kind] or \
        ctx.policy.items_as_of(ctx.as_of)
    notes: list[str] = []
    by_clause = [i for i in pool if i.article == article and (clause is None or i.clause == clause)] if article else []
    if article and not by_clause:
        where = citation_label(article, clause) if 1 <= article <= 99 and (clause is None or 1 <= clause <= 99) \
            else f"{article}.{clause}"
        notes.append(f"申报表所填条款“{row.get('article_text') or where}”没有对应的支持项目")
    hits = _name_hits(text, ctx)
    named = sorted((i for i in pool if i.id in hits), key=lambda i: -hits[i.id])
    if by_clause and named:
        both = [i for i in by_clause if i.id in hits]
        if both:
            cands, how = both, f"按条款{citation_label(article, clause)}和项目名称对应"
        else:
            cands = named
            how = "按项目名称对应"
            notes.append(f"申报表所填条款{citation_label(article, clause)}与项目名称“{row.get('text')}”"
                         f"（{citation_label(named[0].article, named[0].clause)}）不一致，按项目名称对应")
    elif by_clause:
        cands, how = by_clause, f"按条款{citation_label(article, clause)}对应"
    elif named:
        best = hits[named[0].id]
        cands, how = [i for i in named if hits[i.id] == best], "按项目名称对应"
    else:
        return None, "未能对应到本细则的支持项目", notes
    cands = _narrow(cands, text, row.get("amount_yuan"), claimed)
    if len(cands) > 1:
        notes.append("可能对应：" + "、".join(i.name for i in cands[:4]) + f"，暂按“{cands[0].name}”比对")
    return cands[0], how, notes


# ------------------------------------------------------------------------------------------------ the form

def _field(f: DocumentFacts, name: str):
    return f.get(name)


def _choose_form(facts: list[DocumentFacts]) -> tuple[DocumentFacts | None, list[DocumentFacts]]:
    """The 申报表 the comparison reads: the one with most declared rows (a Word or Excel file before its scan on a
    tie: read exactly), and the others."""
    forms = [f for f in facts if f.type == FORM_TYPE]
    if not forms:
        return None, []

    def key(f: DocumentFacts):
        rows = f.get("declared_items") or []
        exact = any(e.source == "office" for e in f.evidence("declared_items"))
        return (len(rows), exact)

    ranked = sorted(forms, key=key, reverse=True)
    return ranked[0], ranked[1:]


def declared_from(f: DocumentFacts, ctx: Context, applicant_kind: str, claims: list[Claim]) -> Declared:
    claimed = {c.item_id for c in claims if c.item_id}
    items: list[DeclaredItem] = []
    for row in f.get("declared_items") or []:
        item, how, notes = map_row(row, ctx, applicant_kind, claimed)
        if row.get("amount_note"):
            notes.append(row["amount_note"])
        ev = [e if isinstance(e, Evidence) else Evidence.model_validate(e) for e in row.get("evidence") or []]
        items.append(DeclaredItem(
            text=str(row.get("text") or ""), article=row.get("article"), clause=row.get("clause"),
            level=row.get("level"), rank=row.get("rank"), date=row.get("date"), amount_yuan=row.get("amount_yuan"),
            amount_text=row.get("amount_text"), item_id=item.id if item else None, item=item.name if item else None,
            mapping=how, notes=notes, evidence=ev))
    stated = f.get("declared_total")
    listed = [i.amount_yuan for i in items if i.amount_yuan is not None]
    ev = f.evidence("applicant", "uscc")
    return Declared(
        file=f.file, applicant=_field(f, "applicant"), uscc=_field(f, "uscc"), contact=_field(f, "contact"),
        phone=_field(f, "phone"), date=_field(f, "date"), items=items,
        stated_total_yuan=int(stated) if stated is not None else None,
        total_yuan=int(stated) if stated is not None else (sum(listed) if listed else None),
        evidence=ev + f.evidence("declared_total"))


# ------------------------------------------------------------------------------------------------ comparing

@dataclass
class _Row:
    item: DeclaredItem
    claims: list[Claim]


def _codes(text: str) -> set[str]:
    from pipeline.extract.codes import find_standard_codes

    # without the year: a row may write GB/T 46012 for GB/T 46012—2025
    return {re.split(r"[—\-－]", re.sub(r"\s+", "", str(m.value)))[0] for m in find_standard_codes(text or "")}


def _claim_codes(c: Claim) -> set[str]:
    return set().union(*(_codes(e.text) for e in c.evidence)) if c.evidence else set()


def _count(text: str) -> int:
    m = _COUNT.search(text or "")
    if not m:
        return 1
    v = m.group(1)
    return int(v) if v.isdigit() else {"两": 2}.get(v) or "一二三四五六七八九十".index(v) + 1


def _pair(items: list[DeclaredItem], claims: list[Claim], ctx: Context) -> tuple[list[_Row], list[Claim]]:
    """Each declared row with the claims it declares; the claims no row declares."""
    free = list(claims)
    rows = [_Row(i, []) for i in items]

    def take(row: _Row, pool: list[Claim]) -> None:
        codes = _codes(row.item.text)
        want = _count(row.item.text)
        ranked = sorted(pool, key=lambda c: (not (codes and codes & _claim_codes(c)),
                                             c.amount_yuan != row.item.amount_yuan))
        for c in ranked[:want]:
            row.claims.append(c)
            free.remove(c)

    for row in rows:  # the same item first
        pool = [c for c in free if row.item.item_id and c.item_id == row.item.item_id]
        if pool:
            take(row, pool)
    for row in rows:  # then the same honour graded otherwise: a rank or level of the same clause or project
        if row.claims:
            continue
        if row.item.item_id:
            item = ctx.policy.item(row.item.item_id)
            art, cl, project = item.article, item.clause, item.project
        else:
            art, cl, project = row.item.article, row.item.clause, None
        if art is None or cl is None and project is None:
            continue  # Arts. 19–22 list different things under one article: no kinship without a clause

        def kin(c: Claim) -> bool:
            if c.item_id == row.item.item_id:
                return False
            if cl is not None and c.article == art and c.clause == cl:
                return True
            return bool(project) and c.project == project

        pool = [c for c in free if kin(c)]
        if pool:
            take(row, pool)
    return rows, free


def _status(row: _Row) -> tuple[str, int, str]:
    """(status, supported yuan, reason) of a declared row and the claims paired with it."""
    item = row.item
    declared = item.amount_yuan
    if not row.claims:
        if item.item_id is None:
            return (DeclaredStatus.DECLARED_NOT_FOUND, 0,
                    f"申报项目“{item.text}”未能对应到本细则的支持项目，材料中也未见对应证明，请人工核对")
        return DeclaredStatus.DECLARED_NOT_FOUND, 0, f"材料中未见“{item.item}”的证明材料"
    ids = "、".join(c.claim_id for c in row.claims)
    accepted = [c for c in row.claims if c.status == "accepted"]
    supported = sum(c.amount_yuan for c in accepted)
    other = [c for c in row.claims if c.item_id != item.item_id]
    if other:
        return (DeclaredStatus.ITEM_DIFFERS, supported,
                f"申报为“{item.item or item.text}”，材料（{ids}）对应的是“{other[0].item}”，预审 {wan(supported)}")
    if not accepted:
        review = [c for c in row.claims if c.status == "needs_review"]
        if review:
            why = review[0].reasons[0] if review[0].reasons else "须人工审核"
            return DeclaredStatus.NEEDS_REVIEW, 0, f"材料（{ids}）待审核：{why}"
        why = row.claims[0].reasons[0] if row.claims[0].reasons else "不予支持"
        return DeclaredStatus.NOT_SUPPORTED, 0, f"材料（{ids}）不予支持：{why}"
    if declared is None:
        return DeclaredStatus.MATCHED, supported, f"材料（{ids}）支持，预审 {wan(supported)}；申报表未填写金额"
    if declared == supported and len(accepted) == len(row.claims):
        return DeclaredStatus.MATCHED, supported, f"与材料（{ids}）一致：{wan(supported)}"
    notes = [r for c in accepted for r in c.reasons if "最高" in r or "50%" in r or "修订" in r][:1]
    return (DeclaredStatus.AMOUNT_DIFFERS, supported,
            f"申报 {wan(declared)}，材料（{ids}）预审 {wan(supported)}" + (f"（{notes[0]}）" if notes else ""))


def compare(declared: Declared, claims: list[Claim], ctx: Context) -> list[DeclaredComparison]:
    rows, free = _pair(declared.items, claims, ctx)
    out = []
    for row in rows:
        status, supported, reason = _status(row)
        it = row.item
        # the catalog item's article and clause (the row's own, as written, are on the declared item)
        article, clause = (ctx.policy.item(it.item_id).article, ctx.policy.item(it.item_id).clause) if it.item_id \
            else (it.article, it.clause)
        out.append(DeclaredComparison(
            item_id=it.item_id, item=it.item or it.text, declared_text=it.text, article=article, clause=clause,
            declared_yuan=it.amount_yuan, supported_yuan=supported, claim_ids=[c.claim_id for c in row.claims],
            status=status, reason=reason))
    for c in free:
        supported = c.amount_yuan if c.status == "accepted" else 0
        state = {"accepted": f"预审 {wan(supported)}", "needs_review": "待审核",
                 "rejected": "不予支持"}.get(c.status, c.status)
        out.append(DeclaredComparison(
            item_id=c.item_id, item=c.item, article=c.article, clause=c.clause, declared_yuan=None,
            supported_yuan=supported, claim_ids=[c.claim_id], status=DeclaredStatus.NOT_DECLARED,
            reason=f"材料（{c.claim_id}）对应本项，{state}，申报表未列"))
    return out


def summary(declared: Declared, comparison: list[DeclaredComparison], claims: list[Claim], total_yuan: int,
            eligibility: str) -> str:
    accepted = [c for c in claims if c.status == "accepted"]
    supported = sum(c.amount_yuan for c in accepted)
    n = len(declared.items)
    text = f"申报 {n} 项 {wan(declared.total_yuan) if declared.total_yuan is not None else '（未填金额）'}，" \
           f"材料支持 {len(accepted)} 项 {wan(supported)}"
    if eligibility == "ineligible":
        text += "（申报主体不符合申报条件，核定总额为 0）"
    elif total_yuan != supported:
        text += f"（经第二十三条限额后 {wan(total_yuan)}）"
    counts = {}
    for row in comparison:
        counts[row.status] = counts.get(row.status, 0) + 1
    parts = [f"{k} 项{DeclaredStatus(s).label}" for s, k in counts.items() if s != DeclaredStatus.MATCHED]
    if parts:
        text += "；其中 " + "、".join(parts)
    return text + "（详见“申报与材料比对”）"


def assess_declared(facts: list[DocumentFacts], claims: list[Claim], total_yuan: int, eligibility: str,
                    a: Applicant, ctx: Context) -> tuple[Declared | None, list[DeclaredComparison], list[str]]:
    """The declaration, the comparison and the flags (the summary first)."""
    form, others = _choose_form(facts)
    if form is None or not (form.get("declared_items") or []):
        if form is not None:
            return None, [], [f"申报表“{form.file}”中未能读出申报项目，无法比对申报与材料支持情况，请人工核对"]
        return None, [], []
    declared = declared_from(form, ctx, a.kind, claims)
    comparison = compare(declared, claims, ctx)
    declared.summary = summary(declared, comparison, claims, total_yuan, eligibility)
    flags = [declared.summary]
    listed = [i.amount_yuan for i in declared.items if i.amount_yuan is not None]
    if declared.stated_total_yuan is not None and listed and sum(listed) != declared.stated_total_yuan:
        flags.append(f"申报表所填合计 {wan(declared.stated_total_yuan)}与各项金额之和 {wan(sum(listed))}不一致")
    from pipeline.extract.fuzzy import same_organization

    if declared.applicant and a.name and not same_organization(str(declared.applicant), a.name)[0]:
        flags.append(f"申报表所填申报单位“{declared.applicant}”与身份证明材料上的“{a.name}”不一致")
    if declared.uscc and a.uscc and str(declared.uscc) != a.uscc:
        flags.append(f"申报表所填统一社会信用代码 {declared.uscc} 与身份证明材料上的 {a.uscc} 不一致")
    for other in others:
        rows = other.get("declared_items") or []
        total = other.get("declared_total")
        if rows and (len(rows) != len(declared.items) or total is not None and total != declared.total_yuan):
            flags.append(f"另有申报表“{other.file}”（{len(rows)} 项"
                         + (f" {wan(total)}" if total is not None else "") + "）与比对所用的“"
                         + f"{declared.file}”不一致，请核对以哪一份为准")
    return declared, comparison, flags
