"""A round's results in Excel (openpyxl), as the bureau publishes and reports them.

- 公示名单 (`publicity_xlsx`): every signed-off case of the round granted more than 0 — applicant, the items
  supported with their articles, the amount. No ID number, and no USCC, ever appears (a name in which an
  ID-number pattern was read is masked too). Individuals' names: in full by default — 公示 of awards to persons
  names them in full, with their employer when known — or masked (张*, 欧阳**) with `names="masked"`
  (JINSHAN_PUBLIC_NAMES=masked).
- 预算汇总 (`budget_xlsx`): by article and clause (Art. 4: the bureau budgets by article), what was applied for
  (the drafts' amounts), proposed (the drafts' conclusions after their caps) and granted (signed off), with the
  number of claims; a second sheet lists every claim. A case's annual-cap reduction is split over its claims in
  proportion to their amounts (pipeline.web.review.allocate), so the articles add up to the granted totals.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from models.policy import chinese_number
from pipeline.privacy import ID_NUMBER
from pipeline.render import labels as L
from pipeline.store.db import Store
from pipeline.store.rounds import RoundInfo
from pipeline.store.schema import Case, DraftVersion, SignOff
from pipeline.web.review import allocate

STATUS_ZH = {"received": "已接收", "processing": "处理中", "drafted": "待初审", "in_review": "初审中",
             "submitted": "待复核", "decided": "已办结"}


@dataclass
class Line:
    article: int | None
    clause: int | None
    item: str
    applied: int
    proposed: int
    granted: int


@dataclass
class CaseResult:
    case_id: str
    applicant: str | None
    kind: str  # organization / individual
    status: str
    signed: bool
    granted: int
    lines: list[Line] = field(default_factory=list)


def collect(store: Store, round_id: int) -> list[CaseResult]:
    """Every case of the round with a draft: signed-off ones with what was signed (the sign-off's lines), the
    others with their current draft (applied and proposed; granted 0)."""
    with store.reading() as s:
        current = and_(SignOff.case_id == Case.id, SignOff.revoked_at.is_(None))
        rows = s.execute(select(Case, DraftVersion.review_json, SignOff)
                         .join(DraftVersion, (DraftVersion.case_id == Case.id)
                               & (DraftVersion.version == Case.current_version))
                         .outerjoin(SignOff, current)
                         .where(Case.round_id == round_id).order_by(Case.applicant_name, Case.id)).all()
    out = []
    for case, review_json, so in rows:
        draft = json.loads(review_json)
        kind = (draft.get("applicant") or {}).get("kind") or "organization"
        r = CaseResult(case.id, case.applicant_name, kind, case.status, so is not None,
                       int(so.total_yuan) if so else 0)
        lines = json.loads(so.lines) if so is not None and so.lines else []
        if so is not None and not lines:  # signed before sign-offs kept their lines: worked out again
            lines = _lines_again(store, case, so)
        if lines:
            r.lines = [Line(x.get("article"), x.get("clause"), x.get("item") or "", int(x.get("applied") or 0),
                            int(x.get("proposed") or 0), int(x.get("granted") or 0)) for x in lines]
        else:
            claims = draft.get("claims") or []
            total = 0 if draft["eligibility"]["status"] == "ineligible" else int(draft.get("total_yuan") or 0)
            proposed = allocate(total, [int(c.get("amount_yuan") or 0) if c["status"] == "accepted" else 0
                                        for c in claims])
            r.lines = [Line(c.get("article"), c.get("clause"), c.get("item") or "", int(c.get("amount_yuan") or 0),
                            p, 0) for c, p in zip(claims, proposed)]
        out.append(r)
    return out


def _lines_again(store: Store, case, so) -> list[dict]:
    """A sign-off's lines from the draft it signed and the decisions (the granted total as signed)."""
    from pipeline.policy import current_policy
    from pipeline.store import repo
    from pipeline.web.queries import finding
    from pipeline.web.review import evaluate, signoff_lines

    with store.reading() as s:
        text = s.scalar(select(DraftVersion.review_json).where(DraftVersion.case_id == case.id,
                                                               DraftVersion.version == so.draft_version))
    if not text:
        return []
    draft = json.loads(text)
    ev = evaluate(draft, repo.claim_decisions(store, case.id), finding(store, case.id),
                  ledger_yuan=repo.ledger_for_case(store, case.id, case.applicant_uscc), policy=current_policy())
    ev.granted_yuan = int(so.total_yuan)
    return signoff_lines(draft, ev)


def public_name(name: str | None, kind: str, names: str = "full") -> str:
    text = ID_NUMBER.sub("（已隐去）", name or "（未识别）")
    if kind == "individual" and names == "masked" and text:
        n = 2 if len(text) >= 4 else 1  # 欧阳娜娜 → 欧阳**; 张三 → 张*
        return text[:n] + "*" * (len(text) - n)
    return text


def _article_label(article: int | None, clause: int | None) -> str:
    if article is None:
        return "（未对应条款）"
    return f"第{chinese_number(article)}条" + (f"第（{chinese_number(clause)}）项" if clause else "")


def _sheet(wb, title: str, header: list[str], widths: list[int], heading: str):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ws = wb.create_sheet(title)
    ws.append([heading])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    thin = Side(style="thin", color="999999")
    for i, w in enumerate(widths, start=1):
        cell = ws.cell(row=2, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECF0")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = w
    ws.freeze_panes = "A3"
    return ws


def _finish(ws, money_cols: list[int]) -> None:
    from openpyxl.styles import Alignment

    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.column in money_cols:
                cell.number_format = "#,##0"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def publicity_xlsx(rnd: RoundInfo, results: list[CaseResult], *, names: str = "full") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "公示名单", ["序号", "申报单位（个人）", "支持项目", "依据条款", "拟支持金额（元）"],
                [6, 36, 48, 26, 18], f"{rnd.name} 质量发展专项资金拟支持名单（公示）")
    n, total = 0, 0
    for r in results:
        if not r.signed or r.granted <= 0:
            continue
        paid = [x for x in r.lines if x.granted > 0]
        n += 1
        total += r.granted
        ws.append([n, public_name(r.applicant, r.kind, names), "；".join(x.item for x in paid),
                   "；".join(dict.fromkeys(_article_label(x.article, x.clause) for x in paid)), r.granted])
    ws.append(["合计", f"{n} 家（人）", "", "", total])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    _finish(ws, [5])
    note = ws.max_row + 2
    ws.cell(row=note, column=1, value=f"说明：依据《金山区关于质量发展专项政策的实施细则》（金市监质〔2025〕10号）；"
                                      f"申报期间 {rnd.period_start} 至 {rnd.period_end}。金额为经初审、复核后的拟支持金额。")
    return _save(wb)


def budget_rows(results: list[CaseResult]) -> list[dict]:
    """By article and clause: claims, applied, proposed, granted (signed-off cases only for granted)."""
    rows: dict[tuple, dict] = {}
    for r in results:
        for x in r.lines:
            key = (x.article if x.article is not None else 99, x.clause or 0)
            row = rows.setdefault(key, {"article": x.article, "clause": x.clause, "claims": 0, "granted_claims": 0,
                                        "applied": 0, "proposed": 0, "granted": 0, "items": set()})
            row["claims"] += 1
            row["granted_claims"] += 1 if x.granted > 0 else 0
            row["applied"] += x.applied
            row["proposed"] += x.proposed
            row["granted"] += x.granted
            row["items"].add(x.item)
    return [rows[k] for k in sorted(rows)]


def budget_xlsx(rnd: RoundInfo, results: list[CaseResult], policy=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "预算汇总", ["条款", "内容", "申报项目数", "申报金额（元）", "预审建议金额（元）", "核定项目数",
                              "核定金额（元）"], [22, 40, 10, 18, 18, 10, 18],
                f"{rnd.name} 质量发展专项资金预算汇总（按条款）")
    sums = [0, 0, 0, 0, 0]
    for row in budget_rows(results):
        vals = [row["claims"], row["applied"], row["proposed"], row["granted_claims"], row["granted"]]
        sums = [a + b for a, b in zip(sums, vals)]
        ws.append([_article_label(row["article"], row["clause"]), _article_title(policy, row["article"])
                   or "、".join(sorted(row["items"]))[:200], *vals])
    ws.append(["合计", "", *sums])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    _finish(ws, [4, 5, 7])
    signed = sum(1 for r in results if r.signed)
    ws.cell(row=ws.max_row + 2, column=1,
            value=f"共 {len(results)} 件案件，已办结 {signed} 件；核定金额只计已签署办结的案件。年度支持总额上限的调减"
                  f"按各项目金额比例分摊到条款。")

    ws = _sheet(wb, "明细", ["案件号", "申报单位（个人）", "案件状态", "条款", "申报项目", "申报金额（元）",
                           "预审建议金额（元）", "核定金额（元）"], [22, 32, 10, 22, 40, 16, 16, 16],
                f"{rnd.name} 申报项目明细")
    for r in results:
        for x in r.lines:
            ws.append([r.case_id, ID_NUMBER.sub("（已隐去）", r.applicant or ""), STATUS_ZH.get(r.status, r.status),
                       _article_label(x.article, x.clause), x.item, x.applied, x.proposed, x.granted])
    _finish(ws, [6, 7, 8])
    return _save(wb)


def _article_title(policy, article: int | None) -> str:
    """The article's heading in the policy text (第五条（质量奖励）→ 质量奖励)."""
    if policy is None or article is None:
        return ""
    text = getattr(policy, "_articles", {}).get(article) or ""
    m = re.match(r"第[一二三四五六七八九十百]+条（([^）]*)）", text)
    return m.group(1) if m else ""


def yuan(n: int) -> str:
    return L.yuan(n)
