"""信用报告 families: the Shanghai 市场主体专用信用报告 with ruled record tables over several pages, the 信用中国
公共信用信息报告 with records as numbered paragraphs, a 自然人 report, a one-page summary matrix with 近三年 /
三年以前 counts, and a landscape report with one wide wrapped table.

Penalties reach back up to five years before the report (some are older than three years); `serious` is true
only where the document itself marks the record (the families that do not mark records never set it).
Every report also prints a second date that is not the report's own (数据截止日期, 查询期间, print time).
"""

from __future__ import annotations

from datetime import date, timedelta

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, A4_LANDSCAPE, GREY, Flow, TableStyle
from samples.families.common import page_footer, running_head, signature
from samples.families.values import R, fmt_date

# Families whose documents mark a record as serious; the others never set `serious` (they print no such mark).
MARKS_SERIOUS = ("credit_sh_entity_tables", "credit_xyzg_numbered_records", "credit_summary_matrix")

SH_CENTRE = "上海市公共信用信息服务中心"
NATIONAL_CENTRE = "国家公共信用信息中心"

# (authority, number pattern, what was punished)
PENALTY_SOURCES = (
    ("上海市金山区市场监督管理局", "金市监罚〔{y}〕{n}号", "销售不合格产品", "罚款人民币{a}元，没收违法所得"),
    ("上海市金山区生态环境局", "金环罚〔{y}〕{n}号", "超标排放大气污染物", "罚款人民币{a}元"),
    ("国家税务总局上海市金山区税务局", "沪金税简罚〔{y}〕{n}号", "未按期进行纳税申报", "罚款人民币{a}元"),
    ("上海市金山区应急管理局", "（沪金）应急罚〔{y}〕{n}号", "未按规定开展安全生产教育和培训", "警告，罚款人民币{a}元"),
    ("上海市金山区城市管理行政执法局", "第{d}号", "擅自设置户外广告设施", "罚款人民币{a}元"),
    ("上海市金山区消防救援支队", "金消行罚决字〔{y}〕{n}号", "消防设施未保持完好有效", "罚款人民币{a}元"),
    ("上海市金山区人力资源和社会保障局", "金人社监罚〔{y}〕{n}号", "未按规定办理社会保险登记", "罚款人民币{a}元"),
)
LISTS = (
    ("严重违法失信名单", "上海市市场监督管理局"),
    ("失信被执行人名单", "上海市金山区人民法院"),
    ("重大税收违法失信主体名单", "国家税务总局上海市税务局"),
)
ABNORMAL_REASONS = (
    "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
    "通过登记的住所或者经营场所无法联系",
    "公示企业信息隐瞒真实情况、弄虚作假",
)


def _records(r: R, report: date, marks_serious: bool, person: bool = False):
    """Penalties (with what was done and the sanction, printed but not in the truth), listings, abnormal entries."""
    n = r.choice((0, 0, 1, 1, 2, 3, 4)) if not person else r.choice((0, 0, 1, 2))
    pens = []
    for _ in range(n):
        auth, pat, what, sanction = r.choice(PENALTY_SOURCES[2:] if person else PENALTY_SOURCES)
        d = report - timedelta(days=r.int(20, 5 * 365 + 150))
        number = pat.format(y=d.year, n=r.int(1, 2999), d=r.digits(14))
        pens.append({"number": number, "date": d.isoformat(), "serious": marks_serious and r.chance(0.3),
                     "authority": auth, "_what": what, "_sanction": sanction.format(a=r.choice((500, 2000, 5000,
                                                                                                 10000, 30000)))})
    pens.sort(key=lambda p: p["date"], reverse=True)
    dishonest = []
    if not person and r.chance(0.18):
        lst, auth = r.choice(LISTS)
        dishonest.append({"list": lst, "date": (report - timedelta(days=r.int(60, 4 * 365))).isoformat(),
                          "authority": auth})
    abnormal = []
    if not person and r.chance(0.28):
        d = report - timedelta(days=r.int(90, 4 * 365))
        removed = (d + timedelta(days=r.int(30, 300))).isoformat() if r.chance(0.6) else None
        if removed and removed >= report.isoformat():
            removed = None
        abnormal.append({"date": d.isoformat(), "reason": r.choice(ABNORMAL_REASONS), "removed": removed})
    return pens, dishonest, abnormal


def _truth(p: list[dict]) -> list[dict]:
    return [{k: v for k, v in x.items() if not k.startswith("_")} for x in p]


def _org_fields(r: R, title: str, issuer: str, report_no: str, day: date, marks_serious: bool) -> dict:
    pens, dis, ab = _records(r, day, marks_serious)
    return {"title": title, "subject": V.company(r), "uscc": V.uscc(r), "report_no": report_no,
            "report_date": day.isoformat(), "issuer": issuer, "penalties": pens, "dishonest": dis, "abnormal": ab}


def _finish(f: dict) -> dict:
    f = dict(f)
    f["penalties"] = _truth(f["penalties"])
    return f


@family("credit_sh_entity_tables")
def sh_entity_tables(r: R, ctx: Ctx) -> Doc:
    """市场主体专用信用报告: a cover page with labels above boxed values, then ruled record tables (决定书文号 /
    处罚机关 / 决定日期 / 严重程度 一般|严重) that continue over pages under a repeated header; running head with
    the report number, 第x页 共y页 footer; 数据截止日期 the day before the report."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = f"SHXY{day:%Y%m%d}{r.digits(6)}"
    f = _org_fields(r, "市场主体专用信用报告", SH_CENTRE, no, day, marks_serious=True)
    pens = f["penalties"]
    if r.chance(0.5) and len(pens) < 4:  # enough rows that the table runs onto another page
        extra, _, _ = _records(R(V.seed_of(no)), day, True)
        pens = sorted(pens + extra, key=lambda p: p["date"], reverse=True)
    f["penalties"] = pens
    ds = r.choice(("cn0", "cn"))
    flow = Flow(A4, ctx.font, (62, 70, 62, 64), header=running_head(f"报告编号：{no}", "市场主体专用信用报告"),
                footer=page_footer("cn"))
    s = flow.sheet
    flow.gap(60)
    flow.line(f["title"], 26, 44, "center", font=ctx.title_font, spacing=3)
    flow.line("（替代有无违法记录证明专用版）", 13, 60, "center")
    for lab, val in (("主体名称", f["subject"]), ("统一社会信用代码", f["uscc"]),
                     ("报告出具日期", fmt_date(f["report_date"], ds)), ("出具机构", f["issuer"])):
        flow.line(lab, 10, 16, x=120, color=GREY)
        s.box(116, flow.y - 2, s.right - 56, flow.y + 24, stroke=(120, 120, 130), w=0.6)
        flow.line(val, 13.5, 40, x=126)
    cut = day - timedelta(days=1)
    flow.gap(10)
    flow.para(f"本报告依据上海市公共信用信息服务平台归集的信息出具，数据截止日期为{fmt_date(cut.isoformat(), ds)}。"
              "报告内容包括该主体近年来在行政处罚、严重失信主体名单、经营异常名录等领域的信用信息。", 10.5, 19,
              indent=21)
    seal_y = flow.y + 20
    signature(s, [f["issuer"]], seal_y, 12, 18, seal=f["issuer"], r=40)
    if r.chance(0.5):
        flow.new_page()
    else:  # the records follow on the cover page, so their tables run over the page break
        flow.y = seal_y + 60
    st = TableStyle("grid", 10, 14, 5, header_fill=(225, 230, 240), align=("center", "left", "left", "center",
                                                                         "center"))
    flow.line("一、行政处罚信息", 13, 26, font=ctx.title_font)
    if pens:
        rows = [[str(k + 1), p["number"], p["authority"], fmt_date(p["date"], "iso"), "严重" if p["serious"] else "一般"]
                for k, p in enumerate(pens)]
        flow.table((34, 150, 150, 82, 55), [["序号", "决定书文号", "处罚机关", "决定日期", "严重程度"]], rows, st)
    else:
        flow.line("经查，报告期内未查见该主体的行政处罚信息。", 11, 22, x=80)
    flow.gap(14)
    flow.line("二、严重失信主体名单信息", 13, 26, font=ctx.title_font)
    if f["dishonest"]:
        rows = [[d["list"], d["authority"], fmt_date(d["date"], "iso")] for d in f["dishonest"]]
        flow.table((170, 200, 101), [["名单名称", "列入机关", "列入日期"]], rows, st)
    else:
        flow.line("经查，未查见该主体被列入严重失信主体名单。", 11, 22, x=80)
    flow.gap(14)
    flow.line("三、经营异常名录信息", 13, 26, font=ctx.title_font)
    if f["abnormal"]:
        rows = [[fmt_date(a["date"], "iso"), a["reason"], fmt_date(a["removed"], "iso") if a["removed"] else "—"]
                for a in f["abnormal"]]
        flow.table((90, 290, 91), [["列入日期", "列入原因", "移出日期"]], rows, st)
    else:
        flow.line("经查，未查见该主体被列入经营异常名录。", 11, 22, x=80)
    flow.gap(20)
    flow.para("说明：严重程度为“严重”的记录属于严重违法失信行为。本报告仅供申请财政资金支持时使用。", 9.5, 16,
              color=GREY)
    return Doc(_finish(f), flow.finish(), notes="record tables continue over pages with a repeated header; severity "
                                               "column 一般/严重; 数据截止日期 is not the report date")


@family("credit_xyzg_numbered_records")
def xyzg_numbered(r: R, ctx: Ctx) -> Doc:
    """信用中国 法人和非法人组织公共信用信息报告: blue band with the site name, the report's time top-right, the
    subject's details as one run-on line each, records as numbered paragraphs; a serious record says so in its
    last sentence (属严重违法失信行为)."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = f"XYZG{day:%Y%m%d}{r.digits(8)}"
    f = _org_fields(r, "法人和非法人组织公共信用信息报告", NATIONAL_CENTRE, no, day, marks_serious=True)
    pens = f["penalties"]
    ds = r.choice(("cn", "cn0"))
    stamp = f"{fmt_date(f['report_date'], ds)} {r.int(8, 18):02d}:{r.int(0, 59):02d}"
    blue = (30, 80, 160)

    def header(s, n):
        s.box(0, 0, s.w, 44, fill=blue, stroke=None)
        s.put("信用中国", 40, 12, 17, color=(255, 255, 255), font=ctx.title_font)
        s.put("www.creditchina.gov.cn", 120, 18, 9, color=(220, 230, 245))
        return 70

    flow = Flow(A4, ctx.font, (56, 60, 56, 60), header=header, footer=page_footer("dash"))
    s = flow.sheet
    s.put(f"报告生成时间：{stamp}", None, 56, 9.5, "right")
    flow.gap(20)
    flow.line("法人和非法人组织", 20, 32, "center", font=ctx.title_font)
    flow.line("公共信用信息报告", 20, 44, "center", font=ctx.title_font)
    for lab, val in (("报告编号", no), ("机构名称", f["subject"]), ("统一社会信用代码", f["uscc"]),
                     ("出具单位", f["issuer"])):
        flow.line(f"{lab}：{val}", 11.5, 22, x=80)
    flow.gap(12)
    start = (day - timedelta(days=3 * 365)).isoformat()
    flow.para(f"查询期间：{fmt_date(start, 'iso')} 至 {fmt_date(f['report_date'], 'iso')}（行政处罚信息查询全部"
              "公示期内的记录）。", 10.5, 18)
    flow.gap(8)

    def section(title):
        flow.gap(8)
        flow.line(title, 13, 20, font=ctx.title_font, color=blue)
        flow.sheet.hline(flow.sheet.left, flow.sheet.right, flow.y - 2, 0.8, blue)
        flow.gap(8)

    section("（一）行政管理信息——行政处罚")
    if not pens:
        flow.para("未查询到相关记录。", 11, 20, indent=22)
    for k, p in enumerate(pens, 1):
        text = (f"{k}．决定书文号：{p['number']}；违法行为类型：{p['_what']}；处罚内容：{p['_sanction']}；"
                f"处罚机关：{p['authority']}；处罚决定日期：{fmt_date(p['date'], ds)}。")
        if p["serious"]:
            text += "该记录属严重违法失信行为。"
        flow.para(text, 11, 19, indent=22)
        flow.gap(4)
    section("（二）严重失信主体名单")
    if not f["dishonest"]:
        flow.para("未查询到相关记录。", 11, 20, indent=22)
    for k, d in enumerate(f["dishonest"], 1):
        flow.para(f"{k}．名单类型：{d['list']}；列入日期：{fmt_date(d['date'], ds)}；认定部门：{d['authority']}。",
                  11, 19, indent=22)
    section("（三）经营异常名录")
    if not f["abnormal"]:
        flow.para("未查询到相关记录。", 11, 20, indent=22)
    for k, a in enumerate(f["abnormal"], 1):
        out = f"移出日期：{fmt_date(a['removed'], ds)}" if a["removed"] else "尚未移出"
        flow.para(f"{k}．列入日期：{fmt_date(a['date'], ds)}；列入原因：{a['reason']}；{out}。", 11, 19, indent=22)
    flow.gap(24)
    flow.para("本报告信息来源于全国信用信息共享平台，报告使用者应在报告生成时间后一个月内使用。", 9, 15, color=GREY)
    signature(flow.sheet, [f["issuer"]], min(flow.y + 16, flow.sheet.bottom - 30), 11.5, 18, seal=f["issuer"], r=40)
    return Doc(_finish(f), flow.finish(), notes="records as numbered paragraphs; a serious record says so in its last "
                                               "sentence; 查询期间 and the generation time carry other dates")


@family("credit_person_two_column")
def person_two_column(r: R, ctx: Ctx) -> Doc:
    """自然人 report: the person's details in two columns without rules (labels right-aligned), a result table
    per category (未查见 / 查见N条), records in a short ruled table; no severity marks."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    pens, _, _ = _records(r, day, False, person=True)
    title = r.choice(("自然人公共信用信息报告", "自然人专用信用报告", "个人公共信用信息查询报告"))
    f = {"title": title, "subject": V.person(r), "uscc": None, "report_no": f"GR-{day:%Y%m%d}-{r.digits(5)}",
         "report_date": day.isoformat(), "issuer": SH_CENTRE, "penalties": pens, "dishonest": [], "abnormal": [],
         "id_masked": V.id_masked(r), "subject_kind": "individual"}
    ds = r.choice(("iso", "dot0", "cn0"))
    flow = Flow(A4, ctx.font, (64, 70, 64, 64), footer=page_footer("slash"))
    s = flow.sheet
    flow.line(title, 21, 40, "center", font=ctx.title_font)
    s.hline(s.left, s.right, flow.y - 6, 1.4)
    flow.gap(14)
    left = [("姓名", f["subject"]), ("证件类型", "居民身份证"), ("证件号码", f["id_masked"])]
    right = [("报告编号", f["report_no"]), ("报告日期", fmt_date(f["report_date"], ds)), ("出具机构", f["issuer"])]
    for (la, va), (lb, vb) in zip(left, right):
        s.put(la + "：", None, flow.y, 11, "right", x1=136)
        s.put(va, 140, flow.y, 11)
        s.put(lb + "：", None, flow.y, 11, "right", x1=340)
        s.put(vb, 344, flow.y, 11)
        flow.y += 24
    flow.gap(16)
    flow.line("一、信用信息概况", 13, 26, font=ctx.title_font)
    st = TableStyle("grid", 10.5, 15, 6, header_fill=(236, 236, 236), align=("left", "center"))
    cats = [("行政处罚信息", f"查见{len(pens)}条" if pens else "未查见"), ("失信被执行人信息", "未查见"),
            ("欠缴社会保险费信息", "未查见"), ("其他失信信息", "未查见")]
    flow.table((300, 167), [["信息类别", "查询结果"]], [list(c) for c in cats], st)
    flow.gap(16)
    flow.line("二、行政处罚信息明细", 13, 26, font=ctx.title_font)
    if pens:
        rows = [[p["number"], p["_what"], p["authority"], fmt_date(p["date"], ds)] for p in pens]
        flow.table((120, 110, 150, 87), [["决定文书号", "违法事实", "处罚机关", "处罚日期"]], rows,
                   TableStyle("grid", 9.5, 13.5, 5, header_fill=(236, 236, 236)))
    else:
        flow.line("无。", 11, 22, x=90)
    flow.gap(20)
    flow.para(f"查询时间范围：{fmt_date((day - timedelta(days=1095)).isoformat(), ds)}至"
              f"{fmt_date(f['report_date'], ds)}。本报告不作为对信息主体作出评价的依据。", 9.5, 16, color=GREY)
    signature(flow.sheet, [f["issuer"]], flow.y + 24, 11.5, 18, seal=f["issuer"], r=38)
    return Doc(_finish(f), flow.finish(), notes="personal report; details in two unruled columns; masked ID")


@family("credit_summary_matrix")
def summary_matrix(r: R, ctx: Ctx) -> Doc:
    """One page: a matrix of categories × 近三年 / 三年以前 counts, then one line per record with a bracketed
    grade ［一般］/［严重］ first; the report date in the foot beside the seal."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = V.doc_no(r, "沪信简", day.year)
    f = _org_fields(r, "市场主体信用信息简版报告", SH_CENTRE, no, day, marks_serious=True)
    pens = f["penalties"] = f["penalties"][:4]
    ds = r.choice(("cn", "han", "cn0"))
    flow = Flow(A4, ctx.font, (60, 64, 60, 60))
    flow.line(f["title"], 20, 34, "center", font=ctx.title_font)
    flow.line(f"编号：{no}", 10.5, 30, "center")
    flow.line(f"信息主体：{f['subject']}", 11.5, 22)
    flow.line(f"统一社会信用代码：{f['uscc']}", 11.5, 30)
    cut = day - timedelta(days=3 * 365)
    recent = sum(1 for p in pens if p["date"] >= cut.isoformat())
    st = TableStyle(r.choice(("grid", "open")), 10.5, 15, 6, align=("left", "center", "center"))
    old = len(pens) - recent
    rows = [["行政处罚", str(recent), str(old)], ["严重失信主体名单", str(len(f["dishonest"])), "0"],
            ["经营异常名录", str(len(f["abnormal"])), "0"]]
    flow.table((235, 120, 120), [["信息类别", "近三年内（条）", "三年以前（条）"]], rows, st)
    flow.gap(14)
    flow.line("记录明细（［严重］为严重违法失信行为）", 12, 24, font=ctx.title_font)
    lines = []
    for p in pens:
        grade = "［严重］" if p["serious"] else "［一般］"
        lines.append(f"{grade}{fmt_date(p['date'], 'iso')} {p['authority']} {p['number']}")
    for d in f["dishonest"]:
        lines.append(f"［名单］{fmt_date(d['date'], 'iso')} 列入{d['list']}（{d['authority']}）")
    for a in f["abnormal"]:
        removed = f"，{fmt_date(a['removed'], 'iso')}移出" if a["removed"] else "，未移出"
        lines.append(f"［异常］{fmt_date(a['date'], 'iso')} {a['reason']}{removed}")
    if not lines:
        lines = ["无记录。"]
    for ln in lines:
        flow.para(ln, 10.5, 18, indent=0)
        flow.gap(3)
    s = flow.sheet
    y = max(flow.y + 30, 640)
    signature(s, [f["issuer"], f"出具日期：{fmt_date(f['report_date'], ds)}"], y, 12, 22, seal=f["issuer"], r=44)
    return Doc(_finish(f), flow.finish(),
               notes="one page; counts matrix 近三年/三年以前; records as single lines with a bracketed grade")


@family("credit_landscape_wide_table")
def landscape_wide(r: R, ctx: Ctx) -> Doc:
    """Landscape report: one wide ruled table per category with eight wrapped columns (行政相对人 … 公示截止期);
    the records carry no severity marks; the date a page was printed runs in the footer."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = f"FR{day:%Y%m%d}{r.digits(8)}"
    f = _org_fields(r, "上海市法人公共信用信息查询报告", SH_CENTRE, no, day, marks_serious=False)
    pens = f["penalties"]
    if len(pens) < 2:
        pens += _records(R(V.seed_of(no, "more")), day, False)[0][:3]
        pens.sort(key=lambda p: p["date"], reverse=True)
    ds = r.choice(("iso", "dot0"))
    printed = day + timedelta(days=r.int(0, 3))
    flow = Flow(A4_LANDSCAPE, ctx.font, (44, 50, 44, 50),
                header=running_head(f"查询编号：{no}", f["subject"]),
                footer=lambda s, n, t: s.put(f"打印日期：{fmt_date(printed.isoformat(), 'iso')}    第{n}页/共{t}页",
                                             None, s.h - 30, 8.5, "center", color=GREY))
    flow.line(f["title"], 19, 32, "center", font=ctx.title_font)
    flow.line(f"查询对象：{f['subject']}（统一社会信用代码：{f['uscc']}）", 11, 20, "center")
    flow.line(f"出具机构：{f['issuer']}    报告日期：{fmt_date(f['report_date'], ds)}", 11, 30, "center")
    st = TableStyle("grid", 9, 12.5, 4, header_fill=(230, 236, 230))
    flow.line("行政处罚信息", 12, 22, font=ctx.title_font)
    rows = []
    for k, p in enumerate(pens, 1):
        until = (date.fromisoformat(p["date"]) + timedelta(days=3 * 365)).isoformat()
        rows.append([str(k), f["subject"], p["number"], p["_what"], p["_sanction"], p["authority"],
                     fmt_date(p["date"], ds), fmt_date(until, ds)])
    flow.table((28, 118, 104, 100, 100, 124, 70, 70),
               [["序号", "行政相对人", "决定书文号", "违法行为类型", "处罚内容", "处罚机关", "处罚日期", "公示截止期"]],
               rows, st)
    flow.gap(12)
    flow.line("严重失信主体名单信息", 12, 22, font=ctx.title_font)
    if f["dishonest"]:
        flow.table((250, 250, 120), [["名单名称", "认定机关", "列入日期"]],
                   [[d["list"], d["authority"], fmt_date(d["date"], ds)] for d in f["dishonest"]], st)
    else:
        flow.line("无", 10.5, 20, x=70)
    flow.gap(12)
    flow.line("经营异常名录信息", 12, 22, font=ctx.title_font)
    if f["abnormal"]:
        flow.table((100, 380, 100), [["列入日期", "列入原因", "移出日期"]],
                   [[fmt_date(a["date"], ds), a["reason"], fmt_date(a["removed"], ds) if a["removed"] else "未移出"]
                    for a in f["abnormal"]], st)
    else:
        flow.line("无", 10.5, 20, x=70)
    flow.gap(10)
    if flow.y + 70 > flow.sheet.bottom:
        flow.new_page()
    signature(flow.sheet, [f["issuer"]], flow.y + 20, 11.5, 18, seal=f["issuer"], r=40)
    return Doc(_finish(f), flow.finish(), notes="landscape; one wide wrapped table; no severity marks; print date "
                                               "in the footer")



@family("credit_person_header_grid")
def person_header_grid(r: R, ctx: Ctx) -> Doc:
    """A person's report whose particulars fill a ruled grid of label and value cells two pairs to a row (姓名 |
    X | 证件号码 | 310…1124), records as numbered paragraphs of 文号 / 机关 / 日期 pairs; the issuing centre on a
    labelled line at the foot; a print time in the footer that is not the report's date."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    pens, _, _ = _records(r, day, False, person=True)
    title = r.choice(("个人信用信息查询报告", "自然人信用信息报告", "个人公共信用信息报告"))
    f = {"title": title, "subject": V.person(r), "uscc": None, "report_no": f"ZRR{day:%Y%m%d}{r.digits(6)}",
         "report_date": day.isoformat(), "issuer": SH_CENTRE, "penalties": pens, "dishonest": [], "abnormal": [],
         "id_masked": V.id_masked(r), "subject_kind": "individual"}
    ds = r.choice(("iso", "cn", "cn0"))
    printed = f"{(day + timedelta(days=r.int(0, 3))).isoformat()} {r.int(8, 17):02d}:{r.int(0, 59):02d}"
    flow = Flow(A4, ctx.font, (60, 64, 60, 70), footer=page_footer("cn2", prefix=f"打印时间：{printed}　　"))
    flow.line(title, 20, 44, "center", font=ctx.title_font, spacing=2)
    lab = (232, 236, 244)
    st = TableStyle("grid", 10.5, 15, 6, col_fill=(lab, None, lab, None))
    flow.table((80, 160, 80, 155), [], [
        ["姓名", f["subject"], "证件号码", f["id_masked"]],
        ["证件类型", "居民身份证", "查询日期", fmt_date(f["report_date"], ds)],
        ["报告编号", f["report_no"], "查询事由", "申请财政资金支持"]], st)
    flow.gap(18)
    flow.line("一、行政处罚信息", 13, 26, font=ctx.title_font)
    if pens:
        for k, p in enumerate(pens, 1):
            flow.para(f"{k}. 决定书文号：{p['number']}；处罚机关：{p['authority']}；处罚日期："
                      f"{fmt_date(p['date'], ds)}；处罚内容：{p['_sanction']}。", 11, 20, indent=22)
    else:
        flow.para("经查询，未发现该自然人的行政处罚信息。", 11, 20, indent=22)
    flow.gap(10)
    for head, none in (("二、失信被执行人信息", "经查询，未发现该自然人被列为失信被执行人。"),
                       ("三、其他信用信息", "经查询，未发现相关记录。")):
        flow.line(head, 13, 26, font=ctx.title_font)
        flow.para(none, 11, 20, indent=22)
        flow.gap(10)
    flow.gap(20)
    flow.line(f"出具单位：{f['issuer']}", 11.5, 22, x=flow.sheet.right - 300)
    seal_y = flow.y - 22
    flow.sheet.seal(flow.sheet.right - 150, seal_y + 6, 40, f["issuer"])
    return Doc(_finish(f), flow.finish(), notes="person; particulars in a ruled label/value grid; numbered records; "
                                               "a print time in the footer")


@family("credit_org_open_wide_table")
def org_open_wide_table(r: R, ctx: Ctx) -> Doc:
    """An organisation's report whose particulars stand in two unruled columns of `label：value` pairs (报告编号 |
    出具日期, 企业名称 over the full width), the penalties in one wide table ruled only above, under the header and
    below (序号 / 行政处罚决定书文号 / 处罚事由 / 处罚结果 / 处罚机关 / 处罚日期), cells wrapping over two or three
    lines; the other categories as one line each (无 / 查见N条); 本报告有效期 with a later date; the centre and
    its seal at the foot."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = f"{day:%Y}{r.digits(4)}-{r.digits(8)}"
    f = _org_fields(r, r.choice(("企业公共信用信息报告", "公共信用信息报告（企业版）")), SH_CENTRE, no, day,
                    marks_serious=False)
    f["dishonest"], f["abnormal"] = [], []  # this layout's other categories print counts only, here none
    pens = f["penalties"]
    ds = r.choice(("iso", "cn", "dot0"))
    flow = Flow(A4, ctx.font, (54, 60, 54, 60), footer=page_footer("cn"))
    flow.line(f["title"], 20, 46, "center", font=ctx.title_font, spacing=2)
    s = flow.sheet
    half = (s.left + s.right) / 2 + 6
    for (la, va), (lb, vb) in ((("报告编号", no), ("出具日期", fmt_date(f["report_date"], ds))),
                               (("统一社会信用代码", f["uscc"]), ("出具机构", f["issuer"]))):
        s.put(f"{la}：{va}", None, flow.y, 10.5)
        s.put(f"{lb}：{vb}", half, flow.y, 10.5)
        flow.y += 22
    flow.line(f"企业名称：{f['subject']}", 10.5, 30)
    flow.line("一、行政处罚信息", 12.5, 24, font=ctx.title_font)
    if pens:
        rows = [[str(k), p["number"], p["_what"], p["_sanction"], p["authority"], fmt_date(p["date"], ds)]
                for k, p in enumerate(pens, 1)]
        flow.table((28, 104, 98, 86, 104, 67), [["序号", "行政处罚决定书文号", "处罚事由", "处罚结果", "处罚机关",
                                                 "处罚日期"]], rows, TableStyle("open", 9.5, 13.5, 4))
    else:
        flow.line("无", 10.5, 22, x=76)
    flow.gap(12)
    flow.line("二、其他信用信息", 12.5, 24, font=ctx.title_font)
    for name in ("严重失信主体名单信息", "经营异常名录信息", "欠税信息", "法院判决信息"):
        flow.line(f"{name}：无", 10.5, 21, x=76)
    flow.gap(14)
    until = day + timedelta(days=r.choice((30, 90)))
    flow.para(f"本报告有效期至{fmt_date(until.isoformat(), ds)}。本报告所载信息来源于上海市公共信用信息服务平台。",
              9.5, 16, color=GREY)
    flow.gap(10)
    signature(flow.sheet, [f["issuer"]], flow.y, 11.5, 18, seal=f["issuer"], r=40)
    return Doc(_finish(f), flow.finish(), notes="particulars in two unruled columns; penalties in one wide open table "
                                               "with wrapped cells; 有效期 carries a later date")


@family("credit_org_record_cards")
def org_record_cards(r: R, ctx: Ctx) -> Doc:
    """A report laid out as cards, as the 信用中国（上海） app prints it: a shaded 基本信息 card with the
    particulars two `label：value` pairs to a line; then per category a heading with a count (行政处罚信息（2条）)
    and one boxed card per record, its number as the card's heading and its particulars as label：value pairs
    two to a line inside the box; 生成时间 with a time of day is the report's date; the statement and the
    centre's seal at the foot of the last page."""
    day = V.day_between(r, date(2025, 1, 6), date(2025, 10, 31))
    no = f"XYSH{day:%y%m%d}{r.digits(8)}"
    f = _org_fields(r, r.choice(("法人公共信用信息报告", "公共信用信息概要", "企业信用报告")), SH_CENTRE, no, day,
                    marks_serious=False)
    ds = r.choice(("iso", "cn0", "slash"))
    flow = Flow(A4, ctx.font, (58, 60, 58, 66), footer=page_footer(r.choice(("slash", "dash"))))
    flow.line(f["title"], 20, 42, "center", font=ctx.title_font, spacing=2)
    s = flow.sheet
    card_fill = (238, 242, 248)
    half = (s.left + s.right) / 2 + 4
    stamp = f"{fmt_date(f['report_date'], ds)} {r.int(8, 18):02d}:{r.int(0, 59):02d}:{r.int(0, 59):02d}"
    basic = [(("企业名称", f["subject"]), None), (("统一社会信用代码", f["uscc"]), ("报告编号", no)),
             (("生成时间", stamp), ("出具机构", f["issuer"]))]
    top = flow.y
    s.box(s.left, top - 6, s.right, top + 26 + 22 * len(basic), fill=card_fill, stroke=None)
    s.put("基本信息", s.left + 10, top, 12, font=ctx.title_font)
    flow.y = top + 24
    for a, b in basic:
        s.put(f"{a[0]}：{a[1]}", s.left + 12, flow.y, 10)
        if b:
            s.put(f"{b[0]}：{b[1]}", half, flow.y, 10)
        flow.y += 22
    flow.gap(18)

    def card(heading: str, pairs: list[tuple[str, str]]) -> None:
        lines = [pairs[k:k + 2] for k in range(0, len(pairs), 2)]
        h = 26 + 20 * len(lines)
        flow.room(h + 12)
        sh, y0 = flow.sheet, flow.y
        sh.box(sh.left + 6, y0, sh.right - 6, y0 + h, stroke=(150, 160, 180), w=0.7)
        sh.put(heading, sh.left + 16, y0 + 6, 10.5, font=ctx.title_font)
        for j, line in enumerate(lines):
            for k, (lab, val) in enumerate(line):
                sh.put(f"{lab}：{val}", sh.left + 18 if k == 0 else half, y0 + 26 + j * 20, 9.5)
        flow.y = y0 + h + 12

    def heading(name: str, n: int) -> None:
        flow.room(60)
        flow.line(f"{name}（{n}条）", 12.5, 26, font=ctx.title_font)

    heading("行政处罚信息", len(f["penalties"]))
    for k, p in enumerate(f["penalties"], 1):
        card(f"记录{k}", [("决定文书号", p["number"]), ("处罚日期", fmt_date(p["date"], ds)),
                          ("处罚机关", p["authority"]), ("处罚事由", p["_what"])])
    if not f["penalties"]:
        flow.line("暂无记录", 10.5, 24, x=flow.sheet.left + 18, color=GREY)
    heading("严重失信主体名单信息", len(f["dishonest"]))
    for k, d in enumerate(f["dishonest"], 1):
        card(f"记录{k}", [("名单名称", d["list"]), ("列入日期", fmt_date(d["date"], ds)), ("列入机关", d["authority"])])
    if not f["dishonest"]:
        flow.line("暂无记录", 10.5, 24, x=flow.sheet.left + 18, color=GREY)
    heading("经营异常名录信息", len(f["abnormal"]))
    for k, a in enumerate(f["abnormal"], 1):
        card(f"记录{k}", [("列入日期", fmt_date(a["date"], ds)),
                          ("移出日期", fmt_date(a["removed"], ds) if a["removed"] else "未移出"),
                          ("列入原因", a["reason"])])
    if not f["abnormal"]:
        flow.line("暂无记录", 10.5, 24, x=flow.sheet.left + 18, color=GREY)
    flow.gap(14)
    flow.para("本报告信息来源于上海市公共信用信息服务平台，仅反映报告生成时平台归集的信息。", 9.5, 16, color=GREY)
    flow.gap(12)
    flow.room(60)
    signature(flow.sheet, [f["issuer"]], flow.y, 11.5, 18, seal=f["issuer"], r=38)
    return Doc(_finish(f), flow.finish(), notes="records as boxed cards of label：value pairs; 生成时间 with a time is "
                                               "the report's date")
