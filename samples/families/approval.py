"""标准化技术委员会 approval families: a SAC reply to a federation with the committee's particulars in a boxed
table, a batch notice whose annex table lists several committees (the holder in one row), a municipal reply to
a district bureau naming the holder inside a sentence with the code inline, and an international approval with
a bilingual table (committee_en)."""

from __future__ import annotations

from datetime import date

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, Flow, TableStyle
from samples.families.common import red_head, signature
from samples.families.values import R, fmt_date

DOMAINS = (("塑料制品", "改性塑料"), ("包装", "绿色包装"), ("涂料和颜料", "水性涂料"), ("食品质量控制与管理", "预制菜"),
           ("纺织品", "功能性纺织品"), ("工业过程测量控制和自动化", "智能仪表"), ("造纸工业", "医用包装纸"),
           ("紧固件", "不锈钢紧固件"), ("精细化工", "电子化学品"), ("储能", "储能电池"), ("家用电器", "厨房电器"),
           ("橡胶", "密封制品"))
INTERNATIONAL = (("Plastics", "塑料"), ("Recycled plastics", "再生塑料"), ("Fasteners", "紧固件"),
                 ("Packaging", "包装"), ("Textiles", "纺织品"), ("Paints and varnishes", "色漆和清漆"),
                 ("Food products", "食品"), ("Rubber and rubber products", "橡胶和橡胶制品"),
                 ("Paper, board and pulps", "纸、纸板和纸浆"), ("Industrial automation systems", "工业自动化系统"))
FEDERATIONS = ("中国石油和化学工业联合会", "中国轻工业联合会", "中国机械工业联合会", "中国纺织工业联合会",
               "中国包装联合会")
SAC = "国家标准化管理委员会"
SH_SAMR = "上海市市场监督管理局"


def national(r: R, kind: str) -> tuple[str, str]:
    big, small = r.choice(DOMAINS)
    tc = r.int(30, 590)
    if kind == "TC":
        return f"全国{big}标准化技术委员会", f"SAC/TC {tc}"
    if kind == "SC":
        return f"全国{big}标准化技术委员会{small}分技术委员会", f"SAC/TC {tc}/SC {r.int(1, 16)}"
    return f"全国{big}标准化技术委员会{small}工作组", f"SAC/TC {tc}/WG {r.int(1, 12)}"


def municipal(r: R, kind: str) -> tuple[str, str]:
    big, small = r.choice(DOMAINS)
    tc = f"SH/TC {r.int(1, 70):03d}"
    if kind == "SC":
        return f"上海市{big}标准化技术委员会{small}分技术委员会", f"{tc}/SC {r.int(1, 6)}"
    return f"上海市{big}标准化技术委员会", tc


def _base(r: R, level: str, kind: str, issuer: str, prefix: str) -> dict:
    name, code = national(r, kind) if level == "national" else municipal(r, kind)
    d = V.day_between(r, date(2023, 3, 1), date(2025, 10, 31))
    return {"committee": name, "code": code, "kind": kind, "level": level, "holder": V.company(r), "issuer": issuer,
            "date": d.isoformat(), "doc_no": V.doc_no(r, prefix, d.year)}


@family("approval_reply_boxed_table")
def reply_boxed_table(r: R, ctx: Ctx) -> Doc:
    """SAC reply addressed to a federation (not the holder): prose, then the particulars in a ruled two-column box
    (名称 / 编号 / 秘书处承担单位 / 主任委员 / 届期); the date in Chinese numerals under the seal."""
    kind = r.choice(("TC", "SC", "SC"))
    f = _base(r, "national", kind, SAC, "国标委函")
    fed = r.choice(FEDERATIONS)
    ds = r.choice(("han", "cn"))
    flow = Flow(A4, ctx.font, (66, 60, 66, 60))
    s = flow.sheet
    flow.y = red_head(s, "国家标准化管理委员会", 64, f["doc_no"], font=ctx.title_font, size=24)
    what = "分技术委员会" if kind == "SC" else "技术委员会"
    flow.para(f"国家标准委关于同意成立{f['committee']}的复函", 16.5, 28, x=s.left + 20, avail=s.right - s.left - 40,
              font=ctx.title_font, align="center")
    flow.gap(8)
    flow.line(f"{fed}：", 12.5, 24)
    flow.para(f"你会《关于申请成立{f['committee']}的函》收悉。经研究，同意成立该{what}。现将有关事项函复如下：",
              12.5, 24, indent=25)
    st = TableStyle("grid", 11.5, 17, 7, col_fill=((242, 242, 242), None))
    chair = V.person(r)
    rows = [["名称", f["committee"]], ["编号", f["code"]], ["秘书处承担单位", f["holder"]], ["主任委员", chair],
            ["届期", f"第一届，{r.int(2023, 2025)}年至{r.int(2028, 2030)}年"]]
    flow.gap(6)
    flow.table((120, s.right - s.left - 120), [], rows, st)
    flow.gap(10)
    flow.para(f"请你会指导秘书处承担单位做好{what}的组建和日常管理工作，按照《全国专业标准化技术委员会管理办法》开展工作。",
              12.5, 24, indent=25)
    flow.gap(22)
    flow.room(70)
    signature(flow.sheet, [SAC, fmt_date(f["date"], ds)], flow.y, 12.5, 24, seal=SAC, r=46)
    return Doc(f, flow.finish(), notes="addressed to a federation; the holder is in the boxed particulars table",
               hints={"committees_in_document": 1, "addressed_to_holder": False})


@family("approval_batch_annex_table")
def batch_annex_table(r: R, ctx: Ctx) -> Doc:
    """A batch notice: one sentence in the letter, an annex table of 5–9 committees (序号 / 名称 / 编号 / 秘书处承担
    单位 / 业务指导单位) with wrapped cells; the holder's committee is one of the rows."""
    kind = r.choice(("TC", "SC", "WG"))
    f = _base(r, "national", kind, SAC, "国标委发")
    n = r.int(5, 9)
    rows = []
    at = r.int(0, n - 1)
    for k in range(n):
        if k == at:
            rows.append([f["committee"], f["code"], f["holder"], r.choice(FEDERATIONS)])
        else:
            name, code = national(r, r.choice(("TC", "SC", "WG")))
            rows.append([name, code, r.choice(V.other_units(r, 1)), r.choice(FEDERATIONS)])
    ds = r.choice(("cn", "han"))
    batch = r.choice(("一", "二", "三"))
    year = int(f["date"][:4])
    flow = Flow(A4, ctx.font, (58, 60, 58, 60))
    s = flow.sheet
    flow.y = red_head(s, "国家标准化管理委员会文件", 64, f["doc_no"], font=ctx.title_font, size=22)
    flow.para(f"国家标准化管理委员会关于批准成立{year}年第{batch}批全国专业标准化技术委员会的通知", 16, 27,
              x=s.left + 16, avail=s.right - s.left - 32, font=ctx.title_font, align="center")
    flow.gap(6)
    flow.para("各有关单位：", 12.5, 24)
    flow.para(f"根据《全国专业标准化技术委员会管理办法》，经研究，批准成立{n}个全国专业标准化技术委员会（含分技术委员会、"
              "工作组），现予公布（见附件）。", 12.5, 24, indent=25)
    flow.para("附件：全国专业标准化技术委员会名单", 12.5, 24, indent=25)
    flow.gap(20)
    flow.room(70)
    signature(flow.sheet, [SAC, fmt_date(f["date"], ds)], flow.y, 12.5, 24, seal=SAC, r=46)
    flow.y += 70
    flow.room(160)
    flow.line("附件", 12, 24)
    flow.line("全国专业标准化技术委员会名单", 14, 30, "center", font=ctx.title_font)
    body = [[str(k + 1)] + row for k, row in enumerate(rows)]
    flow.table((30, 150, 88, 120, 91), [["序号", "名称", "编号", "秘书处承担单位", "业务指导单位"]], body,
               TableStyle("grid", 9.5, 13.5, 4, align=("center", "left", "left", "left", "left")))
    return Doc(f, flow.finish(), notes="several committees approved in one annex table; the holder in one row",
               hints={"committees_in_document": n, "addressed_to_holder": False})


@family("approval_municipal_prose_inline")
def municipal_prose_inline(r: R, ctx: Ctx) -> Doc:
    """Municipal reply addressed to a district bureau: the holder named inside a sentence ('同意由…承担…秘书处工作'),
    the code in brackets after the committee; 抄送 line at the foot; no red header (plain letterhead)."""
    kind = r.choice(("TC", "SC"))
    f = _base(r, "municipal", kind, SH_SAMR, "沪市监标技")
    ds = r.choice(("cn", "cn0", "han"))
    flow = Flow(A4, ctx.font, (70, 64, 70, 60))
    s = flow.sheet
    s.put("上海市市场监督管理局", s.left, 60, 18, font=ctx.title_font)
    s.put(f["doc_no"], None, 64, 11, "right")
    s.hline(s.left, s.right, 88, 1.0)
    flow.y = 110
    flow.para(f"关于同意组建{f['committee']}的批复", 16, 27, x=s.left + 10, avail=s.right - s.left - 20,
              font=ctx.title_font, align="center")
    flow.gap(8)
    flow.line("上海市金山区市场监督管理局：", 12.5, 24)
    flow.para(f"你局转报的《关于组建{f['committee']}的请示》收悉。经研究，同意组建{f['committee']}"
              f"（编号：{f['code']}），同意由{f['holder']}承担秘书处工作。", 12.5, 24, indent=25)
    flow.para("请督促秘书处承担单位按照《上海市专业标准化技术委员会管理办法》的要求，尽快完成组建工作，"
              "并于三个月内报送委员名单和章程。", 12.5, 24, indent=25)
    flow.para("特此批复。", 12.5, 24, indent=25)
    flow.gap(24)
    flow.room(120)
    signature(flow.sheet, [SH_SAMR, fmt_date(f["date"], ds)], flow.y, 12.5, 24, seal=SH_SAMR, r=46)
    flow.y += 80
    s = flow.sheet
    s.hline(s.left, s.right, flow.y, 0.6)
    s.put(f"抄送：{f['holder']}，上海市质量和标准化研究院。", s.left, flow.y + 6, 10.5)
    s.hline(s.left, s.right, flow.y + 24, 0.6)
    return Doc(f, flow.finish(), notes="addressed to a district bureau; the holder inside the approving sentence",
               hints={"committees_in_document": 1, "addressed_to_holder": False})


@family("approval_international_bilingual")
def international_bilingual(r: R, ctx: Ctx) -> Doc:
    """SAC approval of an international post (ISO/IEC TC or SC secretariat, or a WG convenorship) with a bilingual
    particulars table (技术机构 Committee / 名称 Title / 承担单位 Holder); ISO-style dates."""
    kind = r.choice(("TC", "SC", "WG"))
    org = r.choice(("ISO", "ISO", "IEC"))
    en, cn = r.choice(INTERNATIONAL)
    tc = r.int(20, 330)
    if kind == "TC":
        code, name = f"{org}/TC {tc}", f"{cn}技术委员会"
    elif kind == "SC":
        code, name = f"{org}/TC {tc}/SC {r.int(1, 20)}", f"{cn}分技术委员会"
    else:
        code, name = f"{org}/TC {tc}/WG {r.int(1, 30)}", f"{cn}工作组"
    d = V.day_between(r, date(2023, 3, 1), date(2025, 10, 31))
    f = {"committee": name, "code": code, "kind": kind, "level": "international", "holder": V.company(r),
         "issuer": SAC, "date": d.isoformat(), "doc_no": V.doc_no(r, "国标委国际函", d.year), "committee_en": en}
    role = {"TC": "秘书处", "SC": "秘书处", "WG": "召集人"}[kind]
    ds = r.choice(("iso", "cn"))
    flow = Flow(A4, ctx.font, (66, 60, 66, 60))
    s = flow.sheet
    flow.y = red_head(s, "国家标准化管理委员会", 64, f["doc_no"], font=ctx.title_font, size=24, star=False)
    flow.para(f"关于同意承担{code}{role}工作的批复", 16.5, 28, x=s.left + 20, avail=s.right - s.left - 40,
              font=ctx.title_font, align="center")
    flow.gap(8)
    flow.line(f"{f['holder']}：", 12.5, 24)
    flow.para(f"你单位关于承担国际标准化组织技术机构{role}工作的申请收悉。经研究，同意你单位承担下列国际标准化技术机构的"
              f"{role}工作：", 12.5, 24, indent=25)
    st = TableStyle("grid", 11, 16, 6, col_fill=((240, 244, 250), None))
    rows = [["国际组织 Organization", org], ["技术机构 Committee", code], ["名称 Title", [name, en]],
            ["承担单位 Holder", f["holder"]], ["职责 Role", f"{role}（{'Secretariat' if kind != 'WG' else 'Convenor'}）"]]
    flow.gap(4)
    flow.table((150, s.right - s.left - 150), [], rows, st)
    flow.gap(10)
    flow.para("请按照《参加国际标准化组织（ISO）和国际电工委员会（IEC）技术活动管理办法》的要求，认真履行职责。", 12.5, 24,
              indent=25)
    flow.gap(20)
    flow.room(70)
    signature(flow.sheet, [SAC, fmt_date(f["date"], ds)], flow.y, 12.5, 24, seal=SAC, r=46)
    return Doc(f, flow.finish(), notes="international post; bilingual particulars table; addressed to the holder",
               hints={"committees_in_document": 1, "addressed_to_holder": True})
