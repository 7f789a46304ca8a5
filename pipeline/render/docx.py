"""review.docx: the 审核意见表 the bureau files — applicant, eligibility, claims, Art. 23 caps, the total in figures
and in capital numerals, the points to watch, the documents, and the reviewer's and checker's signature lines.

A4, every run carries an East Asian font name (w:rFonts/@w:eastAsia) so that LibreOffice and Word both pick a
CJK face instead of falling back to a Latin one. Same data as review.json and review.html."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from models.draft import Citation, ReviewDraft
from pipeline.render import labels as L

# Installed with fonts-noto-cjk; Word on a machine without them substitutes its default East Asian font.
BODY_FONT_CJK = "Noto Serif CJK SC"
HEAD_FONT_CJK = "Noto Sans CJK SC"
LATIN_FONT = "Times New Roman"
BODY_PT = 10.5  # 五号
SMALL_PT = 9  # 小五
GREY = RGBColor(0x55, 0x5B, 0x63)


def _fonts(rpr_parent, cjk: str, latin: str = LATIN_FONT) -> None:
    """Sets ascii/hAnsi/eastAsia fonts on a run's (or style's) rPr."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), cjk)
    rfonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _run(par, text: str, *, bold=False, size=BODY_PT, cjk=BODY_FONT_CJK, color: RGBColor | None = None,
         underline=False):
    run = par.add_run(text)
    run.bold = bold
    run.underline = underline
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    _fonts(run._r, cjk)
    return run


def _para(container, text: str = "", *, bold=False, size=BODY_PT, align=None, cjk=BODY_FONT_CJK, space_after=2,
          space_before=0, color=None):
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    fmt.line_spacing = 1.2
    if align is not None:
        par.alignment = align
    if text:
        _run(par, text, bold=bold, size=size, cjk=cjk, color=color)
    return par


def _heading(doc, text: str):
    par = _para(doc, text, bold=True, size=12, cjk=HEAD_FONT_CJK, space_before=10, space_after=4)
    par.paragraph_format.keep_with_next = True
    return par


def _keep_together(t) -> None:
    """The whole table on one page (a signature block never starts at the foot of a page)."""
    for row in t.rows[:-1]:
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def _cell(cell, text: str = "", *, bold=False, size=BODY_PT, align=None, shade: str | None = None):
    """Replaces the cell's text; returns its paragraph for more runs."""
    par = cell.paragraphs[0]
    for r in list(par.runs):
        r._r.getparent().remove(r._r)
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.line_spacing = 1.15
    if align is not None:
        par.alignment = align
    if text:
        _run(par, text, bold=bold, size=size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if shade:
        tcpr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), shade)
        tcpr.append(shd)
    return par


def _cite(cell, citation: Citation | str | None) -> None:
    """The article label, then the verbatim sentence in small grey type, in the same cell."""
    if citation is None:
        return
    if isinstance(citation, str):
        _cell(cell, citation, size=SMALL_PT)
        return
    par = _cell(cell, citation.label, bold=True, size=SMALL_PT)
    p2 = cell.add_paragraph()
    p2.paragraph_format.space_after = Pt(0)
    _run(p2, f"“{citation.text}”", size=SMALL_PT - 0.5, color=GREY)
    del par


def _table(doc, header: list[str], widths_cm: list[float]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for i, h in enumerate(header):
        _cell(t.rows[0].cells[i], h, bold=True, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER, shade="E8ECF0")
    trpr = t.rows[0]._tr.get_or_add_trPr()
    rep = OxmlElement("w:tblHeader")
    rep.set(qn("w:val"), "true")
    trpr.append(rep)
    _widths(t, widths_cm)
    return t


def _widths(t, widths_cm: list[float]) -> None:
    for row in t.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)
    for col, w in zip(t.columns, widths_cm):
        col.width = Cm(w)


def _row(t, values: list[str], widths_cm: list[float] | None = None, *, size=SMALL_PT + 0.5, aligns=None):
    cells = t.add_row().cells
    for i, v in enumerate(values):
        _cell(cells[i], v, size=size, align=(aligns or {}).get(i))
    if widths_cm:
        for c, w in zip(cells, widths_cm):
            c.width = Cm(w)
    return cells


def _no_split(t) -> None:
    for row in t.rows:
        trpr = row._tr.get_or_add_trPr()
        cs = OxmlElement("w:cantSplit")
        cs.set(qn("w:val"), "true")
        trpr.append(cs)


def _page_number_footer(section, packet_id: str) -> None:
    par = section.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(par, f"申报编号 {packet_id}　第 ", size=SMALL_PT, color=GREY)
    run = _run(par, "", size=SMALL_PT, color=GREY)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _run(par, " 页", size=SMALL_PT, color=GREY)


def render_docx(draft: ReviewDraft) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = LATIN_FONT
    _fonts(normal.element, BODY_FONT_CJK)
    _page_number_footer(sec, draft.packet_id)
    full = 17.0  # cm between the margins

    _para(doc, "金山区质量发展专项资金", bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, cjk=HEAD_FONT_CJK,
          space_after=0)
    _para(doc, "审核意见表", bold=True, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, cjk=HEAD_FONT_CJK, space_after=4)
    policy = (draft.policy.title or "金山区关于质量发展专项政策的实施细则") + (
        f"（{draft.policy.document_number}）" if draft.policy.document_number else "")
    _para(doc, f"依据：{policy}", size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER, color=GREY, space_after=0)
    _para(doc, f"申报编号：{draft.packet_id}　申报期间：{draft.period.start} 至 {draft.period.end}　审核基准日：{draft.as_of}",
          size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER, color=GREY, space_after=0)
    _para(doc, "本表由系统根据申报材料预先填写，结论为预审建议，须经审核人员核对原件并签字后方有效。", size=SMALL_PT,
          align=WD_ALIGN_PARAGRAPH.CENTER, color=RGBColor(0x9A, 0x67, 0x00), space_after=6)

    # 申报主体
    a = draft.applicant
    w4 = [3.5, 5.0, 3.5, 5.0]
    t = doc.add_table(rows=3, cols=4)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    rows = [("申报主体", a.name or "（未识别）", "主体类型", L.label(L.APPLICANT_KIND, a.kind)),
            (("身份证件号码", a.id_masked or "—") if a.kind == "individual" else ("统一社会信用代码", a.uscc or "—"))
            + ("申报条件", L.label(L.ELIGIBILITY_STATUS, draft.eligibility.status)),
            ("住所", a.address or "—", "", "")]
    for r, vals in zip(t.rows, rows):
        for i, v in enumerate(vals):
            _cell(r.cells[i], v, bold=(i % 2 == 0), shade=("E8ECF0" if i % 2 == 0 else None))
    _widths(t, w4)
    merged = t.rows[2].cells[1].merge(t.rows[2].cells[3])
    _cell(merged, a.address or "—")

    numbers = iter("一二三四五六七八九十")

    def section(title: str):
        return _heading(doc, f"{next(numbers)}、{title}")

    # 一、申报条件
    section("申报条件审核")
    w = [1.2, 3.4, 4.8, 1.9, 5.7]
    t = _table(doc, ["序号", "审核事项", "依据条款", "结论", "说明"], w)
    for i, c in enumerate(draft.eligibility.checks, start=1):
        cells = _row(t, [str(i), L.label(L.CHECK_RULE, c.rule), "", L.label(L.CHECK_STATUS, c.status), c.reason], w,
                     aligns={0: WD_ALIGN_PARAGRAPH.CENTER, 3: WD_ALIGN_PARAGRAPH.CENTER})
        _cite(cells[2], c.citation or L.article_label(c.article))
    if not draft.eligibility.checks:
        _row(t, ["", "（无）", "", "", ""], w)
    _no_split(t)

    # 二、支持项目
    section("申报支持项目")
    w = [1.1, 2.6, 3.0, 1.6, 1.9, 1.6, 5.2]
    t = _table(doc, ["序号", "支持项目", "条款", "级别/等次", "预审金额（元）", "预审结论", "理由"], w)
    for i, c in enumerate(draft.claims, start=1):
        level = L.label(L.LEVELS, c.level) + (f"／{c.rank}" if c.rank else "")
        cells = _row(t, [str(i), f"{c.item}（{c.claim_id}）", "", level, f"{c.amount_yuan:,}",
                         L.label(L.CLAIM_STATUS, c.status), "；".join(c.reasons) or "—"], w,
                     aligns={0: WD_ALIGN_PARAGRAPH.CENTER, 3: WD_ALIGN_PARAGRAPH.CENTER,
                             4: WD_ALIGN_PARAGRAPH.RIGHT, 5: WD_ALIGN_PARAGRAPH.CENTER})
        _cite(cells[2], c.citation)
    if not draft.claims:
        _row(t, ["", "（材料中未识别到可申报的项目）", "", "", "", "", ""], w)
    accepted = sum(c.amount_yuan for c in draft.claims if c.status == "accepted")
    review = [c for c in draft.claims if c.status == "needs_review"]
    cells = _row(t, ["", "予以支持项目小计", "", "", f"{accepted:,}", "", ""], w,
                 aligns={4: WD_ALIGN_PARAGRAPH.RIGHT})
    cells[1].paragraphs[0].runs[0].bold = True
    if review:
        _row(t, ["", "待审核项目（未计入）", "", "", f"{sum(c.amount_yuan for c in review):,}", "", ""], w,
             aligns={4: WD_ALIGN_PARAGRAPH.RIGHT})
    _no_split(t)

    # 申报与材料比对: the 申报表 item by item against what the materials support
    if draft.declared is not None or draft.declared_vs_supported:
        section("申报与材料比对")
        if draft.declared is not None:
            dc = draft.declared
            who = "；".join(x for x in (
                f"申报表：{dc.file}", f"申报单位：{dc.applicant}" if dc.applicant else "",
                f"联系人：{dc.contact}{' ' + dc.phone if dc.phone else ''}" if dc.contact else "",
                f"申报日期：{dc.date}" if dc.date else "") if x)
            _para(doc, who, size=SMALL_PT, color=GREY)
            _para(doc, dc.summary, bold=True, size=BODY_PT, space_after=4)
        w = [0.9, 3.0, 3.2, 1.6, 1.7, 1.3, 1.6, 3.7]
        t = _table(doc, ["序号", "申报表所报", "对应支持项目", "申报金额", "材料支持（预审）", "对应项目", "比对结果",
                         "说明"], w)
        for i, c in enumerate(draft.declared_vs_supported, start=1):
            item = (c.item + (f"（{L.article_label(c.article, c.clause)}）" if c.article else "")) if c.item_id \
                else "未能对应"
            _row(t, [str(i), c.declared_text or "（申报表未列）", item, L.wan(c.declared_yuan), L.wan(c.supported_yuan),
                     "、".join(c.claim_ids) or "—", L.label(L.DECLARED_STATUS, c.status), c.reason], w,
                 size=SMALL_PT, aligns={0: WD_ALIGN_PARAGRAPH.CENTER, 3: WD_ALIGN_PARAGRAPH.RIGHT,
                                        4: WD_ALIGN_PARAGRAPH.RIGHT, 6: WD_ALIGN_PARAGRAPH.CENTER})
        if draft.declared is not None:
            _row(t, ["", "申报合计", "", L.wan(draft.declared.total_yuan),
                     L.wan(sum(c.supported_yuan for c in draft.declared_vs_supported)), "", "", ""], w, size=SMALL_PT,
                 aligns={3: WD_ALIGN_PARAGRAPH.RIGHT, 4: WD_ALIGN_PARAGRAPH.RIGHT})
        _no_split(t)

    # 限额
    section("第二十三条限额调整（按顺序执行）")
    if draft.caps:
        w = [1.2, 3.6, 2.3, 2.3, 7.6]
        t = _table(doc, ["步骤", "限额规则", "调整前（元）", "调整后（元）", "说明及依据"], w)
        for i, s in enumerate(draft.caps, start=1):
            cells = _row(t, [str(i), L.label(L.CAP_RULE, s.rule), f"{s.amount_before:,}", f"{s.amount_after:,}", s.reason],
                         w, aligns={0: WD_ALIGN_PARAGRAPH.CENTER, 2: WD_ALIGN_PARAGRAPH.RIGHT,
                                    3: WD_ALIGN_PARAGRAPH.RIGHT})
            if s.citation:
                p = cells[4].add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                _run(p, s.citation.label, bold=True, size=SMALL_PT)
                _run(p, f"：“{s.citation.text}”", size=SMALL_PT - 0.5, color=GREY)
        _no_split(t)
    else:
        _para(doc, "未触发第二十三条的限额规则。", size=BODY_PT)

    # 核定金额
    section("预审核定金额")
    t = doc.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(t.rows[0].cells[0], "小写", bold=True, shade="E8ECF0", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(t.rows[0].cells[1], f"{draft.total_yuan:,} 元", bold=True, size=12)
    _cell(t.rows[1].cells[0], "大写", bold=True, shade="E8ECF0", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(t.rows[1].cells[1], f"人民币{L.capital_yuan(draft.total_yuan)}", bold=True, size=12)
    _widths(t, [3.0, full - 3.0])
    _no_split(t)

    # 注意事项
    if draft.flags:
        section("需审核人注意的事项")
        for i, f in enumerate(draft.flags, start=1):
            _para(doc, f"{i}. {f}", size=BODY_PT)

    # 材料
    section("申报材料")
    w = [1.2, 5.0, 2.8, 1.4, 1.9, 4.7]
    t = _table(doc, ["序号", "文件", "识别类型", "页码", "读取状态", "说明"], w)
    for i, d in enumerate(draft.documents, start=1):
        _row(t, [str(i), d.file, L.label(L.DOC_TYPE, d.type), "、".join(map(str, d.pages)) or "—",
                 L.label(L.DOC_STATUS, d.status), d.error or ""], w, aligns={0: WD_ALIGN_PARAGRAPH.CENTER})
    _no_split(t)

    # 审核意见与签字
    section("审核意见")
    t = doc.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    w = [3.4, 6.0, 2.2, 5.4]
    _widths(t, w)
    top = t.rows[0].cells[0].merge(t.rows[0].cells[3])
    _cell(top, "审核意见：", bold=True)
    top.paragraphs[0].paragraph_format.space_after = Pt(0)
    top.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for _ in range(5):
        _para(top, "")
    t.rows[0].height = Cm(4.2)
    labels = [("核定金额（元）", "大写"), ("审核人（签字）", "日期"), ("复核人（签字）", "日期")]
    for row, (l1, l2) in zip(t.rows[1:], labels):
        row.height = Cm(1.3)
        _cell(row.cells[0], l1, bold=True, shade="E8ECF0")
        _cell(row.cells[1], "")
        _cell(row.cells[2], l2, bold=True, shade="E8ECF0")
        _cell(row.cells[3], "　　　年　　月　　日" if l2 == "日期" else "")
    _no_split(t)
    _keep_together(t)

    _para(doc, f"生成：{draft.generated_by or 'jinshan-review'}；政策版本：{draft.policy.id} {draft.policy.version}",
          size=SMALL_PT - 1, color=GREY, space_before=6)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
