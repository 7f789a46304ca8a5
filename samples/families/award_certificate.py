"""荣誉证书 families: landscape with captions above the values, an individual 'XXX同志' letter-certificate with the
employer inside the sentence, a project certificate whose ruled table lists several completing units, a prose
certificate with the recipient inside the sentence (broken over lines), a bilingual portrait certificate.

Honours include some outside the policy (专精特新, 五一劳动奖章 …) on purpose, as in the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, A4_LANDSCAPE, GREY, INK, RED, Flow, Sheet, TableStyle, width, wrap
from samples.families.common import quoted, signature
from samples.families.values import R, fmt_date


@dataclass(frozen=True)
class Honour:
    name: str  # canonical, category included
    level: str
    issuers: tuple[str, ...]
    ranked: bool = False
    project: str | None = None  # "standard" | "quality"
    cert_prefix: str = ""


ORG_HONOURS = (
    Honour("上海市质量金奖", "municipal", ("上海市质量工作领导小组办公室",), cert_prefix="SHZLJJ"),
    Honour("上海市市长质量奖", "municipal", ("上海市人民政府",), cert_prefix="沪府质奖"),
    Honour("金山区区长质量奖", "district", ("上海市金山区人民政府",), cert_prefix="金府质奖"),
    Honour("金山区质量金奖", "district", ("上海市金山区人民政府",)),
    Honour("中国质量奖提名奖", "national", ("国家市场监督管理总局",)),
    Honour("上海市标准创新贡献奖标准项目奖", "municipal", ("上海市市场监督管理局",), True, "standard", "SHBZCX"),
    Honour("中国标准创新贡献奖标准项目奖", "national", ("国家市场监督管理总局",), True, "standard", "BZCX"),
    Honour("上海市重点产品质量攻关成果奖", "municipal", ("上海市市场监督管理局", "上海市质量协会"), True, "quality",
           "ZDGG"),
    Honour("上海市企业标准“领跑者”", "municipal", ("上海市市场监督管理局",)),
    Honour("上海市产品质量可靠性创新“最佳实践”", "municipal", ("上海市市场监督管理局",)),
    Honour("上海市“专精特新”中小企业", "municipal", ("上海市经济和信息化委员会",)),  # outside the policy
    Honour("全国质量信得过班组", "national", ("中国质量协会",)),  # outside the policy
)
PERSON_HONOURS = (
    Honour("上海市标准创新贡献奖个人奖", "municipal", ("上海市市场监督管理局",), cert_prefix="SHBZ-GR"),
    Honour("上海市质量金奖个人奖", "municipal", ("上海市质量工作领导小组办公室",)),
    Honour("金山区质量金奖个人奖", "district", ("上海市金山区人民政府",)),
    Honour("上海市市长质量奖（个人）", "municipal", ("上海市人民政府",)),
    Honour("上海市五一劳动奖章", "municipal", ("上海市总工会",)),  # outside the policy
    Honour("全国优秀质量管理小组活动推进者", "national", ("中国质量协会",)),  # outside the policy
)
RANKS = ("一等奖", "二等奖", "三等奖")


def _project(r: R, h: Honour, year: int) -> str | None:
    if h.project == "standard":
        prefix = r.choice(("GB/T", "DB31/T", "T/SHBZ", "HG/T")) if h.level == "municipal" else r.choice(("GB/T", "GB"))
        title = V.standard_title(r)
        return f"{V.std_code(r, prefix, year - r.int(1, 3))}《{title}》" if r.chance(0.7) else title
    if h.project == "quality":
        return r.choice(V.PROJECT_TITLES)
    return None


def cert_fields(r: R, *, person: bool = False, honours=None) -> tuple[dict, Honour]:
    h = r.choice(honours or (PERSON_HONOURS if person else ORG_HONOURS))
    year = r.choice((2024, 2024, 2025))
    d = V.day_between(r, date(year, 8, 1), date(year, 12, 28))
    f = {"recipient": V.person(r) if person else V.company(r), "recipient_kind": "individual" if person else
         "organization", "employer": V.company(r) if person else None, "honour": h.name, "level": h.level,
         "rank": r.choice(RANKS) if h.ranked else None, "year": year, "issuer": "、".join(h.issuers),
         "date": d.isoformat(), "project": _project(r, h, year), "cert_no": None}
    if h.cert_prefix and r.chance(0.8):
        f["cert_no"] = r.choice((f"{h.cert_prefix}{year}-{r.int(1, 60):03d}", f"{h.cert_prefix}〔{year}〕{r.int(1, 99)}号",
                                 f"{year}{r.digits(4)}"))
    return f, h


def _no(cert_no: str) -> str:
    """A number of digits alone is printed after "No." (No.20241234); "No." is its label, not part of it."""
    return f"No.{cert_no}" if cert_no.isdigit() else cert_no


def _sig(s: Sheet, f: dict, h: Honour, y: float, ds: str, size: float, x1=None, font=None) -> float:
    """Issuers right-aligned at x1 and the date under them; one seal per issuer (a single seal sits over the
    issuer and the date together)."""
    x1 = s.right - 20 if x1 is None else x1
    lead = size * 1.9
    spans = [s.put(line, None, y + k * lead, size, "right", x1=x1, font=font)
             for k, line in enumerate(list(h.issuers) + [fmt_date(f["date"], ds)])]
    for k, issuer in enumerate(h.issuers):
        a, b = spans[k]
        cy = y + k * lead + size / 2 + (lead / 2 if len(h.issuers) == 1 else 0)
        s.seal((a + b) / 2 - 14 * k, cy, 46, issuer)
    return y + len(spans) * lead


@family("award_landscape_caption_above")
def landscape_caption_above(r: R, ctx: Ctx) -> Doc:
    """Landscape: a coloured band at the top, 荣誉证书 set left, small captions above each value (获奖单位, 荣誉名称,
    奖励等级, 获奖项目), the certificate number top-right, issuers and date bottom-right under the seal(s)."""
    f, h = cert_fields(r)
    ds = r.choice(("cn", "cn0", "dot"))
    s = Sheet(A4_LANDSCAPE, ctx.font, (70, 50, 70, 50))
    band = r.choice(((180, 30, 40), (30, 70, 140), (170, 120, 40)))
    s.box(0, 0, s.w, 64, fill=band, stroke=None)
    s.box(0, s.h - 18, s.w, s.h, fill=band, stroke=None)
    s.put("荣誉证书", 70, 86, 34, font=ctx.title_font, color=band, spacing=6)
    if f["cert_no"]:
        s.put(f"证书编号：{_no(f['cert_no'])}", None, 96, 10.5, "right", x1=s.w - 70)
    y = 170
    items = [("获奖单位", f["recipient"], 30), ("荣誉名称", f"{f['year']}年度{f['honour']}", 25)]
    if f["rank"]:
        items.append(("奖励等级", f["rank"], 20))
    if f["project"]:
        items.append(("获奖项目", f["project"], 16))
    gap = 30 if len(items) <= 2 else 14
    for cap, val, size in items:
        s.put(cap, 90, y, 11, color=GREY)
        y += 19
        for ln in wrap(val, s.w - 200, size, ctx.title_font if size > 18 else ctx.font):
            s.put(ln, 90, y, size, font=ctx.title_font if size > 18 else ctx.font,
                  color=RED if cap == "荣誉名称" else INK)
            y += size * 1.4
        y += gap
    _sig(s, f, h, max(y + 6, 420), ds, 15, x1=s.w - 90)
    return Doc(f, [s.page], notes="landscape; captions above values; certificate number top-right")


@family("award_comrade_sentence")
def comrade_sentence(r: R, ctx: Ctx) -> Doc:
    """Individual: 'XXX同志：' as a salutation, the employer only inside the sentence (XXX同志系…有限公司…), the
    honour in quotation marks; 特发此证; issuer and date in Chinese numerals under the seal."""
    f, h = cert_fields(r, person=True)
    ds = r.choice(("han", "cn"))
    s = Sheet(A4, ctx.font, (90, 80, 90, 80))
    s.frame(30, (190, 150, 70), 3.0)
    s.put("荣 誉 证 书", None, 130, 34, "center", font=ctx.title_font, color=RED)
    y = 250
    s.put(f"{f['recipient']}同志：", 90, y, 18, font=ctx.title_font)
    y += 44
    post = r.choice(("质量管理部经理", "标准化工程师", "质量总监", "技术中心主任", "检验班组长"))
    text = (f"{f['recipient']}同志系{f['employer']}{post}，在推进质量提升和标准化工作中表现突出，"
            f"经评审，被授予{f['year']}年度{quoted(f['honour'])}荣誉称号。")
    y = s.para(text, 90, y, s.right - 90, 16, 32, indent=32)
    s.put("特发此证。", 122, y + 6, 16)
    _sig(s, f, h, 600, ds, 15, x1=s.right - 10)
    if f["cert_no"]:
        s.put(f"证书编号：{_no(f['cert_no'])}", 90, s.h - 110, 10, color=GREY)
    return Doc(f, [s.page], notes="individual; salutation 'XXX同志：'; employer only inside the sentence")


@family("award_project_units_table")
def project_units_table(r: R, ctx: Ctx) -> Doc:
    """A project certificate: the honour above a ruled table 项目名称 / 完成单位 (several units, one per line, long
    names wrapping) / 奖励等级 / 证书编号; the applicant may be any of the units; joint issuers, one seal each."""
    ranked = tuple(h for h in ORG_HONOURS if h.ranked)
    f, h = cert_fields(r, honours=ranked)
    units = [f["recipient"]] + V.other_units(r, r.int(1, 4))
    applicant_at = r.int(0, len(units) - 1)
    units[0], units[applicant_at] = units[applicant_at], units[0]
    f["co_units"] = units
    if not f["cert_no"]:
        f["cert_no"] = f"{h.cert_prefix}{f['year']}-{r.int(1, 3)}-{r.int(1, 80):03d}"
    ds = r.choice(("cn0", "dot0", "iso"))
    flow = Flow(A4, ctx.font, (70, 70, 70, 70))
    s = flow.sheet
    s.frame(28, (40, 90, 150), 2.0)
    flow.gap(30)
    flow.line("获 奖 证 书", 30, 64, "center", font=ctx.title_font, color=(40, 90, 150))
    flow.line(f"{f['year']}年度", 15, 26, "center")
    flow.line(f["honour"], 18, 44, "center", font=ctx.title_font)
    st = TableStyle("grid", 12, 18, 8, col_fill=((240, 240, 244), None), align=("center", "left"))
    rows = [["项目名称", f["project"]], ["完成单位", units], ["奖励等级", f["rank"]], ["证书编号", _no(f["cert_no"])]]
    flow.table((100, s.right - s.left - 100), [], rows, st)
    flow.gap(20)
    flow.para("为表彰在质量和标准化工作中作出突出贡献的单位，特颁发此证书，以资鼓励。", 12.5, 24, indent=25)
    _sig(s, f, h, max(flow.y + 40, 600), ds, 13.5)
    return Doc(f, [s.page], notes="ruled table of project, completing units (one per line), rank and number; the "
                                  "recipient is one of the units")


@family("award_prose_inline_recipient")
def prose_inline_recipient(r: R, ctx: Ctx) -> Doc:
    """No labels: '为表彰…，特授予<recipient><year>年度“<honour>”称号' as running prose, so the recipient breaks
    over lines wherever the measure ends; 证书 heading; issuer and date centred, seal over both."""
    plain = tuple(h for h in ORG_HONOURS if not h.ranked)
    f, h = cert_fields(r, honours=plain)
    ds = r.choice(("han", "cn", "cn0"))
    if r.chance(0.4):  # 二〇二四年十一月: no day printed, so the truth is YYYY-MM
        f["date"] = f["date"][:7]
    s = Sheet(A4, ctx.font, (96, 80, 96, 80))
    s.frame(36, (200, 160, 80), 4.0)
    s.put("证　书", None, 150, 40, "center", font=ctx.title_font, color=(170, 30, 30))
    if f["cert_no"]:
        s.put(_no(f["cert_no"]), None, 214, 11, "center", color=GREY)
    text = (f"为表彰先进、树立典型，经组织评审和社会公示，决定授予{f['recipient']}"
            f"{f['year']}年度{quoted(f['honour'])}称号。")
    y = s.para(text, s.left + r.int(0, 30), 290, s.right - s.left - r.int(0, 60), 18, 40, indent=36)
    s.put("特发此证，以资鼓励。", s.left + 36, y + 10, 18)
    lines = list(h.issuers) + [fmt_date(f["date"], ds)]
    signature(s, lines, 640, 15, 28, seal=h.issuers[0], x1=s.w / 2, align="center", r=50)
    return Doc(f, [s.page], notes="recipient inside the sentence, broken over lines; no labels")


@family("award_bilingual_portrait")
def bilingual_portrait(r: R, ctx: Ctx) -> Doc:
    """Portrait, Chinese lines each followed by a small English line (授予 / Presented to, the honour and its
    English name); the recipient in a tinted box; issuer bottom-left and the date bottom-right in dotted form."""
    f, h = cert_fields(r, honours=tuple(h for h in ORG_HONOURS if not h.ranked))
    ds = r.choice(("dot0", "iso", "dot"))
    if r.chance(0.35):  # 2024.11
        f["date"] = f["date"][:7]
    s = Sheet(A4, ctx.font, (80, 80, 80, 80))
    s.frame(24, (30, 60, 110), 1.2)
    s.put("荣誉证书", None, 110, 32, "center", font=ctx.title_font, color=(30, 60, 110))
    s.put("CERTIFICATE OF HONOUR", None, 156, 12, "center", color=GREY, spacing=2)
    s.put("授予", None, 230, 15, "center")
    s.put("Presented to", None, 252, 10, "center", color=GREY)
    lines = wrap(f["recipient"], 360, 21, ctx.title_font)
    top = 282
    s.box(100, top - 12, s.w - 100, top + len(lines) * 32 + 6, fill=(236, 240, 248), stroke=None)
    for k, ln in enumerate(lines):
        s.put(ln, None, top + k * 32, 21, "center", font=ctx.title_font)
    y = top + len(lines) * 32 + 40
    s.put(f"{f['year']}年度", None, y, 15, "center")
    for ln in wrap(f["honour"], 400, 22, ctx.title_font):
        y += 36
        s.put(ln, None, y, 22, "center", font=ctx.title_font, color=RED)
    s.put(f"{f['year']} Annual Quality and Standardization Honour", None, y + 40, 10, "center", color=GREY)
    s.put(h.issuers[0], s.left, 660, 13)
    s.seal(s.left + width(h.issuers[0], 13, ctx.font) / 2, 668, 46, h.issuers[0])
    s.put(fmt_date(f["date"], ds), None, 660, 13, "right")
    if f["cert_no"]:
        no = _no(f["cert_no"]) if f["cert_no"].isdigit() else f"No. {f['cert_no']}"
        s.put(no, None, s.h - 100, 9.5, "right", color=GREY)
    return Doc(f, [s.page], notes="bilingual lines; recipient in a tinted box; issuer bottom-left, date bottom-right")


@family("award_units_numbered_lines")
def units_numbered_lines(r: R, ctx: Ctx) -> Doc:
    """A project certificate with labelled lines (项目名称 / 获奖等级 / 完成单位); the completing units follow their
    label as numbered lines, as lines without numbers, or as one 、-separated paragraph wrapping back to the
    margin; the applicant is the first unit. 编号 bottom-left, issuer and date bottom-right under the seal."""
    ranked = tuple(h for h in ORG_HONOURS if h.ranked)
    f, h = cert_fields(r, honours=ranked)
    if f["project"] is None:
        f["project"] = r.choice(V.PROJECT_TITLES)
    units = [f["recipient"]] + V.other_units(r, r.int(1, 4))
    f["co_units"] = units
    ds = r.choice(("cn", "cn0", "han"))
    s = Sheet(A4, ctx.font, (80, 70, 80, 70))
    s.frame(34, (160, 40, 40), 2.4)
    s.put(r.choice(("获 奖 证 书", "证　书", "荣誉证书")), None, 120, 32, "center", font=ctx.title_font,
          color=(160, 30, 30))
    s.put(f"{f['year']}年度{f['honour']}", None, 190, 16, "center", font=ctx.title_font)
    y, size, lead = 250, 13.5, 24
    lx = s.left
    vx = lx + width("项目名称：", size, ctx.font)
    for lab, val in (("项目名称", f["project"]), ("获奖等级", f["rank"])):
        s.put(f"{lab}：", lx, y, size)
        for k, ln in enumerate(wrap(val, s.right - vx, size, ctx.font)):
            s.put(ln, vx, y, size)
            y += lead
        y += 6
    style = r.choice(("numbered", "plain", "paragraph"))
    label = r.choice(("完成单位", "主要完成单位"))
    if style == "paragraph":
        y = s.para(f"{label}：{'、'.join(units)}", lx, y, s.right - lx, size, lead)
    else:
        s.put(f"{label}：", lx, y, size)
        y += lead
        for k, u in enumerate(units, 1):
            s.put(f"{k}. {u}" if style == "numbered" else u, lx + 2 * size, y, size)
            y += lead
    if f["cert_no"]:
        s.put(f"编号：{_no(f['cert_no'])}", lx, s.h - 130, 10.5, color=GREY)
    _sig(s, f, h, max(y + 40, 600), ds, 14, x1=s.right - 10)
    return Doc(f, [s.page], notes=f"completing units after their label ({style}); the applicant first")


# English names printed under the Chinese ones on bilingual certificates (invented where no official one exists).
ISSUER_EN = {
    "上海市市场监督管理局": "Shanghai Administration for Market Regulation",
    "上海市人民政府": "Shanghai Municipal People's Government",
    "上海市金山区人民政府": "People's Government of Jinshan District, Shanghai",
    "上海市质量工作领导小组办公室": "Office of Shanghai Leading Group for Quality Work",
    "国家市场监督管理总局": "State Administration for Market Regulation",
    "上海市质量协会": "Shanghai Association for Quality",
    "中国质量协会": "China Association for Quality",
    "上海市经济和信息化委员会": "Shanghai Municipal Commission of Economy and Informatization",
}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


@family("award_bilingual_landscape")
def bilingual_landscape(r: R, ctx: Ctx) -> Doc:
    """Landscape, every Chinese line followed by a smaller English one: 荣誉证书 / CERTIFICATE OF HONOUR, 兹授予 /
    This is to certify that, the recipient centred, the honour and its English gloss, the issuers' Chinese and
    English names and the date in both forms at the bottom right under the seal."""
    plain = tuple(h for h in ORG_HONOURS if not h.ranked and all(i in ISSUER_EN for i in h.issuers))
    f, h = cert_fields(r, honours=plain)
    ds = r.choice(("cn", "cn0", "iso"))
    s = Sheet(A4_LANDSCAPE, ctx.font, (80, 50, 80, 50))
    s.frame(24, (30, 80, 150), 2.0)
    s.put("荣誉证书", None, 70, 34, "center", font=ctx.title_font, color=(30, 70, 140), spacing=8)
    s.put("CERTIFICATE OF HONOUR", None, 118, 13, "center", color=GREY, spacing=2)
    if f["cert_no"]:
        s.put(f"证书编号 Certificate No.：{f['cert_no']}", None, 150, 10, "right", x1=s.right)
    s.put("兹授予", s.left + 40, 180, 15)
    s.put("This is to certify that", s.left + 40, 200, 10, color=GREY)
    s.put(f["recipient"], None, 236, 24, "center", font=ctx.title_font)
    s.put(f"{f['year']}年度{quoted(f['honour'])}荣誉称号", None, 290, 19, "center", font=ctx.title_font,
          color=(170, 30, 30))
    s.put(f"has been awarded the honour of the year {f['year']}.", None, 320, 10, "center", color=GREY)
    y = 400
    d = date.fromisoformat(f["date"])
    lines: list[tuple[str, float, tuple]] = []
    for issuer in h.issuers:
        lines += [(issuer, 14, INK), (ISSUER_EN[issuer], 9, GREY)]
    lines += [(fmt_date(f["date"], ds), 14, INK), (f"{_MONTHS_EN[d.month - 1]} {d.day}, {d.year}", 9, GREY)]
    spans = []
    for text, size, color in lines:
        spans.append(s.put(text, None, y, size, "right", x1=s.right - 20, color=color))
        y += size * 1.8
    a = min(x for x, _ in spans[:2])
    s.seal((a + s.right - 20) / 2, 400 + 14, 46, h.issuers[0])
    return Doc(f, [s.page], notes="bilingual landscape: an English line under every Chinese one")


@family("award_wall_plaque")
def wall_plaque(r: R, ctx: Ctx) -> Doc:
    """A plaque (奖牌) photographed or scanned: a dark frame round a light panel, no 证书 word anywhere; the honour
    in large type across the middle (with its rank under it where it has one), 授予 / 荣获 and the recipient above
    it, the issuers and the month (no day) centred at the foot; no certificate number, no seal."""
    f, h = cert_fields(r, honours=tuple(x for x in ORG_HONOURS if not x.project))
    f["cert_no"] = None
    f["date"] = f["date"][:7]
    s = Sheet(A4_LANDSCAPE, ctx.font, (90, 70, 90, 70))
    s.box(24, 24, s.w - 24, s.h - 24, fill=(60, 44, 30), stroke=None)
    s.box(56, 56, s.w - 56, s.h - 56, fill=(236, 226, 200), stroke=(150, 120, 60), w=2.0)
    verb = r.choice(("授予", "荣获", ""))
    y = 130
    if verb == "授予":
        s.put(f"授予：{f['recipient']}", None, y, 20, "center")
    else:
        s.put(f["recipient"], None, y, 22, "center")
    y += 70
    if verb == "荣获":
        s.put("荣获", None, y - 24, 14, "center")
    for ln in wrap(f["honour"], s.w - 220, 40, ctx.title_font):
        s.put(ln, None, y, 40, "center", font=ctx.title_font, color=(150, 30, 30))
        y += 58
    if f["rank"]:
        s.put(f["rank"], None, y, 24, "center", font=ctx.title_font, color=(150, 30, 30))
        y += 40
    y = s.h - 150
    for iss in h.issuers:
        s.put(iss, None, y, 15, "center")
        y += 24
    s.put(fmt_date(f["date"], r.choice(("han", "cn"))), None, y, 14, "center")
    return Doc(f, [s.page], notes="plaque: recipient over the honour, issuers and month centred at the foot")


@family("award_org_salutation_line")
def org_salutation_line(r: R, ctx: Ctx) -> Doc:
    """An organisation addressed like a person: 'XX有限公司：' as a salutation at the left; the sentence ends with
    被评为： / 荣获：, and the honour stands alone on the next line in large type (the rank on the line under it, a
    project on a 项目： line); 特发此证。; the number bottom-left; issuer and date in Chinese numerals or dotted."""
    f, h = cert_fields(r)
    ds = r.choice(("han", "dot", "cn0"))
    s = Sheet(A4, ctx.font, (86, 80, 86, 80))
    s.frame(28, r.choice(((190, 150, 70), (60, 90, 150))), 2.6)
    s.put(r.choice(("荣誉证书", "荣 誉 证 书", "证　书")), None, 128, 34, "center", font=ctx.title_font, color=RED)
    y = 236
    for ln in wrap(f"{f['recipient']}：", s.right - 86, 17, ctx.title_font):
        s.put(ln, 86, y, 17, font=ctx.title_font)
        y += 30
    y += 12
    verb = r.choice(("被评为：", "荣获："))
    y = s.para(f"你单位在{f['year']}年度质量工作中成绩突出，经组织评审、公示，{verb}", 86, y, s.right - 86, 15.5, 30,
               indent=31)
    y += 14
    for ln in wrap(f["honour"], s.right - s.left - 40, 26, ctx.title_font):
        s.put(ln, None, y, 26, "center", font=ctx.title_font, color=RED)
        y += 40
    if f["rank"]:
        s.put(f["rank"], None, y, 20, "center", font=ctx.title_font)
        y += 34
    if f["project"]:
        for ln in wrap(f"项目：{f['project']}", s.right - s.left - 20, 13, ctx.font):
            s.put(ln, s.left + 10, y, 13)
            y += 22
    s.put("特发此证。", 117, y + 14, 15.5)
    _sig(s, f, h, max(y + 90, 590), ds, 15, x1=s.right - 10)
    if f["cert_no"]:
        s.put(f"证书编号：{_no(f['cert_no'])}", 86, s.h - 104, 10, color=GREY)
    return Doc(f, [s.page], notes="organisation as salutation; the honour alone on the line after 被评为：")


@family("award_person_photo_form")
def person_photo_form(r: R, ctx: Ctx) -> Doc:
    """An individual's certificate laid out like a form: a photo frame at the left, labelled lines at its right
    (姓名：/ 工作单位：/ 荣誉称号：/ 证书编号：), the employer's long name wrapping under its label; the honour's
    sentence under the block; issuer and date under the seal at the foot."""
    f, h = cert_fields(r, person=True)
    ds = r.choice(("cn", "cn0", "iso"))
    s = Sheet(A4_LANDSCAPE, ctx.font, (70, 60, 70, 60))
    s.frame(22, (150, 30, 30), 2.2)
    s.put("荣誉证书", None, 70, 30, "center", font=ctx.title_font, color=RED, spacing=6)
    s.box(90, 150, 200, 290, stroke=GREY, w=0.8)
    s.put("照片", 128, 212, 12, color=GREY)
    x, y = 240, 156
    items = [("姓　　名", f["recipient"]), ("工作单位", f["employer"]), ("荣誉称号", f["honour"])]
    if f["cert_no"]:
        items.append(("证书编号", _no(f["cert_no"])))
    for lab, val in items:
        lines = wrap(val, s.right - x - 90, 14, ctx.font)
        s.put(f"{lab}：", x, y, 14)
        for k, ln in enumerate(lines):
            s.put(ln, x + 90, y + k * 22, 14)
        y += 22 * len(lines) + 14
    y = max(y, 310) + 10
    s.para(f"该同志在{f['year']}年度质量提升工作中表现突出，经评审，授予{quoted(f['honour'])}荣誉称号，特发此证。",
           90, y, s.right - 90, 14, 26, indent=28)
    _sig(s, f, h, s.h - 150, ds, 14, x1=s.right - 30)
    return Doc(f, [s.page], notes="form: photo frame, labelled lines 姓名 / 工作单位 / 荣誉称号 / 证书编号")
