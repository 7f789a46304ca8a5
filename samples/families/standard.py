"""标准 families (cover + 前言): GB/T with the dates stacked and a 代替 list over several lines, DB31/T with the
drafting units one per line, a group standard with 主编单位 / 参编单位, an industry standard in the old 本标准
wording with 负责起草单位 / 参加起草单位 and the replaced code on the cover.

`code` is normalised with —; `code_as_printed` is the cover's form (—, an ASCII hyphen, or a full-width －).
"""

from __future__ import annotations

from datetime import date, timedelta

from samples.families import values as V
from samples.families.base import Ctx, Doc, family
from samples.families.canvas import A4, GREY, Flow, Sheet, TableStyle, wrap
from samples.families.common import running_head
from samples.families.values import R, fmt_date

NATIONAL_ISSUERS = ("国家市场监督管理总局", "国家标准化管理委员会")
MIIT = "中华人民共和国工业和信息化部"
GROUP_ISSUERS = {"T/SHZL": "上海市质量协会", "T/SHBZ": "上海市标准化协会", "T/CAS": "中国标准化协会",
                 "T/SHJX": "上海市机械工业协会"}
INDUSTRY = ("QB/T", "JB/T", "HG/T", "SJ/T", "YB/T", "FZ/T")
TCS = ("全国塑料制品标准化技术委员会", "全国食品质量控制与管理标准化技术委员会", "全国工业过程测量控制和自动化标准化技术委员会",
       "全国包装标准化技术委员会", "全国纺织品标准化技术委员会", "全国涂料和颜料标准化技术委员会")


def _dates(r: R) -> tuple[date, date]:
    pub = V.day_between(r, date(2023, 3, 1), date(2025, 9, 30))
    month = pub.month + r.int(3, 8)
    impl = date(pub.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return pub, impl


def _units(r: R, n: tuple[int, int] = (4, 9)) -> list[str]:
    others = V.other_units(r, r.int(*n) - 1)
    applicant = V.company(r)
    others.insert(r.int(0, min(3, len(others))), applicant)
    return others


def _printed(code: str, style: str) -> str:
    return {"dash": code, "ascii": code.replace("—", "-"), "full": code.replace("—", "－")}[style]


def _persons(r: R, n: int) -> str:
    return "、".join(V.person(r) for _ in range(n))


def _cover(s: Sheet, ctx: Ctx, *, ics: str, kind_line: str, big: str, code_printed: str, replaces_lines: list[str],
           title: str, pub: str, impl: str, issuers: list[str], stacked: bool) -> None:
    s.put(ics, s.left, 56, 10.5)
    s.put(f"CCS {V.R(V.seed_of(title)).choice('ABCDEFGHJKLMNPQRSTUVWXYZ')} {V.R(V.seed_of(title, 1)).int(10, 99)}",
          s.left, 72, 10.5)
    s.put(big, None, 56, 40, "right", font=ctx.title_font)
    s.put(kind_line, None, 130, 24, "center", font=ctx.title_font, spacing=4)
    s.hline(s.left, s.right, 170, 1.2)
    s.put(code_printed, None, 182, 15, "right")
    for k, line in enumerate(replaces_lines):
        s.put(line, None, 204 + k * 16, 11, "right")
    y = 320
    for ln in wrap(title, 400, 24, ctx.title_font):
        s.put(ln, None, y, 24, "center", font=ctx.title_font)
        y += 38
    if stacked:
        s.put(f"{pub} 发布", None, 660, 13, "right")
        s.put(f"{impl} 实施", None, 684, 13, "right")
        s.hline(s.left, s.right, 706, 1.2)
    else:
        s.put(f"{pub} 发布", s.left, 690, 13)
        s.put(f"{impl} 实施", None, 690, 13, "right")
        s.hline(s.left, s.right, 712, 1.2)
    for k, iss in enumerate(issuers):
        s.put(iss, None, 730 + k * 22, 15, "center")
    s.put("发 布", s.w / 2 + 130, 730 + (len(issuers) - 1) * 11, 15)


@family("std_gbt_stacked_dates")
def gbt_stacked_dates(r: R, ctx: Ctx) -> Doc:
    """GB/T (or mandatory GB) cover: 代替 codes stacked one per line under the code, publication and implementation
    dates stacked at the right; 前言 with the 代替 sentence, 起草单位 as one wrapped paragraph, 起草人 and the
    TC's code (SAC/TC …) as distractors; running head with the code."""
    prefix = r.choice(("GB/T", "GB/T", "GB"))
    pub, impl = _dates(r)
    code = V.std_code(r, prefix, pub.year)
    replaces = [V.std_code(r, prefix, r.int(2005, 2017)) for _ in range(r.choice((0, 1, 1, 2, 3)))]
    title = V.standard_title(r)
    units = _units(r)
    f = {"code": code, "code_as_printed": code, "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": "、".join(NATIONAL_ISSUERS), "drafting_units": units,
         "replaces": replaces, "level": "national"}
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    rep_lines = [("代替 " if k == 0 else "　　 ") + c for k, c in enumerate(replaces)]
    _cover(s, ctx, ics=f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}", kind_line="中华人民共和国国家标准",
           big=prefix, code_printed=code, replaces_lines=rep_lines, title=title,
           pub=fmt_date(f["publish_date"], "iso"), impl=fmt_date(f["implement_date"], "iso"),
           issuers=list(NATIONAL_ISSUERS), stacked=True)
    flow = Flow(A4, ctx.font, (70, 70, 70, 70), header=running_head("", code),
                footer=lambda sh, n, t: sh.put(["I", "II", "III"][n - 1], None, sh.h - 40, 10, "center"))
    flow.line("前　　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。", 11, 21,
              indent=22)
    if replaces:
        rep = "和".join(replaces)
        flow.para(f"本文件代替{rep}。与{replaces[0]}相比，除结构调整和编辑性改动外，主要技术变化如下：", 11, 21,
                  indent=22)
        flow.para("——更改了范围（见第1章）；", 11, 21, indent=22)
        flow.para("——增加了试验方法的要求（见第6章）。", 11, 21, indent=22)
    flow.para("请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。", 11, 21, indent=22)
    tc = r.choice(TCS)
    flow.para(f"本文件由{tc}（SAC/TC {r.int(30, 580)}）提出并归口。", 11, 21, indent=22)
    flow.para(f"本文件起草单位：{'、'.join(units)}。", 11, 21, indent=22)
    flow.para(f"本文件主要起草人：{_persons(r, r.int(5, 10))}。", 11, 21, indent=22)
    if replaces:
        flow.para(f"本文件及其所代替文件的历次版本发布情况为：{'、'.join(replaces)}；本次为第一次修订。", 11, 21,
                  indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="cover and foreword; 代替 codes stacked; dates stacked at the right")


@family("std_db31_units_per_line")
def db31_units_per_line(r: R, ctx: Ctx) -> Doc:
    """DB31/T cover (the code with —, an ASCII hyphen or a full-width －), single issuer; in the 前言 the drafting
    units follow 本文件起草单位： one per line."""
    pub, impl = _dates(r)
    code = V.std_code(r, "DB31/T", pub.year)
    style = r.choice(("dash", "ascii", "full"))
    replaces = [V.std_code(r, "DB31/T", r.int(2008, 2018))] if r.chance(0.4) else []
    title = V.standard_title(r)
    units = _units(r, (3, 8))
    issuer = "上海市市场监督管理局"
    f = {"code": code, "code_as_printed": _printed(code, style), "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": issuer, "drafting_units": units, "replaces": replaces,
         "level": "local"}
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    _cover(s, ctx, ics=f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}", kind_line="上海市地方标准", big="DB31",
           code_printed=f["code_as_printed"], replaces_lines=[f"代替 {c}" for c in replaces], title=title,
           pub=fmt_date(f["publish_date"], "iso"), impl=fmt_date(f["implement_date"], "iso"),
           issuers=[issuer], stacked=False)
    flow = Flow(A4, ctx.font, (72, 72, 72, 72), header=running_head("", f["code_as_printed"]))
    flow.line("前　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本文件按照GB/T 1.1—2020的规定起草。", 11.5, 22, indent=23)
    if replaces:
        flow.para(f"本文件代替{replaces[0]}，与{replaces[0]}相比，主要技术变化如下：增加了术语和定义。", 11.5, 22,
                  indent=23)
    flow.para("本文件由上海市市场监督管理局提出并组织实施。", 11.5, 22, indent=23)
    flow.para("本文件起草单位：", 11.5, 22, indent=23)
    for u in units:
        flow.line(u, 11.5, 22, x=flow.sheet.left + 46)
    flow.para(f"本文件主要起草人：{_persons(r, r.int(4, 9))}。", 11.5, 22, indent=23)
    flow.para(f"本文件首次发布日期为{fmt_date((pub - timedelta(days=r.int(2000, 4000))).isoformat(), 'cn')}"
              if replaces else "本文件为首次发布。", 11.5, 22, indent=23)
    return Doc(f, [s.page] + flow.finish(), notes="code printed with a hyphen variant; drafting units one per line")


@family("std_group_lead_participating")
def group_lead_participating(r: R, ctx: Ctx) -> Doc:
    """Group standard T/…: the association's name large at the top, 团体标准, the code with an ASCII hyphen or —;
    前言 with 主编单位 (lead) then 参编单位 (participating), both in drafting_units in that order."""
    prefix = r.choice(tuple(GROUP_ISSUERS))
    pub, impl = _dates(r)
    code = V.std_code(r, prefix, pub.year)
    style = r.choice(("dash", "ascii"))
    title = V.standard_title(r)
    units = _units(r, (3, 8))
    issuer = GROUP_ISSUERS[prefix]
    f = {"code": code, "code_as_printed": _printed(code, style), "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": issuer, "drafting_units": units, "replaces": [],
         "level": "group"}
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    s.box(s.left, 50, s.left + 54, 104, stroke=(40, 90, 150), w=1.5)
    s.put(prefix.split("/")[1][:4], s.left + 6, 68, 14, color=(40, 90, 150))
    s.put(issuer, s.left + 70, 66, 16, font=ctx.title_font)
    s.put("团　体　标　准", None, 140, 26, "center", font=ctx.title_font)
    s.hline(s.left, s.right, 180, 1.0)
    s.put(f["code_as_printed"], None, 192, 15, "right")
    y = 330
    for ln in wrap(title, 400, 23, ctx.title_font):
        s.put(ln, None, y, 23, "center", font=ctx.title_font)
        y += 36
    ds = r.choice(("iso", "cn"))
    s.put(f"{fmt_date(f['publish_date'], ds)}发布", s.left, 700, 13)
    s.put(f"{fmt_date(f['implement_date'], ds)}实施", None, 700, 13, "right")
    s.hline(s.left, s.right, 722, 1.0)
    s.put(f"{issuer}　发布", None, 744, 15, "center")
    flow = Flow(A4, ctx.font, (72, 72, 72, 72), header=running_head(f["code_as_printed"], ""))
    flow.line("前言", 16, 40, "center", font=ctx.title_font)
    flow.para(f"本文件按照T/{prefix.split('/')[1]} 001—2020《团体标准管理办法》和GB/T 1.1—2020的规定起草。", 11, 21,
              indent=22)
    flow.para(f"本文件由{issuer}提出并归口。", 11, 21, indent=22)
    lead, rest = units[0], units[1:]
    flow.para(f"本文件主编单位：{lead}。", 11, 21, indent=22)
    flow.para(f"本文件参编单位：{'、'.join(rest)}。", 11, 21, indent=22)
    flow.para(f"本文件主要起草人：{_persons(r, r.int(5, 9))}。", 11, 21, indent=22)
    flow.para(f"本文件为首次发布。本文件的知识产权归{issuer}所有。", 11, 21, indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="group standard; 主编单位 then 参编单位 (both listed, in order)")


@family("std_industry_cover_replaces")
def industry_cover_replaces(r: R, ctx: Ctx) -> Doc:
    """Industry standard (QB/T, JB/T, HG/T, SJ/T, YB/T, FZ/T) in the old wording: '代替 …' on the cover and
    '本标准代替…' in the 前言, 负责起草单位 then 参加起草单位; the filing number (备案号) as a distractor."""
    prefix = r.choice(INDUSTRY)
    pub, impl = _dates(r)
    code = V.std_code(r, prefix, pub.year)
    replaces = [V.std_code(r, prefix, r.int(1999, 2015))] + \
        ([V.std_code(r, prefix, r.int(1999, 2015))] if r.chance(0.3) else [])
    style = r.choice(("dash", "full"))
    title = V.standard_title(r)
    units = _units(r, (3, 7))
    f = {"code": code, "code_as_printed": _printed(code, style), "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": MIIT, "drafting_units": units, "replaces": replaces,
         "level": "industry"}
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    rep = "代替 " + "、".join(replaces)
    _cover(s, ctx, ics=f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}", kind_line="中华人民共和国行业标准",
           big=prefix.split("/")[0], code_printed=f["code_as_printed"], replaces_lines=[rep], title=title,
           pub=fmt_date(f["publish_date"], "iso"), impl=fmt_date(f["implement_date"], "iso"),
           issuers=[MIIT], stacked=False)
    s.put(f"备案号：{r.int(60000, 89999)}—{pub.year}", s.left, 88, 10.5, color=GREY)
    flow = Flow(A4, ctx.font, (72, 72, 72, 72), header=running_head("", f["code_as_printed"]))
    flow.line("前　　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本标准按照GB/T 1.1—2009给出的规则起草。", 11, 21, indent=22)
    flow.para(f"本标准代替{'、'.join(replaces)}，与原标准相比主要技术内容变化如下：修改了技术要求；增加了检验规则。",
              11, 21, indent=22)
    flow.para("本标准由中国轻工业联合会提出。" if prefix == "QB/T" else "本标准由中国机械工业联合会提出。", 11, 21,
              indent=22)
    flow.para(f"本标准负责起草单位：{units[0]}。", 11, 21, indent=22)
    flow.para(f"本标准参加起草单位：{'、'.join(units[1:])}。", 11, 21, indent=22)
    flow.para(f"本标准主要起草人：{_persons(r, r.int(4, 8))}。", 11, 21, indent=22)
    flow.para(f"本标准所代替标准的历次版本发布情况为：{'、'.join(replaces)}。", 11, 21, indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="old 本标准 wording; 代替 on the cover and in the foreword")


def _local_or_group(r: R, n_units: tuple[int, int], styles: tuple[str, ...]) -> tuple[dict, bool, str]:
    """The fields of a DB31/T or a group standard (T/…), half each, with no replaced code: (fields, local,
    prefix)."""
    local = r.chance(0.5)
    prefix = "DB31/T" if local else r.choice(tuple(GROUP_ISSUERS))
    pub, impl = _dates(r)
    code = V.std_code(r, prefix, pub.year)
    title = V.standard_title(r)
    units = _units(r, n_units)
    issuer = "上海市市场监督管理局" if local else GROUP_ISSUERS[prefix]
    style = r.choice(styles)
    f = {"code": code, "code_as_printed": _printed(code, style), "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": issuer, "drafting_units": units, "replaces": [],
         "level": "local" if local else "group"}
    return f, local, prefix


@family("std_enterprise_units_table")
def enterprise_units_table(r: R, ctx: Ctx) -> Doc:
    """DB31/T or T/… cover with the dates on one line; the 前言 names the drafting units in a ruled table
    (序号 / 起草单位 / 主要起草人) after "本文件起草单位及主要起草人如下表："; long names wrap in their cells."""
    f, local, prefix = _local_or_group(r, (3, 7), ("dash", "ascii", "full"))
    issuer, units, title = f["issuer"], f["drafting_units"], f["title"]
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    _cover(s, ctx, ics=f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}",
           kind_line="上海市地方标准" if local else "团体标准", big="DB31" if local else prefix.split("/")[0] + "/",
           code_printed=f["code_as_printed"], replaces_lines=[], title=title, pub=fmt_date(f["publish_date"], "iso"),
           impl=fmt_date(f["implement_date"], "iso"), issuers=[issuer], stacked=False)
    flow = Flow(A4, ctx.font, (70, 70, 70, 70), header=running_head(f["code_as_printed"], ""))
    flow.line("前　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。", 11, 21,
              indent=22)
    flow.para(f"本文件由{issuer}提出并组织实施。", 11, 21, indent=22)
    flow.para("本文件起草单位及主要起草人如下表：", 11, 21, indent=22)
    rows = [[str(k), u, _persons(r, r.int(1, 3))] for k, u in enumerate(units, 1)]
    flow.table((44, 250, 137), [["序号", "起草单位", "主要起草人"]], rows,
               TableStyle("grid", 10.5, 15, 5, align=("center", "left", "left")), x=82)
    flow.gap(10)
    flow.para("本文件为首次发布。", 11, 21, indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="drafting units in a ruled table in the foreword")


@family("std_units_runon_sentence")
def units_runon_sentence(r: R, ctx: Ctx) -> Doc:
    """DB31/T or T/… whose cover prints the code under a double rule at the left and the dates in Chinese (2024年5月
    10日发布); the 前言 names the drafting units inside a sentence rather than after a label: 本文件由A牵头，B、C
    和D参与起草 / 本文件起草单位为A、B及C / 本文件由A、B、C共同起草; the lead unit is the first of them."""
    f, local, prefix = _local_or_group(r, (3, 6), ("dash", "ascii"))
    issuer, units, title = f["issuer"], f["drafting_units"], f["title"]
    s = Sheet(A4, ctx.font, (70, 60, 70, 60))
    s.put(f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}", s.left, 60, 10)
    s.put("上海市地方标准" if local else f"{issuer}团体标准", None, 116, 24, "center", font=ctx.title_font,
          spacing=3)
    s.hline(s.left, s.right, 156, 1.4)
    s.hline(s.left, s.right, 160, 0.5)
    s.put(f["code_as_printed"], s.left, 172, 14)
    y = 300
    for ln in wrap(title, 380, 22, ctx.title_font):
        s.put(ln, None, y, 22, "center", font=ctx.title_font)
        y += 34
    s.put(fmt_date(f["publish_date"], "cn") + "发布", s.left, 696, 12.5)
    s.put(fmt_date(f["implement_date"], "cn") + "实施", None, 696, 12.5, "right")
    s.hline(s.left, s.right, 718, 1.0)
    s.put(issuer + "　发布", None, 738, 15, "center")
    flow = Flow(A4, ctx.font, (72, 72, 72, 72), header=running_head(f["code_as_printed"], ""))
    flow.line("前　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。", 11, 21,
              indent=22)
    flow.para(f"本文件由{issuer}提出{'并组织实施' if local else '并归口'}。", 11, 21, indent=22)
    lead, rest = units[0], units[1:]
    last = r.choice(("和", "及", "、"))
    tail = "、".join(rest[:-1]) + (last if len(rest) > 1 else "") + rest[-1]
    sentence = r.choice((f"本文件由{lead}牵头，{tail}参与起草。",
                         f"本文件起草单位为{lead}、{tail}。",
                         f"本文件由{lead}、{tail}共同起草。"))
    flow.para(sentence, 11, 21, indent=22)
    flow.para(f"本文件主要起草人：{_persons(r, r.int(4, 8))}。", 11, 21, indent=22)
    flow.para("本文件为首次发布。", 11, 21, indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="drafting units inside a sentence (牵头 / 参与起草 / 共同起草)")


@family("std_group_bilingual_cover")
def group_bilingual_cover(r: R, ctx: Ctx) -> Doc:
    """A group standard whose cover carries English beside the Chinese: the association's English name under its
    Chinese one, the English title under the Chinese title, the dates spaced out (2024 - 05 - 10 发布); the foreword
    names the units after 本文件起草单位： separated by full-width commas, then 本文件主要起草人."""
    prefix = r.choice(tuple(GROUP_ISSUERS))
    pub, impl = _dates(r)
    code = V.std_code(r, prefix, pub.year)
    title = V.standard_title(r)
    units = _units(r, (3, 7))
    issuer = GROUP_ISSUERS[prefix]
    english = {"T/SHZL": "Shanghai Association for Quality", "T/SHBZ": "Shanghai Association for Standardization",
               "T/CAS": "China Association for Standardization",
               "T/SHJX": "Shanghai Machinery Industry Association"}[prefix]
    f = {"code": code, "code_as_printed": code, "title": title, "publish_date": pub.isoformat(),
         "implement_date": impl.isoformat(), "issuer": issuer, "drafting_units": units, "replaces": [],
         "level": "group"}
    s = Sheet(A4, ctx.font, (64, 60, 64, 60))
    s.put(f"ICS {r.int(1, 97):02d}.{r.int(10, 220):03d}", s.left, 56, 10)
    s.put(f"CCS {r.choice('ABCDEFGHJKLMN')} {r.int(10, 99)}", s.left, 72, 10)
    s.put("团体标准", None, 120, 26, "center", font=ctx.title_font, spacing=8)
    s.hline(s.left, s.right, 166, 1.0)
    s.put(code, None, 176, 14, "right")
    y = 300
    for ln in wrap(title, 400, 22, ctx.title_font):
        s.put(ln, None, y, 22, "center", font=ctx.title_font)
        y += 34
    s.put("Technical specification for " + r.choice(("quality grading", "test methods", "general requirements")),
          None, y + 6, 12, "center", color=GREY)

    def spaced_date(d: str) -> str:
        return " - ".join(d.split("-"))

    s.put(f"{spaced_date(f['publish_date'])} 发布", s.left, 700, 12.5)
    s.put(f"{spaced_date(f['implement_date'])} 实施", None, 700, 12.5, "right")
    s.hline(s.left, s.right, 720, 1.0)
    s.put(f"{issuer}　发 布", None, 738, 14, "center")
    s.put(english, None, 760, 9, "center", color=GREY)
    flow = Flow(A4, ctx.font, (72, 72, 72, 72), header=running_head(code, ""))
    flow.line("前　言", 16, 40, "center", font=ctx.title_font)
    flow.para("本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。", 11, 21,
              indent=22)
    flow.para(f"本文件由{issuer}提出并归口。", 11, 21, indent=22)
    flow.para(f"本文件起草单位：{'，'.join(units)}。", 11, 21, indent=22)
    flow.para(f"本文件主要起草人：{_persons(r, r.int(4, 8))}。", 11, 21, indent=22)
    return Doc(f, [s.page] + flow.finish(), notes="group standard; English under the Chinese; spaced dates")
