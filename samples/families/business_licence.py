"""营业执照 families: label column right-aligned, boxed cells with the label above (landscape), a registry
print (公示系统 web page), a photocopy with letter-spaced labels and values wrapping back to the margin."""

from __future__ import annotations

from datetime import date

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, A4_LANDSCAPE, GREY, INK, Flow, Sheet, TableStyle, wrap
from samples.families.common import print_header, signature, spaced
from samples.families.values import R, fmt_date

SCOPES = (
    "一般项目：新材料技术研发；塑料制品制造；塑料制品销售；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；"
    "货物进出口；技术进出口。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    "许可项目：食品生产；食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准"
    "文件或许可证件为准）一般项目：食用农产品初加工；农副产品销售。",
    "一般项目：通用设备制造（不含特种设备制造）；机械零件、零部件加工；仪器仪表制造；智能控制系统集成；"
    "软件开发；机械设备销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    "一般项目：检验检测服务；计量技术服务；标准化服务；认证咨询；环境保护监测；技术服务、技术开发、技术咨询。",
)


def _kind_for(r: R, name: str) -> str:
    if "股份有限公司" in name:
        return r.choice(("股份有限公司（非上市、自然人投资或控股）", "股份有限公司（上市、自然人投资或控股）"))
    if "（上海）" in name:
        return r.choice(("有限责任公司（外商投资、非独资）", "有限责任公司（台港澳法人独资）"))
    return r.choice(("有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "其他有限责任公司"))


def licence_fields(r: R, date_style: str, term_printed: bool = True) -> dict:
    name = V.company(r)
    code = V.uscc(r)
    est = V.day_between(r, date(1996, 1, 1), date(2021, 12, 31))
    issue = V.day_between(r, max(est, date(2020, 1, 1)), date(2025, 8, 31))
    term = None
    if term_printed:
        end = V.years_later(est, r.choice((20, 30, 50)))
        sep = r.choice(("至", " 至 ", "至"))
        term = r.choice((
            f"{fmt_date(est.isoformat(), date_style)}{sep}长期",
            f"{fmt_date(est.isoformat(), date_style)}{sep}{fmt_date(end.isoformat(), date_style)}",
            f"{fmt_date(est.isoformat(), date_style)}{sep}无固定期限",
            "长期",
        ))
    return {
        "name": name, "uscc": code, "kind": _kind_for(r, name), "legal_rep": V.person(r),
        "established": est.isoformat(), "address": V.address(r), "registered_capital": V.capital(r),
        "authority": "上海市金山区市场监督管理局" if code[2:8] == "310116" else "上海市市场监督管理局",
        "issue_date": issue.isoformat(), "term": term,
    }


@family("lic_label_column_right")
def label_column_right(r: R, ctx: Ctx) -> Doc:
    """副本 portrait: labels right-aligned in a column, values wrap under themselves; the code under its label at
    the top-left; 登记机关 with the date in Chinese numerals under the seal; QR bottom-left."""
    ds = r.choice(("cn0", "cn"))
    f = licence_fields(r, ds)
    s = Sheet(A4, ctx.font, (70, 60, 64, 60))
    s.frame(26, (150, 110, 60), 3.0)
    s.put("统一社会信用代码", 64, 70, 10)
    s.put(f["uscc"], 64, 86, 12.5)
    s.put("证照编号：" + V.R(V.seed_of(f["uscc"])).digits(18), None, 70, 8.5, "right", x1=s.w - 64, color=GREY)
    s.put("（副 本）", None, 86, 12, "right", x1=s.w - 64)
    s.put("营业执照", None, 140, 38, "center", font=ctx.title_font, spacing=14, color=(160, 40, 36))
    col, val_x = 172, 188
    y = 240
    size, lead = 12.5, 21
    rows = [("名称", f["name"]), ("类型", f["kind"]), ("法定代表人", f["legal_rep"]), ("经营范围", r.choice(SCOPES)),
            ("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], ds))]
    if f["term"]:
        rows.append(("营业期限", f["term"]))
    rows.append(("住所", f["address"]))
    for lab, val in rows:
        s.put(lab, None, y, size, "right", x1=col)
        lines = wrap(val, s.right - val_x, size, ctx.font)
        if lab == "经营范围":
            lines = wrap(val, s.right - val_x, 10.5, ctx.font)[:7]
            for k, ln in enumerate(lines):
                s.put(ln, val_x, y + 1 + k * 16, 10.5)
            y += len(lines) * 16 + 10
            continue
        for k, ln in enumerate(lines):
            s.put(ln, val_x, y + k * lead, size)
        y += len(lines) * lead + 12
    s.put("登记机关", 300, 672, 12.5)
    signature(s, [f["authority"], fmt_date(f["issue_date"], "han")], 694, 12.5, 22, seal=f["authority"], x1=510,
              r=46)
    s.qr(70, 668, 66, V.seed_of(f["uscc"], "qr"))
    s.put("扫描二维码登录“国家企业信用信息公示系统”", 145, 700, 7.5, color=GREY)
    s.put("了解更多登记、备案、许可、监管信息", 145, 712, 7.5, color=GREY)
    s.put("国家市场监督管理总局监制", None, s.h - 54, 8, "center", color=GREY)
    return Doc(f, [s.page], notes="labels right-aligned in a column; the code under its label at top-left")


@family("lic_boxed_landscape")
def boxed_landscape(r: R, ctx: Ctx) -> Doc:
    """正本 landscape: every value in a boxed cell with a small label above it inside the box; the code in its own
    box right of the title; 登记机关 box with the seal over the date (ISO-like dates)."""
    ds = r.choice(("iso", "dot0", "cn"))
    f = licence_fields(r, ds, term_printed=r.chance(0.7))
    s = Sheet(A4_LANDSCAPE, ctx.font, (50, 40, 50, 40))
    s.box(30, 30, s.w - 30, s.h - 30, stroke=(176, 60, 50), w=2.5)
    s.put("营 业 执 照", 60, 58, 30, font=ctx.title_font, color=(176, 40, 36))
    s.box(440, 52, s.w - 60, 98, stroke=INK, w=0.8)
    s.put("统一社会信用代码", 448, 57, 9, color=GREY)
    s.put(f["uscc"], 448, 72, 17)
    cells = [("名称", f["name"]), ("类型", f["kind"]), ("法定代表人", f["legal_rep"]),
             ("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], ds)),
             ("住所", f["address"])]
    if f["term"]:
        cells.insert(5, ("营业期限", f["term"]))
    x0s, cw = (60, 60 + (s.w - 120) / 2 + 6), (s.w - 120) / 2 - 6
    y = 126
    size = 13.5
    for k in range(0, len(cells), 2):
        pair = cells[k:k + 2]
        laid = [(lab, wrap(val, cw - 16, size, ctx.font)) for lab, val in pair]
        h = max(24 + len(lines) * 19 + 8 for _, lines in laid)
        for (lab, lines), x in zip(laid, x0s):
            s.box(x, y, x + cw, y + h, stroke=(90, 90, 96), w=0.6)
            s.put(lab, x + 8, y + 6, 9, color=GREY)
            for j, ln in enumerate(lines):
                s.put(ln, x + 8, y + 24 + j * 19, size)
        y += h + 14
    scope = wrap(r.choice(SCOPES), s.w - 136 - 230, 10, ctx.font)[:6]
    h = max(24 + len(scope) * 15 + 8, 84)
    s.box(60, y, s.w - 60 - 230, y + h, stroke=(90, 90, 96), w=0.6)
    s.put("经营范围", 68, y + 6, 9, color=GREY)
    for j, ln in enumerate(scope):
        s.put(ln, 68, y + 24 + j * 15, 10)
    bx = s.w - 60 - 218
    s.box(bx, y, s.w - 60, y + h, stroke=(90, 90, 96), w=0.6)
    s.put("登记机关", bx + 8, y + 6, 9, color=GREY)
    s.put(f["authority"], bx + 8, y + 26, 11.5)
    signature(s, [fmt_date(f["issue_date"], ds)], y + 50, 11.5, 16, seal=f["authority"], x1=s.w - 72, r=40,
              seal_dx=-24)
    s.qr(64, s.h - 100, 52, V.seed_of(f["uscc"], "qr"))
    s.put("国家市场监督管理总局监制", None, s.h - 52, 8, "center", color=GREY)
    return Doc(f, [s.page], notes="landscape; values in boxed cells with the label above inside the box")


@family("lic_registry_print")
def registry_print(r: R, ctx: Ctx) -> Doc:
    """The licence's page from the 国家企业信用信息公示系统 printed from a browser: URL and print time in the
    header (a date that is not the licence's), items as 'label: value' with half-width colons, two short items
    per line; 核准日期 stands for the date under 登记机关."""
    ds = r.choice(("iso", "cn0"))
    f = licence_fields(r, ds)
    printed = V.day_between(r, date(2025, 1, 2), date(2025, 9, 30))
    f["issue_date"] = min(date.fromisoformat(f["issue_date"]), printed).isoformat()
    stamp = f"{printed.year}/{printed.month}/{printed.day} {r.int(8, 17)}:{r.int(0, 59):02d}"
    flow = Flow(A4, ctx.font, (56, 64, 56, 60),
                header=print_header("国家企业信用信息公示系统 - 营业执照信息", stamp),
                footer=lambda s, n, t: s.put(f"https://www.gsxt.gov.cn/corp-query-entprise-info-{f['uscc']}.html"
                                             f"    {n}/{t}", 28, s.h - 26, 7.5, color=GREY))
    flow.line("营业执照信息", 18, 36, "center", font=ctx.title_font)
    s = flow.sheet
    s.hline(s.left, s.right, flow.y - 6, 1.2, (40, 90, 170))
    flow.gap(6)
    colon = r.choice((": ", "："))
    size, lead = 11.5, 24
    flow.line(f"统一社会信用代码{colon}{f['uscc']}", size, lead)
    flow.line(f"企业名称{colon}{f['name']}", size, lead)
    half = (s.left + s.right) / 2 + 10
    pairs = [(f"类型{colon}{f['kind']}", None), (f"法定代表人{colon}{f['legal_rep']}",
                                                 f"成立日期{colon}{fmt_date(f['established'], ds)}"),
             (f"注册资本{colon}{f['registered_capital']}", f"登记状态{colon}存续（在营、开业、在册）")]
    for a, b in pairs:
        flow.room(lead)
        s = flow.sheet
        s.put(a, None, flow.y, size)
        if b:
            s.put(b, half, flow.y, size)
        flow.y += lead
    if f["term"]:
        flow.line(f"营业期限{colon}{f['term']}", size, lead)
    flow.line(f"住所{colon}{f['address']}", size, lead)
    flow.line(f"登记机关{colon}{f['authority']}", size, lead)
    flow.line(f"核准日期{colon}{fmt_date(f['issue_date'], ds)}", size, lead)
    flow.para(f"经营范围{colon}{r.choice(SCOPES)}", size, 20)
    flow.gap(16)
    flow.para("提示：本页面信息由登记机关依据企业登记档案公示，仅供参考；如需证明请以登记机关出具的材料为准。", 9, 15,
              color=GREY)
    return Doc(f, flow.finish(), notes="registry web page printed; the print time in the header is not the licence "
                                      "date; 核准日期 is the date under 登记机关")


@family("lic_copy_wrapped_margin")
def copy_wrapped_margin(r: R, ctx: Ctx) -> Doc:
    """副本 photocopy: letter-spaced labels with full-width colons; long values wrap back to the left margin (a
    name or address broken at an arbitrary point); the applicant's seal and 与原件一致 over the scope lines."""
    ds = r.choice(("cn0", "cn", "dot0"))
    f = licence_fields(r, ds)
    s = Sheet(A4, ctx.font, (84, 70, 84, 70))
    s.frame(34, INK, 1.6, double=False)
    s.put("营业执照", None, 96, 32, "center", font=ctx.title_font, spacing=8)
    s.put("（副本）", None, 142, 13, "center")
    s.put(f"统一社会信用代码：{f['uscc']}", 84, 178, 11.5)
    y = 214
    size, lead = 12.5, 23
    avail = s.right - s.left
    items = [("名称", f["name"]), ("类型", f["kind"]), ("住所", f["address"]), ("法定代表人", f["legal_rep"]),
             ("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], ds))]
    if f["term"]:
        items.append(("营业期限", f["term"]))
    items.append(("经营范围", r.choice(SCOPES)))
    scope_top = None
    for lab, val in items:
        head = spaced(lab, 5) + "："
        text = head + val
        # a narrow measure forces long names and addresses over two lines, broken where the width ends
        measure = avail - (r.int(40, 150) if lab in ("名称", "住所") else 0)
        lines = wrap(text, measure, size, ctx.font)
        if lab == "经营范围":
            scope_top = y
            lines = lines[:5]
        for ln in lines:
            s.put(ln, None, y, size)
            y += lead
        y += 4
    s.put(f"登记机关：{f['authority']}", None, 664, 12.5, "right", x1=505)
    signature(s, [fmt_date(f["issue_date"], ds)], 690, 12.5, 20, seal=f["authority"], x1=505, r=44)
    if scope_top:
        s.seal(200, scope_top + 40, 40, f["name"])
        s.put("与原件一致", 300, scope_top + 34, 15, font="ukai" if not ctx.text_layer else ctx.font,
              color=(40, 60, 160))
    return Doc(f, [s.page], notes="photocopy; letter-spaced labels; long values wrap back to the margin; applicant's "
                                  "seal over the scope")


@family("lic_grid_portrait_cells")
def grid_portrait_cells(r: R, ctx: Ctx) -> Doc:
    """副本 portrait whose particulars stand in a ruled grid: shaded label cells left, values right, the short
    ones two pairs to a row (注册资本 | … | 成立日期 | …); the scope in a tall cell; 登记机关 and the date below the
    grid beside the seal, the code in the grid's first row."""
    ds = r.choice(("cn", "cn0", "iso"))
    f = licence_fields(r, ds)
    s = Sheet(A4, ctx.font, (56, 60, 56, 60))
    s.frame(22, (140, 100, 50), 2.0)
    s.put("营 业 执 照", None, 70, 30, "center", font=ctx.title_font, color=(150, 40, 36), spacing=4)
    s.put("（副本）", None, 112, 12, "center")
    flow = Flow(A4, ctx.font, (56, 140, 56, 60))
    flow.sheets = [s]
    flow.y = 140
    shade = (236, 236, 236)
    rows = [["统一社会信用代码", f["uscc"], "法定代表人", f["legal_rep"]],
            ["名称", [f["name"]], "", ""],
            ["类型", [f["kind"]], "", ""],
            ["注册资本", f["registered_capital"], "成立日期", fmt_date(f["established"], ds)]]
    if f["term"]:
        rows.append(["营业期限", [f["term"]], "", ""])
    rows += [["住所", [f["address"]], "", ""], ["经营范围", [r.choice(SCOPES)], "", ""]]
    # one-value rows: the value cell spans the three cells right of the label (a merged cell)
    widths = (96, 160, 76, 151)
    st = TableStyle("grid", 10.5, 16, 6, col_fill=(shade, None, shade, None))
    for row in rows:
        if row[2]:
            flow.table(widths, [], [row], st)
        else:
            flow.table((96, 387), [], [[row[0], row[1]]], TableStyle("grid", 10.5, 16, 6, col_fill=(shade, None)))
    y = flow.y + 40
    s.put("登记机关", 300, y, 12.5)
    signature(s, [f["authority"], fmt_date(f["issue_date"], ds)], y + 24, 12.5, 22, seal=f["authority"],
              x1=s.right - 10, r=46)
    s.qr(64, y, 64, V.seed_of(f["uscc"], "qr"))
    return Doc(f, [s.page], notes="ruled grid of label and value cells; 登记机关 below the grid")


@family("lic_original_two_columns")
def original_two_columns(r: R, ctx: Ctx) -> Doc:
    """正本, landscape, as the 2019 licence prints it: the code and 证照编号 at the top left, 营业执照 large in the
    middle, the particulars in two columns of letter-spaced labels (名称 / 类型 / 法定代表人 / 经营范围 left;
    注册资本 / 成立日期 / 营业期限 / 住所 right), the scope wrapping in its column; 登记机关 under the right column
    with the date in Chinese numerals beneath it under the seal; the QR code at the bottom left."""
    ds = r.choice(("cn", "cn0"))
    f = licence_fields(r, ds)
    s = Sheet(A4_LANDSCAPE, ctx.font, (60, 40, 60, 40))
    s.frame(20, (150, 110, 60), 3.0)
    s.put(f"统一社会信用代码　{f['uscc']}", 56, 60, 11)
    s.put("证照编号：" + V.R(V.seed_of(f["uscc"], "no")).digits(18), 56, 78, 8.5, color=GREY)
    s.put("营 业 执 照", None, 92, 36, "center", font=ctx.title_font, color=(160, 40, 36), spacing=10)
    size, lead = 11.5, 20
    left_lab, left_val, right_lab, right_val = 70, 148, 436, 514
    n = r.choice((4, 5))
    y = 190
    for lab, val in (("名称", f["name"]), ("类型", f["kind"]), ("法定代表人", f["legal_rep"])):
        s.put(spaced(lab, n), left_lab, y, size)
        for k, ln in enumerate(wrap(val, right_lab - left_val - 24, size, ctx.font)):
            s.put(ln, left_val, y + k * lead, size)
            y += lead if k else 0
        y += lead + 10
    s.put(spaced("经营范围", n), left_lab, y, size)
    for k, ln in enumerate(wrap(r.choice(SCOPES), right_lab - left_val - 24, 10, ctx.font)[:8]):
        s.put(ln, left_val, y + k * 15, 10)
    y = 190
    right = [("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], ds))]
    if f["term"]:
        right.append(("营业期限", f["term"]))
    right.append(("住所", f["address"]))
    for lab, val in right:
        s.put(spaced(lab, n), right_lab, y, size)
        lines = wrap(val, s.right - right_val, size, ctx.font)
        for k, ln in enumerate(lines):
            s.put(ln, right_val, y + k * lead, size)
        y += lead * len(lines) + 10
    s.put("登记机关", right_lab + 60, 440, 12)
    signature(s, [f["authority"], fmt_date(f["issue_date"], "han")], 466, 12, 22, seal=f["authority"],
              x1=s.right - 20, r=46)
    s.qr(60, 440, 70, V.seed_of(f["uscc"], "qr"))
    s.put("国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 150, 500, 8, color=GREY)
    s.put("国家市场监督管理总局监制", None, s.h - 44, 8, "center", color=GREY)
    return Doc(f, [s.page], notes="正本 landscape; two columns of letter-spaced labels; 登记机关 under the right column")


@family("lic_transition_regno_han")
def transition_regno_han(r: R, ctx: Ctx) -> Doc:
    """副本 of the 2015–2016 transition, before the 2019 design: the title 营业执照 (or 企业法人营业执照 on older
    ones), 统一社会信用代码 and the old 15-digit 注册号 both printed at the top right, every date in Chinese
    numerals (成立日期, 营业期限 自…至…), labels with wide fixed spacing and no colon, 登记机关 and its date at the
    foot under the seal; 年度报告 reminder in small print."""
    f = licence_fields(r, "han")
    est = V.day_between(r, date(1998, 1, 1), date(2014, 12, 31))
    issue = V.day_between(r, date(2015, 10, 1), date(2016, 12, 31))
    f["established"], f["issue_date"] = est.isoformat(), issue.isoformat()
    end = V.years_later(est, r.choice((20, 30)))
    f["term"] = r.choice((f"{fmt_date(est.isoformat(), 'han')}至{fmt_date(end.isoformat(), 'han')}",
                          f"{fmt_date(est.isoformat(), 'han')}至不约定期限"))
    regno = f["uscc"][2:8] + V.R(V.seed_of(f["uscc"], "reg")).digits(9)
    s = Sheet(A4, ctx.font, (72, 70, 72, 70))
    s.frame(28, (120, 90, 50), 2.5)
    s.put(f"统一社会信用代码　{f['uscc']}", None, 74, 10.5, "right", x1=s.w - 72)
    s.put(f"注册号　{regno}", None, 92, 10.5, "right", x1=s.w - 72)
    title = r.choice(("营业执照", "营业执照", "企业法人营业执照"))
    s.put(title, None, 136, 34 if len(title) == 4 else 28, "center", font=ctx.title_font, spacing=10,
          color=(170, 40, 36))
    s.put("（副　本）", None, 184, 12.5, "center")
    lab_x, val_x = 96, 200
    size, lead = 12, 21
    y = 232
    rows = [("名称", f["name"]), ("类型", f["kind"]), ("住所", f["address"]), ("法定代表人", f["legal_rep"]),
            ("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], "han")),
            ("营业期限", f["term"]), ("经营范围", r.choice(SCOPES))]
    for lab, val in rows:
        s.put(spaced(lab, 5), lab_x, y, size)
        small = lab == "经营范围"
        lines = wrap(val, s.right - val_x, 10.5 if small else size, ctx.font)[:6 if small else 3]
        for k, ln in enumerate(lines):
            s.put(ln, val_x, y + k * (16 if small else lead), 10.5 if small else size)
        y += len(lines) * (16 if small else lead) + 14
    s.put(spaced("登记机关", 5), 250, 676, 12)
    s.put(f["authority"], 330, 676, 12)
    signature(s, [fmt_date(f["issue_date"], "han")], 712, 12, 20, seal=f["authority"], x1=s.right - 20, r=46)
    s.put("企业应当于每年1月1日至6月30日通过企业信用信息公示系统报送上一年度年度报告并公示。", None, s.h - 62, 7.5,
          "center", color=GREY)
    s.put("中华人民共和国国家工商行政管理总局监制", None, s.h - 48, 7.5, "center", color=GREY)
    return Doc(f, [s.page], notes="transition 副本: 注册号 beside the code; dates in Chinese numerals")


@family("lic_app_label_above")
def app_label_above(r: R, ctx: Ctx) -> Doc:
    """The 电子营业执照 as the phone app shows it, saved as an image or printed: a narrow screen, a coloured bar with
    the app's name, every item as a small grey label on its own line and the value under it in larger type (no
    colons), thin separators between items, the code first; 登记机关 and 核准日期 are items like the others; the
    phone's status bar time at the top is no date of the licence."""
    ds = r.choice(("iso", "cn", "cn0"))
    f = licence_fields(r, ds)
    screen = (360.0, 1080.0)
    s = Sheet(screen, ctx.font, (22, 20, 22, 20))
    s.put(f"{r.int(8, 22):02d}:{r.int(0, 59):02d}", 20, 8, 9)
    s.put("5G  87%", None, 8, 9, "right", x1=screen[0] - 20)
    s.box(0, 28, screen[0], 74, fill=(196, 38, 40), stroke=None)
    s.put("电子营业执照", None, 42, 15, "center", color=(255, 255, 255))
    s.put("营业执照", None, 98, 24, "center", font=ctx.title_font, color=(170, 40, 36), spacing=6)
    s.qr(screen[0] / 2 - 40, 140, 80, V.seed_of(f["uscc"], "qr"))
    y = 244
    items = [("统一社会信用代码", f["uscc"]), ("名称", f["name"]), ("类型", f["kind"]), ("法定代表人", f["legal_rep"]),
             ("注册资本", f["registered_capital"]), ("成立日期", fmt_date(f["established"], ds))]
    if f["term"]:
        items.append(("营业期限", f["term"]))
    items += [("住所", f["address"]), ("登记机关", f["authority"]), ("核准日期", fmt_date(f["issue_date"], ds))]
    for lab, val in items:
        s.put(lab, s.left, y, 9, color=GREY)
        y += 16
        for ln in wrap(val, s.right - s.left, 12, ctx.font)[:3]:
            s.put(ln, s.left, y, 12)
            y += 18
        y += 8
        s.hline(s.left, s.right, y, 0.4, (210, 210, 214))
        y += 10
    s.put("经营范围", s.left, y, 9, color=GREY)
    y += 16
    for ln in wrap(r.choice(SCOPES), s.right - s.left, 10, ctx.font)[:5]:
        s.put(ln, s.left, y, 10)
        y += 15
    return Doc(f, [s.page], notes="phone app: labels above values, no colons; a status-bar time at the top")
