"""首席质量官 / 标准化总监 appointment families: a company notice (text layer) with the term and the training
certificate number in the sentence, a 聘书 with the name centred and spaced, a ruled filing form with two
label/value pairs per row, and a board resolution whose meeting date is not the appointment date."""

from __future__ import annotations

from datetime import date, timedelta

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, GREY, RED, Flow, Sheet, TableStyle
from samples.families.common import signature
from samples.families.values import R, fmt_date

ROLES = ("首席质量官", "标准化总监")


def _training_no(r: R, year: int) -> str:
    return r.choice((f"ZLG{year}-{r.int(1, 99):03d}-{r.digits(4)}", f"SHBZZJ{year}{r.digits(4)}",
                     f"沪质培（{year}）第{r.int(100, 9999)}号", f"BZZJ-{year}-{r.digits(4)}"))


def _fields(r: R, *, term: bool, training: bool) -> dict:
    d = V.day_between(r, date(2023, 6, 1), date(2025, 9, 30))
    if r.chance(0.5):
        d = d.replace(day=1)
    return {"person": V.person(r), "role": r.choice(ROLES), "employer": V.company(r),
            "training_cert_no": _training_no(r, d.year - r.int(0, 1)) if training else None, "date": d.isoformat(),
            "term_end": V.years_later(d, r.choice((2, 3, 3, 5))).isoformat() if term else None}


@family("appoint_notice_textpdf")
def notice_textpdf(r: R, ctx: Ctx) -> Doc:
    """Company notice '关于聘任XXX同志为公司首席质量官的通知' with a company 文号: the term '自…起至…止' and the
    training certificate number inside the sentences; the company and date under its seal."""
    f = _fields(r, term=True, training=r.chance(0.7))
    short = f["employer"].replace("上海市金山区", "").replace("上海金山", "").replace("上海", "")[:2]
    f["doc_no"] = V.doc_no(r, f"{short}质", int(f["date"][:4]))
    ds = r.choice(("cn", "cn0"))
    flow = Flow(A4, ctx.font, (72, 70, 72, 70))
    s = flow.sheet
    s.put(f["employer"], None, 70, 20, "center", font=ctx.title_font, color=RED)
    s.put(f["doc_no"], None, 104, 11.5, "center")
    s.hline(s.left, s.right, 124, 1.4, RED)
    flow.y = 150
    flow.para(f"关于聘任{f['person']}同志为公司{f['role']}的通知", 16.5, 28, font=ctx.title_font, align="center")
    flow.gap(10)
    flow.line("公司各部门、各子公司：", 12.5, 25)
    text = (f"为进一步加强公司质量与标准化管理工作，经公司总经理办公会研究决定，聘任{f['person']}同志为公司{f['role']}，"
            f"聘期自{fmt_date(f['date'], ds)}起至{fmt_date(f['term_end'], ds)}止。")
    flow.para(text, 12.5, 25, indent=25)
    if f["training_cert_no"]:
        flow.para(f"{f['person']}同志已参加{f['role']}培训并考核合格（培训合格证书编号：{f['training_cert_no']}）。",
                  12.5, 25, indent=25)
    flow.para(f"{f['role']}对公司质量工作负责，直接向总经理报告，相关部门应予以配合。", 12.5, 25, indent=25)
    flow.para("特此通知。", 12.5, 25, indent=25)
    flow.gap(30)
    signature(flow.sheet, [f["employer"], fmt_date(f["date"], ds)], flow.y, 12.5, 25, seal=f["employer"], r=46)
    return Doc(f, flow.finish(), notes="company notice with a 文号; term and training number inside the sentences")


@family("appoint_certificate_centered")
def certificate_centered(r: R, ctx: Ctx) -> Doc:
    """聘书: 兹聘请, the person's name centred with letter spacing, 为我公司<role>, the term as a dotted range
    (2024.3.1—2027.2.28); the training number, when shown, small at the foot; the employer under its seal."""
    f = _fields(r, term=r.chance(0.8), training=r.chance(0.5))
    ds = r.choice(("dot", "dot0"))
    s = Sheet(A4, ctx.font, (90, 80, 90, 80))
    s.frame(30, RED, 4.0)
    s.put("聘　书", None, 140, 44, "center", font=ctx.title_font, color=RED, spacing=10)
    s.put("兹聘请", s.left, 280, 18)
    s.put(f["person"], None, 330, 30, "center", font=ctx.title_font, spacing=18)
    s.put(f"为我公司{f['role']}。", s.left + 40, 400, 18)
    if f["term_end"]:
        s.put(f"聘期：{fmt_date(f['date'], ds)}—{fmt_date(f['term_end'], ds)}", s.left + 40, 446, 15)
    else:
        s.put(f"聘任日期：{fmt_date(f['date'], ds)}", s.left + 40, 446, 15)
    signature(s, [f["employer"], fmt_date(f["date"], "han")], 620, 15, 28, seal=f["employer"], r=50)
    if f["training_cert_no"]:
        s.put(f"培训证书编号：{f['training_cert_no']}", s.left, s.h - 104, 9.5, color=GREY)
    return Doc(f, [s.page], notes="聘书; name centred and spaced; term as a dotted range")


@family("appoint_filing_table_grid")
def filing_table_grid(r: R, ctx: Ctx) -> Doc:
    """备案表: a ruled grid, two label/value pairs per row (企业名称 spanning), 任职日期 and 培训证书编号 in cells; the
    company's opinion cell with 同意备案, the seal and the date."""
    f = _fields(r, term=False, training=True)
    ds = r.choice(("cn", "iso", "dot0"))
    if r.chance(0.4):  # 任职日期 2024年4月: year and month only
        f["date"] = f["date"][:7]
    code = V.uscc(r)
    flow = Flow(A4, ctx.font, (60, 70, 60, 60))
    flow.line(f"企业{f['role']}备案表", 19, 40, "center", font=ctx.title_font)
    flow.line(f"填报日期：{fmt_date(f['date'], ds)}", 10.5, 24, "right")
    st = TableStyle("grid", 11.5, 17, 8, col_fill=((238, 238, 238), None, (238, 238, 238), None))
    w = flow.sheet.right - flow.sheet.left
    flow.table((90, w - 90), [], [["企业名称", f["employer"]], ["统一社会信用代码", code]],
               TableStyle("grid", 11.5, 17, 8, col_fill=((238, 238, 238), None)))
    rows = [["姓名", f["person"], "性别", r.choice(("男", "女"))],
            ["职务", f["role"], "学历", r.choice(("本科", "硕士研究生", "大专"))],
            ["任职日期", fmt_date(f["date"], ds), "联系电话", f"139{r.digits(4)}****"],
            ["培训证书编号", f["training_cert_no"], "从事质量工作年限", f"{r.int(5, 25)}年"]]
    flow.y -= 0.6
    flow.table((90, w / 2 - 90, 90, w / 2 - 90), [], rows, st)
    flow.y -= 0.6
    flow.table((90, w - 90), [], [["主要工作经历", "长期从事质量管理、标准化和检验检测工作，主持企业质量管理体系建设和"
                                  "多项标准的制修订。"], ["企业意见", ["同意备案。", "", "", ""]]],
               TableStyle("grid", 11.5, 17, 8, col_fill=((238, 238, 238), None)))
    s = flow.sheet
    signature(s, [f"（盖章）　{fmt_date(f['date'], ds)}"], flow.y - 42, 11.5, 18, seal=f["employer"], r=44)
    return Doc(f, flow.finish(), notes="ruled filing form, two label/value pairs per row; no term printed")


@family("appoint_board_resolution")
def board_resolution(r: R, ctx: Ctx) -> Doc:
    """董事会决议 in prose: the meeting date first (an earlier date, not the appointment's), '聘任…为公司<role>，任期自
    …起至…止', directors' signature lines, the company seal over the meeting date. The appointment's `date` is
    the first day of the term, as in the other families (there it is also the document's date)."""
    f = _fields(r, term=True, training=r.chance(0.4))
    meeting = date.fromisoformat(f["date"]) - timedelta(days=r.int(3, 25))
    ds = r.choice(("cn", "han", "cn0"))
    session = r.choice(("二", "三", "四"))
    flow = Flow(A4, ctx.font, (72, 72, 72, 72))
    flow.line(f["employer"], 17, 30, "center", font=ctx.title_font)
    flow.line(f"第{session}届董事会第{r.choice(('一', '五', '八', '十二'))}次会议决议", 16, 44, "center",
              font=ctx.title_font)
    flow.para(f"{f['employer']}（以下简称“公司”）第{session}届董事会会议于{fmt_date(meeting.isoformat(), ds)}在公司会议室"
              f"召开，应到董事{r.int(5, 9)}名，实到全部董事，会议的召集、召开符合《公司法》和公司章程的规定。会议审议通过"
              "如下决议：", 12.5, 25, indent=25)
    term = f"任期自{fmt_date(f['date'], ds)}起至{fmt_date(f['term_end'], ds)}止"
    flow.para(f"一、审议通过《关于聘任公司{f['role']}的议案》，同意聘任{f['person']}为公司{f['role']}，{term}。", 12.5, 25,
              indent=25)
    if f["training_cert_no"]:
        flow.para(f"{f['person']}已取得相应培训合格证书，证书编号为{f['training_cert_no']}。", 12.5, 25, indent=25)
    flow.para("二、授权公司管理层办理相关备案手续。", 12.5, 25, indent=25)
    flow.para("表决结果：同意票全票，反对票0票，弃权票0票。", 12.5, 25, indent=25)
    flow.gap(24)
    flow.line("董事签字：____________　____________　____________", 12, 40)
    signature(flow.sheet, [f["employer"], "董事会", fmt_date(meeting.isoformat(), ds)], flow.y + 10, 12.5, 25,
              seal=f["employer"], r=48)
    return Doc(f, flow.finish(), notes="board resolution; the meeting date precedes the appointment date")
