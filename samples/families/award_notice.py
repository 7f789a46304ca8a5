"""获奖通知/决定 families: a red-header decision with a ruled annex table (wrapped cells, several units per cell,
continued over pages under a repeated header, rows split at page ends), winners as numbered lines with the rank
at the end of each line, a prose decision ('授予A、B、C……', winners and 提名奖 nominees in separate sentences,
plus a sentence about an earlier year's other honour), an annex without rules whose rank cell is printed only
on the first row of its group, and a landscape 名单 with one unit per row.

`units` holds 2–3 named units (invented Shanghai/Jinshan companies) among rows of other units; `rank` is null
where the list has no ranks and 提名奖 for a nominee beside winners (our convention where the corpus is silent).
Hints: rows = winner rows in the list; unit_position_in_cell = 1 when the unit is named first in its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, A4_LANDSCAPE, Flow, TableStyle, width, wrap
from samples.families.common import page_footer, print_header, red_head, signature
from samples.families.values import R, fmt_date


@dataclass(frozen=True)
class NoticeHonour:
    name: str
    level: str
    issuer: str
    head: str  # the 红头 line
    prefix: str  # 文号 prefix
    ranked: bool
    project: str  # standard | quality | leader | none
    addressee: str


RANKED = (
    NoticeHonour("上海市标准创新贡献奖标准项目奖", "municipal", "上海市市场监督管理局", "上海市市场监督管理局文件",
                 "沪市监标技", True, "standard", "各区市场监管局，市局各处室、直属单位，各有关单位："),
    NoticeHonour("中国标准创新贡献奖标准项目奖", "national", "国家市场监督管理总局", "国家市场监督管理总局文件",
                 "国市监标技发", True, "standard",
                 "各省、自治区、直辖市和新疆生产建设兵团市场监管局（厅、委），各直属全国专业标准化技术委员会："),
    NoticeHonour("上海市重点产品质量攻关成果奖", "municipal", "上海市质量协会", "上海市质量协会", "沪质协", True,
                 "quality", "各会员单位，各有关单位："),
)
UNRANKED = (
    NoticeHonour("“上海标准”", "municipal", "上海市市场监督管理局", "上海市市场监督管理局文件", "沪市监标技", False,
                 "standard", "各区市场监管局，各有关单位："),
    NoticeHonour("上海市产业质量提升标志性项目成果", "municipal", "上海市市场监督管理局", "上海市市场监督管理局文件",
                 "沪市监质发", False, "quality", "各区市场监管局，各有关单位："),
    NoticeHonour("上海市企业标准“领跑者”", "municipal", "上海市市场监督管理局", "上海市市场监督管理局文件",
                 "沪市监标技", False, "leader", "各区市场监管局，各有关企业："),
)
ORG_AWARDS = (
    NoticeHonour("中国质量奖", "national", "国家市场监督管理总局", "国家市场监督管理总局", "国市监质发", False, "none",
                 "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
    NoticeHonour("上海市质量金奖", "municipal", "上海市质量工作领导小组办公室", "上海市质量工作领导小组办公室",
                 "沪质量办", False, "none", "各区人民政府，市政府各委、办、局，各有关单位："),
    NoticeHonour("金山区区长质量奖", "district", "上海市金山区人民政府", "上海市金山区人民政府", "金府", False, "none",
                 "各镇人民政府、街道办事处，区政府各委、办、局："),
    NoticeHonour("金山区质量金奖", "district", "上海市金山区人民政府", "上海市金山区人民政府", "金府", False, "none",
                 "各镇人民政府、街道办事处，区政府各委、办、局，金山工业区管委会："),
)
RANKS = ("一等奖", "二等奖", "三等奖")


def _project(r: R, h: NoticeHonour, used: set) -> str | None:
    for _ in range(50):
        if h.project == "standard":
            prefix = r.choice(("GB/T", "GB/T", "DB31/T", "T/SHBZ", "JB/T", "QB/T"))
            title = V.standard_title(r)
            p = f"{V.std_code(r, prefix)}《{title}》" if r.chance(0.6) else title
        elif h.project == "quality":
            a, _ = r.choice(V.STANDARD_SUBJECTS)
            p = r.choice(V.PROJECT_TITLES) if r.chance(0.3) else \
                f"{a}{r.choice(('质量提升', '可靠性提升攻关', '一致性攻关', '缺陷控制技术攻关', '关键工艺质量攻关'))}"
        elif h.project == "leader":
            a, _ = r.choice(V.STANDARD_SUBJECTS)
            p = f"{a}（执行标准：Q/31{r.digits(4)}{r.choice('ABCDEFGH')}{r.choice('ABCDEFGH')} {r.int(1, 9):03d}—{r.int(2021, 2024)}）"
        else:
            return None
        if p not in used:
            used.add(p)
            return p
    return p


@dataclass
class Row:
    rank: str | None
    project: str | None
    units: list[str]


def _rows(r: R, h: NoticeHonour, n_named: int, *, per_cell_max: int = 4, total: tuple[int, int] = (12, 24)):
    """Winner rows with named units placed among them; returns rows, the named units' truth and their positions."""
    n = r.int(*total)
    if h.ranked:
        a = r.int(2, max(2, n // 5))
        b = r.int(a, max(a, n // 3))
        ranks = ["一等奖"] * a + ["二等奖"] * b + ["三等奖"] * (n - a - b)
    else:
        ranks = [None] * n
    used: set = set()
    rows = [Row(k, _project(r, h, used), V.other_units(r, r.int(1, per_cell_max))) for k in ranks]
    named = V.companies(r, n_named)
    where = r.sample(range(n), n_named)
    truth, pos = [], {}
    for unit, i in zip(named, where):
        cell = rows[i].units
        at = r.int(0, min(len(cell), per_cell_max - 1))
        if at >= len(cell):
            cell.append(unit)
        else:
            cell.insert(at, unit)
            if len(cell) > per_cell_max:
                cell.pop()
        pos[unit] = cell.index(unit) + 1
        truth.append({"unit": unit, "rank": rows[i].rank, "project": rows[i].project})
    order = {u: k for k, u in enumerate(named)}
    truth.sort(key=lambda t: where[order[t["unit"]]])
    return rows, truth, pos


def _dates(r: R, h: NoticeHonour) -> tuple[int, date]:
    year = r.choice((2024, 2025))
    d = V.day_between(r, date(year, 9, 1), date(year, 12, 30)) if r.chance(0.8) else \
        V.day_between(r, date(year + 1, 1, 5), date(year + 1, 2, 27))
    return year, d


def _letter(flow: Flow, r: R, ctx: Ctx, h: NoticeHonour, title: str, doc_no: str, body: list[str], d: date,
            ds: str, annex: str | None) -> None:
    s = flow.sheet
    flow.y = red_head(s, h.head, 70, doc_no, font=ctx.title_font, size=24 if len(h.head) < 12 else 20)
    flow.para(title, 17, 28, x=s.left + 30, avail=s.right - s.left - 60, font=ctx.title_font, align="center")
    flow.gap(10)
    flow.para(h.addressee, 12.5, 24)
    for p in body:
        flow.para(p, 12.5, 24, indent=25)
    if annex:
        flow.gap(8)
        flow.para(f"附件：{annex}", 12.5, 24, indent=25)
    flow.gap(20)
    flow.room(80)
    signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12.5, 24, seal=h.issuer, r=46)
    flow.y += 70


@family("notice_annex_wrapped_grid")
def annex_wrapped_grid(r: R, ctx: Ctx) -> Doc:
    """红头 decision letter, then an annex table (序号 / 项目名称 / 主要完成单位 / 等级) with full rules; cells wrap,
    several units share a cell joined by 、, the table continues over pages under its repeated header and a tall
    row may be split at the foot of a page."""
    h = r.choice(RANKED + UNRANKED[:2])
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), total=(16, 26))
    verb = r.choice(("关于公布", "关于授予"))
    title = f"{h.issuer}{verb}{year}年度{h.name}{'获奖名单的通知' if verb == '关于公布' else '的决定'}"
    ds = r.choice(("cn", "han"))
    counts = {k: sum(1 for x in rows if x.rank == k) for k in RANKS}
    rank_text = "，".join(f"{k}{v}项" for k, v in counts.items() if v) if h.ranked else f"共{len(rows)}项"
    body = [f"为深入实施质量强国、标准化战略，经申报推荐、形式审查、专家评审和社会公示，决定对{len(rows)}个项目授予"
            f"{year}年度{h.name}（{rank_text}），现予公布。",
            "希望获奖单位珍惜荣誉，再接再厉，充分发挥示范引领作用，推动本领域高质量发展。"]
    flow = Flow(A4, ctx.font, (62, 64, 62, 64), footer=page_footer("dash"))
    annex = f"{year}年度{h.name}获奖项目名单"
    _letter(flow, r, ctx, h, title, doc_no, body, d, ds, annex)
    flow.new_page()
    flow.line("附件", 12.5, 26)
    flow.line(annex, 15, 34, "center", font=ctx.title_font)
    sep = r.choice(("、", "、", "，"))
    header = [["序号", "项目名称", "主要完成单位"] + (["等级"] if h.ranked else [])]
    widths = (34, 170, 215, 52) if h.ranked else (34, 190, 247)
    body_rows = [[str(k + 1), x.project, sep.join(x.units)] + ([x.rank] if h.ranked else []) for k, x in
                 enumerate(rows)]
    where = flow.table(widths, header, body_rows,
                       TableStyle("grid", 10, 14.5, 5, align=("center", "left", "left", "center")))
    pages = flow.finish()
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, pages,
               notes="annex table continues over page breaks with a repeated header; a tall row may be split",
               hints={"rows": len(rows), "unit_position_in_cell": pos,
                      "table_pages": len({p for p, _ in where})})


@family("notice_numbered_lines")
def numbered_lines(r: R, ctx: Ctx) -> Doc:
    """No table and no rank headings: every winner a numbered line '3．项目（完成单位：A、B）——二等奖', wrapped with
    a hanging indent; unranked lists end each line with the units only."""
    h = r.choice(RANKED + UNRANKED)
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), per_cell_max=3, total=(9, 18))
    title = f"关于{year}年度{h.name}{'授奖' if h.ranked else '认定'}的决定"
    ds = r.choice(("cn", "cn0", "han"))
    flow = Flow(A4, ctx.font, (66, 70, 66, 64), footer=page_footer("cn"))
    s = flow.sheet
    s.put(h.issuer, None, 70, 20, "center", font=ctx.title_font, color=(190, 30, 30))
    s.hline(s.left, s.right, 104, 1.4, (190, 30, 30))
    s.put(doc_no, None, 112, 11, "right")
    flow.y = 140
    flow.para(title, 17, 28, x=s.left + 20, avail=s.right - s.left - 40, font=ctx.title_font, align="center")
    flow.gap(8)
    flow.para(h.addressee, 12.5, 24)
    flow.para(f"经组织评审并公示，决定授予下列{len(rows)}个项目{year}年度{h.name}"
              f"{'相应等级奖励' if h.ranked else '称号'}：", 12.5, 24, indent=25)
    num = r.choice(("．", ".", "、"))
    for k, x in enumerate(rows, 1):
        units_text = "、".join(x.units)
        line = f"{k}{num}{x.project}（完成单位：{units_text}）" + (f"——{x.rank}" if x.rank else "")
        hang = 25 + width(f"{k}{num}", 12, ctx.font)
        first = flow.sheet.right - flow.sheet.left - 25
        parts = wrap(line, first - (hang - 25), 12, ctx.font, first=first)
        flow.room(21 * len(parts))  # an item stays on one page
        for j, p in enumerate(parts):
            flow.sheet.put(p, flow.sheet.left + (25 if j == 0 else hang), flow.y, 12)
            flow.y += 21
        flow.gap(3)
    flow.gap(10)
    flow.para("希望受表彰单位珍惜荣誉，发挥示范带动作用。", 12.5, 24, indent=25)
    flow.gap(16)
    flow.room(70)
    signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12.5, 24, seal=h.issuer, r=46)
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, flow.finish(),
               notes="numbered lines, rank at the end of the line; hanging indent; no table",
               hints={"rows": len(rows), "unit_position_in_cell": pos})


@family("notice_prose_grant")
def prose_grant(r: R, ctx: Ctx) -> Doc:
    """A decision in prose: '决定授予A、B、C等N家单位…“<honour>”称号' and, for 中国质量奖, a second sentence granting
    nominees the 提名奖; a later sentence names an earlier year's winners of another honour (not this notice's)."""
    h = r.choice(ORG_AWARDS)
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    named = V.companies(r, r.int(2, 3))
    winners = V.companies(r, r.int(3, 7))
    nominees = V.companies(r, r.int(2, 5)) if h.name == "中国质量奖" else []
    units = []
    for u in named:
        if nominees and r.chance(0.4):
            nominees.insert(r.int(0, len(nominees)), u)
            units.append({"unit": u, "rank": "提名奖", "project": None})
        else:
            winners.insert(r.int(0, len(winners)), u)
            units.append({"unit": u, "rank": None, "project": None})
    verb = r.choice(("关于授予", "关于表彰"))
    title = f"{h.issuer}{verb}{year}年度{h.name}{'的决定' if verb == '关于授予' else '获奖单位的决定'}"
    if r.chance(0.3):
        title = f"关于{year}年度{h.name}授奖的决定"
    ds = r.choice(("han", "cn"))
    other = r.choice(("上海市市长质量奖", "上海市质量金奖", "金山区区长质量奖", "中国质量奖"))
    other = other if other != h.name else "上海市质量金奖"
    body = [f"为激励广大企业追求卓越质量，根据评审管理办法，经组织推荐、资格审查、材料评审、现场评审和社会公示，"
            f"决定授予{'、'.join(winners)}等{len(winners)}家单位{year}年度“{h.name}”称号。"]
    if nominees:
        body.append(f"授予{'、'.join(nominees)}等{len(nominees)}家单位{year}年度“{h.name}提名奖”。")
    body.append(f"{year - 2}年度{other}获奖单位要继续发挥标杆作用，持续提升质量管理水平。希望获奖单位珍惜荣誉，"
                "再接再厉。")
    delivery_one_page = not ctx.text_layer
    flow = Flow(A4, ctx.font, (64, 64, 64, 60))
    s = flow.sheet
    s.put(h.head, None, 64, 22, "center", font=ctx.title_font, color=(190, 30, 30), spacing=2)
    s.put(doc_no, None, 100, 11.5, "center")
    s.hline(s.left, s.right, 120, 1.6, (190, 30, 30))
    flow.y = 140
    flow.para(title, 16.5, 27, x=s.left + 24, avail=s.right - s.left - 48, font=ctx.title_font,
              align="center")
    flow.gap(6)
    flow.para(h.addressee, 12, 23)
    for p in body:
        flow.para(p, 12 if delivery_one_page else 12.5, 23, indent=24)
    flow.gap(18)
    flow.room(70)
    signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12.5, 24, seal=h.issuer, r=46)
    pages = flow.finish()
    if len(pages) > 1 and not ctx.text_layer:
        raise AssertionError("prose notice longer than one page")
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, pages,
               notes="winners in prose; nominees (提名奖) in their own sentence; an earlier year's other honour named",
               hints={"rows": len(winners) + len(nominees)})


@family("notice_group_merged_rank")
def group_merged_rank(r: R, ctx: Ctx) -> Doc:
    """Annex without vertical rules (rules above and below the header and at the end only): the rank is printed
    once, in the first row of its group, the rows under it leave the cell empty; units one per line in their cell;
    the table runs over pages with its header repeated."""
    h = r.choice(RANKED)
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), per_cell_max=3, total=(14, 24))
    title = f"关于公布{year}年度{h.name}评审结果的通知"
    ds = r.choice(("cn0", "cn"))
    flow = Flow(A4, ctx.font, (58, 64, 58, 64), footer=page_footer("slash"))
    _letter(flow, r, ctx, h, title, doc_no,
            [f"根据评审办法，经专家评审和公示，{year}年度{h.name}共评出{len(rows)}个项目，现将名单予以公布（见附件）。"],
            d, ds, f"{year}年度{h.name}名单")
    if flow.y > flow.sheet.bottom - 160:
        flow.new_page()
    flow.gap(10)
    flow.line(f"{year}年度{h.name}名单", 14, 30, "center", font=ctx.title_font)
    body_rows, last = [], None
    for k, x in enumerate(rows, 1):
        body_rows.append([x.rank if x.rank != last else "", str(k), x.project, list(x.units)])
        last = x.rank
    flow.table((52, 34, 180, 213), [["等级", "序号", "项目名称", "完成单位"]], body_rows,
               TableStyle("open", 10, 14.5, 5, align=("center", "center", "left", "left"), header_bold=True))
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, flow.finish(),
               notes="rank printed once per group (merged cell); no vertical rules; units one per line",
               hints={"rows": len(rows), "unit_position_in_cell": pos})


@family("notice_landscape_name_list")
def landscape_name_list(r: R, ctx: Ctx) -> Doc:
    """A landscape 公告 with one unit per row (序号 / 企业名称 / 项目或产品 or 奖项 / 所在区), horizontal rules only,
    over two pages or more; for 中国质量奖 the 奖项 column tells winners (中国质量奖) from nominees (中国质量奖提名奖)
    row by row. The announcement text sits above the table on the first page, the seal at the end."""
    china = r.chance(0.35)
    h = ORG_AWARDS[0] if china else r.choice(UNRANKED)
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), per_cell_max=1, total=(20, 34))
    if china:
        term = r.choice(("四", "五", "六"))
        title = f"{h.issuer}关于第{term}届中国质量奖获奖名单的公告"
        cats = ["中国质量奖"] * r.int(3, 6)
        cats += ["中国质量奖提名奖"] * (len(rows) - len(cats))
        for u in units:
            row = next(k for k, x in enumerate(rows) if x.units[0] == u["unit"])
            u["rank"] = "提名奖" if cats[row].endswith("提名奖") else None
        third, head3 = cats, "奖项"
        lead = f"经评选表彰委员会审定，决定授予{cats.count('中国质量奖')}家组织第{term}届中国质量奖，" \
               f"{cats.count('中国质量奖提名奖')}家组织中国质量奖提名奖，现予公告。"
    else:
        title = f"{h.issuer}关于{year}年度{h.name}名单的公告"
        third, head3 = [x.project for x in rows], "项目或产品名称"
        lead = (f"根据有关工作安排，经企业申报、区级推荐、专家评审和社会公示，确定以下{len(rows)}家企业的项目为{year}年度"
                f"{h.name}，现予公告。")
    ds = r.choice(("cn", "iso", "dot0"))
    flow = Flow(A4_LANDSCAPE, ctx.font, (56, 50, 56, 50), footer=page_footer("cn2"))
    flow.line(title, 17, 30, "center", font=ctx.title_font)
    flow.line(f"（{doc_no}）", 11, 26, "center")
    flow.para(lead, 12, 22, indent=24)
    flow.gap(8)
    districts = ("金山区", "松江区", "嘉定区", "浦东新区", "闵行区", "奉贤区", "青浦区", "宝山区")
    body_rows = [[str(k), x.units[0], c, "金山区" if x.units[0] in pos else r.choice(districts)]
                 for k, (x, c) in enumerate(zip(rows, third), 1)]
    flow.table((40, 270, 340, 80), [["序号", "企业名称", head3, "所在区"]], body_rows,
               TableStyle("hlines", 10.5, 15, 5, align=("center", "left", "left", "center"), header_bold=True))
    flow.gap(16)
    flow.room(60)
    signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12, 22, seal=h.issuer, r=42)
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, flow.finish(),
               notes="landscape list, one unit per row, horizontal rules only" +
                     ("; winners and nominees (提名奖) told apart by the 奖项 column" if china else ""),
               hints={"rows": len(rows), "unit_position_in_cell": pos})


@family("notice_gov_site_info_grid")
def gov_site_info_grid(r: R, ctx: Ctx) -> Doc:
    """A notice printed from a government website: the browser's header, the site's ruled information grid
    (索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期 — the publication date is not the
    notice's), the title, the body, the winner list as a ruled annex table (序号 / 单位名称 / 项目名称 / 等级);
    the issuer and date at the end only on some pages (the site drops the signature)."""
    h = r.choice(RANKED + UNRANKED + ORG_AWARDS[1:2])
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), per_cell_max=2, total=(6, 14))
    noun = "授奖" if h.ranked else "名单"
    title = f"{h.issuer}关于公布{year}年度{h.name}{noun}的通知" if r.chance(0.5) else \
        f"关于{year}年度{h.name}{'授奖' if h.ranked else '认定'}的决定"
    published = d + timedelta(days=r.int(2, 12))
    ds = r.choice(("cn", "iso"))
    flow = Flow(A4, ctx.font, (56, 60, 56, 60),
                header=print_header(title[:24] + "…", f"{published.isoformat()} {r.int(9, 17):02d}:{r.int(0, 59):02d}"))
    grey = (240, 240, 240)
    st = TableStyle("grid", 9.5, 14, 5, col_fill=(grey, None, grey, None))
    flow.table((70, 170, 70, 173), [], [
        ["索引号", f"{r.digits(9)}/{year}-{r.digits(5)}", "主题分类", "市场监管"],
        ["发文机关", h.issuer, "成文日期", fmt_date(d.isoformat(), ds)],
        ["发文字号", doc_no, "发布日期", fmt_date(published.isoformat(), ds)]], st)
    flow.table((70, 413), [], [["标题", title]], TableStyle("grid", 9.5, 14, 5, col_fill=(grey, None)))
    flow.gap(24)
    flow.para(title, 16, 26, font=ctx.title_font, align="center", x=flow.sheet.left + 20,
              avail=flow.sheet.right - flow.sheet.left - 40)
    flow.gap(8)
    flow.para(h.addressee, 12, 23)
    flow.para(f"根据有关评审管理办法，经组织推荐、专家评审和社会公示，确定{len(rows)}个项目（单位）获得{year}年度"
              f"{h.name}{'，现予公布' if not h.ranked else '相应等级奖励'}。名单见附件。", 12, 23, indent=24)
    signed = r.chance(0.5)
    if signed:
        flow.gap(14)
        flow.room(60)
        signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12, 23, seal=None)
        flow.y += 60
    flow.gap(10)
    flow.line("附件", 13, 24, font=ctx.title_font)
    flow.line(f"{year}年度{h.name}{'获奖' if h.ranked else ''}名单", 13, 30, "center", font=ctx.title_font)
    head = ["序号", "单位名称", "项目名称"] + (["等级"] if h.ranked else [])
    body = [[str(k), "、".join(x.units), x.project or "—"] + ([x.rank] if h.ranked else [])
            for k, x in enumerate(rows, 1)]
    widths = (40, 200, 183, 60) if h.ranked else (40, 220, 223)
    flow.table(widths, [head], body, TableStyle("grid", 10, 14.5, 5, header_fill=(230, 230, 230)))
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, flow.finish(),
               notes=f"web print with the site's information grid; signature {'kept' if signed else 'dropped'}",
               hints={"rows": len(rows), "unit_position_in_cell": pos})


@family("notice_rank_subheadings")
def rank_subheadings(r: R, ctx: Ctx) -> Doc:
    """关于公布…获奖名单的通知: a short letter, then the list on the following pages grouped under rank subheadings
    (一、一等奖（3项）), every entry two labelled lines — 项目名称：… then 完成单位：A、B — with no table and no rank
    on the entry itself; unranked lists have no subheadings. The 文号 stands at the left under the letterhead."""
    h = r.choice(RANKED + UNRANKED)
    year, d = _dates(r, h)
    doc_no = V.doc_no(r, h.prefix, d.year)
    rows, units, pos = _rows(r, h, r.int(2, 3), per_cell_max=3, total=(8, 16))
    title = f"关于公布{year}年度{h.name}获奖名单的通知" if h.ranked else f"关于公布{year}年度{h.name}名单的通知"
    ds = r.choice(("cn", "han"))
    flow = Flow(A4, ctx.font, (70, 70, 70, 64), footer=page_footer("dash"))
    s = flow.sheet
    s.put(h.head, None, 64, 22, "center", font=ctx.title_font, color=(190, 30, 30), spacing=2)
    s.put(doc_no, s.left, 104, 11)
    s.hline(s.left, s.right, 124, 1.4, (190, 30, 30))
    flow.y = 150
    flow.para(title, 17, 28, x=s.left + 20, avail=s.right - s.left - 40, font=ctx.title_font, align="center")
    flow.gap(8)
    flow.para(h.addressee, 12.5, 24)
    flow.para(f"根据有关规定，经评审、公示，{year}年度{h.name}评选工作已完成，现将获奖名单予以公布（见附件）。",
              12.5, 24, indent=25)
    flow.para("请各单位加强宣传，发挥示范引领作用。", 12.5, 24, indent=25)
    flow.gap(8)
    flow.para(f"附件：{year}年度{h.name}获奖名单", 12.5, 24, indent=25)
    flow.gap(24)
    flow.room(80)
    signature(flow.sheet, [h.issuer, fmt_date(d.isoformat(), ds)], flow.y, 12.5, 24, seal=h.issuer, r=46)
    flow.new_page()
    flow.line("附件", 13, 28, font=ctx.title_font)
    flow.line(f"{year}年度{h.name}获奖名单", 15, 34, "center", font=ctx.title_font)
    groups: list[tuple[str | None, list]] = []
    for x in rows:
        if not groups or groups[-1][0] != x.rank:
            groups.append((x.rank, []))
        groups[-1][1].append(x)
    n = 0
    for gi, (rank, members) in enumerate(groups):
        if rank:
            flow.room(60)
            flow.line(f"{'一二三四'[gi]}、{rank}（{len(members)}项）", 13, 28, font=ctx.title_font)
        for x in members:
            n += 1
            avail = flow.sheet.right - flow.sheet.left - 40
            lines = wrap(f"{n}．项目名称：{x.project}", avail, 11.5, ctx.font) + \
                wrap(f"完成单位：{'、'.join(x.units)}", avail - 20, 11.5, ctx.font)
            flow.room(20 * len(lines) + 6)
            for j, ln in enumerate(lines):
                flow.sheet.put(ln, flow.sheet.left + (20 if j == 0 else 40), flow.y, 11.5)
                flow.y += 20
            flow.gap(6)
    return Doc({"title": title, "honour": h.name, "level": h.level, "issuer": h.issuer, "date": d.isoformat(),
                "doc_no": doc_no, "units": units}, flow.finish(),
               notes="annex list under rank subheadings; entries as 项目名称 / 完成单位 lines",
               hints={"rows": len(rows), "unit_position_in_cell": pos})
