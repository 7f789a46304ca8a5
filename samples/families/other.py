"""Pages of a packet that are none of the kinds above (type other): a contents list, a 诚信承诺书, and a note on a
change of company name. They name honours, authorities and dates on purpose: a reader must not take them for
certificates or notices."""

from __future__ import annotations

from datetime import date

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, Flow, TableStyle
from samples.families.common import signature
from samples.families.values import R, fmt_date

MATERIALS = ("金山区质量发展专项资金申请表", "营业执照副本复印件", "法定代表人身份证复印件", "公共信用信息报告",
             "上海市质量金奖证书复印件", "标准文本（封面及前言）", "获奖通知文件", "认证证书复印件", "首席质量官聘任文件",
             "诚信承诺书", "银行开户许可证复印件", "近三年财务审计报告")


@family("other_contents_table")
def contents_table(r: R, ctx: Ctx) -> Doc:
    """申报材料目录: the applicant and the declaration year above a ruled table 序号 / 材料名称 / 页码."""
    applicant = V.company(r)
    year = r.choice((2025, 2026))
    f = {"title": "申报材料目录", "applicant": applicant}
    flow = Flow(A4, ctx.font, (70, 70, 70, 70))
    flow.line(f["title"], 20, 44, "center", font=ctx.title_font, spacing=4)
    flow.line(f"申报单位：{applicant}", 12.5, 26)
    flow.line(f"申报项目：{year}年度金山区质量发展专项资金", 12.5, 34)
    items = r.sample(MATERIALS, r.int(6, 10))
    page, rows = 1, []
    for k, it in enumerate(items, 1):
        n = r.int(1, 6)
        rows.append([str(k), it, f"{page}—{page + n - 1}" if n > 1 else str(page)])
        page += n
    flow.table((50, 330, 75), [["序号", "材料名称", "页码"]], rows,
               TableStyle("grid", 12, 18, 7, align=("center", "left", "center")))
    return Doc(f, flow.finish(), notes="contents page of a packet")


@family("other_commitment_letter")
def commitment_letter(r: R, ctx: Ctx) -> Doc:
    """诚信承诺书: the applicant promises its materials are true, naming an honour and the policy; the applicant's
    seal over the signature and date."""
    applicant = V.company(r)
    year = r.choice((2025, 2026))
    honour = r.choice(("上海市质量金奖", "金山区区长质量奖", "上海市标准创新贡献奖", "“上海品牌”认证"))
    f = {"title": "诚信承诺书", "applicant": applicant}
    ds = r.choice(("cn", "han"))
    d = V.day_between(r, date(year, 2, 1), date(year, 5, 31))
    flow = Flow(A4, ctx.font, (78, 80, 78, 80))
    flow.line(f["title"], 22, 60, "center", font=ctx.title_font, spacing=6)
    flow.para(f"本单位{applicant}申报{year}年度金山区质量发展专项资金（{honour}奖励），现郑重承诺如下：", 13, 27,
              indent=26)
    for k, t in enumerate(("所提交的营业执照、荣誉证书、获奖文件等全部申报材料真实、准确、完整，不存在虚假记载；",
                           "本单位近三年未被列入严重失信主体名单，未发生重大质量、安全、环境事故；",
                           "同一项目未重复申报区级其他同类财政资金；",
                           "如违反上述承诺，自愿退回已获资金并承担相应法律责任。"), 1):
        flow.para(f"{'一二三四'[k - 1]}、{t}", 13, 27, indent=26)
    flow.gap(40)
    signature(flow.sheet, [f"承诺单位（盖章）：{applicant}", f"法定代表人（签字）：{V.person(r)}",
                           fmt_date(d.isoformat(), ds)], flow.y, 13, 30, seal=applicant, r=48)
    return Doc(f, flow.finish(), notes="commitment letter; names an honour but is no certificate")


@family("other_name_change_note")
def name_change_note(r: R, ctx: Ctx) -> Doc:
    """关于企业名称变更的情况说明: the former and the present name, the registration authority and date, the USCC,
    and an honour won under the former name."""
    applicant = V.company(r)
    former = V.company(r)
    code = V.uscc(r)
    changed = V.day_between(r, date(2021, 1, 1), date(2024, 12, 31))
    honour = r.choice(("上海市质量金奖", "金山区质量金奖", "上海市企业标准“领跑者”", "节能产品认证"))
    f = {"title": "关于企业名称变更的情况说明", "applicant": applicant}
    ds = r.choice(("cn", "cn0", "iso"))
    flow = Flow(A4, ctx.font, (76, 80, 76, 80))
    flow.line(f["title"], 19, 50, "center", font=ctx.title_font)
    flow.line("上海市金山区市场监督管理局：", 13, 28)
    flow.para(f"我单位原名称为“{former}”，于{fmt_date(changed.isoformat(), ds)}经上海市金山区市场监督管理局核准，"
              f"名称变更为“{applicant}”，统一社会信用代码{code}不变。", 13, 27, indent=26)
    flow.para(f"我单位以原名称获得的{honour}相关证书仍在有效期内，证书所载主体与现申报主体为同一法人。随附名称变更核准"
              "材料复印件一份。", 13, 27, indent=26)
    flow.para("特此说明。", 13, 27, indent=26)
    flow.gap(40)
    d = V.day_between(r, date(2025, 2, 1), date(2025, 6, 30))
    signature(flow.sheet, [applicant, fmt_date(d.isoformat(), ds)], flow.y, 13, 28, seal=applicant, r=48)
    return Doc(f, flow.finish(), notes="former and present name, USCC, an honour won under the former name")


@family("other_authorization_letter")
def authorization_letter(r: R, ctx: Ctx) -> Doc:
    """授权委托书: the applicant (委托单位) authorises a member of staff to file its application for an honour's
    reward — the honour, its year and the bureau named in the body; the applicant's seal over its name and the
    date; the two ID numbers masked."""
    applicant = V.company(r)
    year = r.choice((2025, 2026))
    honour = r.choice(("上海市质量金奖", "金山区区长质量奖", "上海市标准创新贡献奖标准项目奖", "“上海品牌”认证",
                       "中国质量奖提名奖"))
    f = {"title": r.choice(("授权委托书", "法定代表人授权委托书")), "applicant": applicant}
    ds = r.choice(("cn", "cn0", "iso"))
    d = V.day_between(r, date(year, 2, 1), date(year, 5, 31))
    flow = Flow(A4, ctx.font, (80, 80, 80, 80))
    flow.line(f["title"], 21, 56, "center", font=ctx.title_font, spacing=4)
    rep, agent = V.person(r), V.person(r)
    for lab, val in (("委托单位", applicant), ("法定代表人", rep), ("受托人", agent), ("身份证号码", V.id_masked(r)),
                     ("职务", r.choice(("质量部经理", "综合办公室主任", "标准化专员")))):
        flow.line(f"{lab}：{val}", 13, 28)
    flow.gap(8)
    flow.para(f"现委托上述受托人代表本单位向上海市金山区市场监督管理局办理{year}年度金山区质量发展专项资金（{honour}"
              f"奖励）的申报、材料补正及领取通知等事宜。受托人在委托权限内所签署的文件，本单位均予以承认。", 13, 27,
              indent=26)
    flow.para("委托期限：自本委托书签署之日起至本年度专项资金拨付完毕之日止。受托人无转委托权。", 13, 27, indent=26)
    flow.gap(36)
    signature(flow.sheet, [f"委托单位（盖章）：{applicant}", f"法定代表人（签字）：{rep}", fmt_date(d.isoformat(), ds)],
              flow.y, 13, 30, seal=applicant, r=48)
    return Doc(f, flow.finish(), notes="authorisation letter; names an honour and the bureau; applicant's seal")


@family("other_application_report")
def application_report(r: R, ctx: Ctx) -> Doc:
    """关于申请…专项资金的报告: the applicant, addressed to the bureau, lists the honours it won (with their 文号 and
    dates) and the article it applies under, and the sum; 特此报告; its name and the date under its seal."""
    applicant = V.company(r)
    year = r.choice((2025, 2026))
    f = {"title": f"关于申请{year}年度金山区质量发展专项资金的报告", "applicant": applicant}
    ds = r.choice(("cn", "cn0"))
    won = r.sample((("上海市质量金奖", "沪质量办〔{y}〕{n}号", "第五条"), ("金山区质量金奖", "金府〔{y}〕{n}号", "第五条"),
                    ("上海市企业标准“领跑者”", "沪市监标技〔{y}〕{n}号", "第九条"),
                    ("质量管理体系认证证书", "", "第十六条"), ("上海市标准创新贡献奖标准项目奖二等奖", "沪市监标技〔{y}〕{n}号",
                                                   "第七条")), r.int(1, 3))
    flow = Flow(A4, ctx.font, (78, 76, 78, 76))
    flow.para(f["title"], 18, 30, font=ctx.title_font, align="center")
    flow.gap(12)
    flow.line("上海市金山区市场监督管理局：", 13, 28)
    flow.para(f"我公司{applicant}成立于{r.int(1998, 2018)}年，主要从事{r.choice(V.STANDARD_SUBJECTS)[0]}的研发与生产。"
              f"{year - 1}年度我公司取得以下质量荣誉：", 13, 27, indent=26)
    for k, (h, no, art) in enumerate(won, 1):
        got = V.day_between(r, date(year - 1, 3, 1), date(year - 1, 12, 20))
        ref = f"（{no.format(y=year - 1, n=r.int(3, 60))}）" if no else ""
        flow.para(f"{k}. {fmt_date(got.isoformat(), ds)}获得{h}{ref}，依据实施细则{art}申请奖励。", 13, 27, indent=26)
    flow.para(f"以上合计申请奖励资金{r.choice((10, 20, 30, 50))}万元。相关证明材料附后，请予审核。", 13, 27, indent=26)
    flow.para("特此报告。", 13, 27, indent=26)
    flow.gap(36)
    d = V.day_between(r, date(year, 2, 1), date(year, 5, 31))
    signature(flow.sheet, [applicant, fmt_date(d.isoformat(), ds)], flow.y, 13, 28, seal=applicant, r=48)
    return Doc(f, flow.finish(), notes="the applicant's own report listing its honours; names 文号 and articles")
