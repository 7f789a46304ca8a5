"""Extractors per document type: the facts a reviewer reads off each document, with their evidence.

Field names follow models/facts.py. Each extractor looks for a field after its label first (营业执照's 名称,
信用报告's 报告编号 …) and falls back on the patterns (dates, codes) where documents carry no label.
Catalog items named on a document (award names, certification kinds) come from the spaCy pipeline built
from the policy catalog, so adding an alias to the catalog teaches the extractor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from models.facts import DocumentFacts, Fact
from models.reading import DocumentText
from pipeline.extract.codes import find_replaces, find_standard_codes
from pipeline.extract.dates import find_dates, find_years
from pipeline.extract.fuzzy import same_organization
from pipeline.extract.levels import find_levels, find_ranks
from pipeline.extract.reader import DocReader
from pipeline.extract.uscc import find_usccs

RANK_NAMES = {0: "特等奖", 1: "一等奖", 2: "二等奖", 3: "三等奖"}
ORG_SUFFIX = r"(?:有限公司|有限责任公司|股份有限公司|研究院|研究所|中心|协会|学会|大学|学院|医院|集团|厂|处|局|委员会|站|所)"
ORG = rf"[\u4e00-\u9fff（）()A-Za-z0-9·]{{2,40}}?{ORG_SUFFIX}"


def _iso(v) -> str | None:
    if isinstance(v, date):
        return v.isoformat()
    return None


def _date_fact(r: DocReader, start: int = 0, end: int | None = None, last: bool = False) -> Fact | None:
    end = len(r.text) if end is None else end
    found = [d for d in find_dates(r.text[start:end]) if isinstance(d.value, date)]
    if not found:
        return None
    d = found[-1] if last else found[0]
    return r.fact(d.value.isoformat(), start + d.start, start + d.end, d.confidence, d.note)


def _labelled_date(r: DocReader, labels: str) -> Fact | None:
    m = re.search(rf"(?:{labels})[ \t]*[:：]?[ \t]*", r.text)
    if not m:
        return None
    line_end = r.text.find("\n", m.end())
    return _date_fact(r, m.end(), line_end if line_end >= 0 else None)


def _uscc_fact(r: DocReader) -> Fact | None:
    found = find_usccs(r.text)
    if not found:
        return None
    u = found[0]
    return r.fact(u.value, u.start, u.end, u.confidence, u.note)


def _clean_org(v: str) -> str:
    return v.strip().rstrip("：:，,。").strip()


# ---------------------------------------------------------------- identity documents
def business_licence(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    out["name"] = r.after("名称", clean=_clean_org)
    out["uscc"] = _uscc_fact(r)
    out["type"] = r.after("类型")
    out["legal_representative"] = r.after("法定代表人|负责人|经营者")
    out["established"] = _labelled_date(r, "成立日期|注册日期")
    out["address"] = r.after("住所|经营场所|主要经营场所")


def _records(r: DocReader, heading: str, kind: str) -> Fact:
    """The rows of a credit-report section; '未查见…' reads as none."""
    sec = r.section(heading)
    if sec is None:
        return Fact(value=[], confidence=0.5, note=f"未找到“{heading}”一节")
    start, end = sec
    body = r.text[start:end]
    if re.search(r"未查见|无相关记录|暂无", body) and not find_dates(body):
        return r.fact([], start, min(end, start + 40))
    rows = []
    for ls, le, line in r.lines(start, end):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        dates = [d for d in find_dates(line) if isinstance(d.value, date)]
        if not dates or not cells:
            continue
        d = dates[0].value.isoformat()
        rest = [c for c in cells if not find_dates(c) or len(c) > 12]
        if kind == "penalty":
            serious_cell = next((c for c in cells if c in ("是", "否")), None)
            text_cells = [c for c in rest if c not in ("是", "否")]
            authority = next((c for c in text_cells if re.search(r"局|委员会|政府|厅|办公室|支队|大队", c) and len(c) <= 30), None)
            content = next((c for c in text_cells if c != authority), None)
            serious = serious_cell == "是" if serious_cell else bool(re.search(r"严重", line))
            rows.append({"date": d, "authority": authority, "content": content, "serious": serious})
        elif kind == "dishonesty":
            rows.append({"date": d, "content": next(iter(rest), None)})
        else:
            rows.append({"date": d, "reason": next(iter(rest), None)})
    return r.fact(rows, start, end) if rows else Fact(value=[], confidence=0.6,
                                                       note=f"“{heading}”一节未读出记录，请人工核对")


_ADDRESS_LINE = re.compile(r"^(?P<v>(?:上海市|[\u4e00-\u9fff]{2,3}省)[^\n\t]{4,40}(?:号|室|幢|弄|楼))$", re.M)


def _bare_address(r: DocReader) -> Fact | None:
    """An address on a line of its own, for tables whose label column OCR lost."""
    m = _ADDRESS_LINE.search(r.text)
    return r.fact(m.group("v"), m.start("v"), m.end("v"), 0.9, "未读到“住所”标签，按地址格式识别") if m else None


def credit_report(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    out["subject"] = r.after("报告主体|主体名称|企业名称|姓名", clean=_clean_org) or r.after("名称", clean=_clean_org)
    out["uscc"] = _uscc_fact(r)
    out["address"] = r.after("住所|注册地址|经营场所") or _bare_address(r)
    out["report_no"] = r.after("报告编号", value=r"[A-Za-z0-9\-]{6,40}")
    out["report_date"] = _labelled_date(r, "出具日期|报告日期|生成日期|报告时间") or _date_fact(r, last=True)
    out["penalties"] = _records(r, "行政处罚信息", "penalty")
    out["serious_dishonesty"] = _records(r, "严重失信主体名单信息", "dishonesty")
    if r.section("经营（活动）异常名录|经营异常名录|经营\\(活动\\)异常名录|经营（活动\\)异常名录"):
        out["abnormal_operations"] = _records(r, "经营[（(]活动[)）]异常名录|经营异常名录", "abnormal")
    else:
        out["abnormal_operations"] = None
    idno = re.search(r"身份证件?号码[:：]?\s*([0-9Xx*]{15,18})", r.text)
    if idno:
        out["id_number"] = r.fact(idno.group(1), idno.start(1), idno.end(1))


def id_card(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    out["name"] = r.after("姓名", value=r"[\u4e00-\u9fff·]{2,6}")
    m = re.search(r"(?:公民身份号码|身份号码)[:：]?\s*([0-9]{17}[0-9Xx])", r.text)
    out["id_number"] = r.fact(m.group(1).upper(), m.start(1), m.end(1)) if m else None
    out["address"] = r.after("住址")
    if out["address"] is not None:
        # The address wraps onto the next line of the card until the next field's label.
        a = out["address"]
        end = r.text.find(str(a.value)) + len(str(a.value))
        m = re.match(r"\n(?P<v>(?!公民身份|签发机关|有效期限|中华人民共和国|居民身份证)[^\n\t]{2,30})", r.text[end:])
        if m:
            out["address"] = r.fact(str(a.value) + m.group("v").strip(), end - len(str(a.value)), end + m.end("v"))


# ---------------------------------------------------------------- honours
_LABELLED_HOLDER = re.compile(
    rf"(?:^|\n)[ \t]*(?:兹证明|授予|获证组织|委托人名称|证书持有人|机构名称|组织名称|单位名称|名称|申请人)[ \t]*[:：]?[ \t]*\n?[ \t]*(?P<v>{ORG})")
_NOT_ADDRESSEE = re.compile(r"编号|日期|有效期|地址|类型|兹证明|各有关单位|经审查|名称|范围|依据|模式")


def _recipient(r: DocReader) -> tuple[Fact | None, str | None, Fact | None]:
    """(recipient, kind, employer): the holder after its label (名称：…, 兹证明 …), or the addressee line of a
    certificate ("XX公司：", "张三同志：")."""
    m = _LABELLED_HOLDER.search(r.text)
    if m:
        return r.fact(m.group("v"), m.start("v"), m.end("v")), "organization", None
    m = re.search(r"^\s*(?P<v>[^\n\t：:]{2,40}?)(?P<t>同志)?\s*[：:]\s*$", r.text, re.M)
    if m and not _NOT_ADDRESSEE.search(m.group("v")):
        v = m.group("v").strip()
        kind = "individual" if m.group("t") or len(v) <= 4 else "organization"
        employer = None
        if kind == "individual":
            em = re.search(rf"[(（](?P<e>{ORG})[)）]", r.text[m.end():m.end() + 80])
            if em:
                employer = r.fact(em.group("e"), m.end() + em.start("e"), m.end() + em.end("e"))
        return r.fact(v, m.start("v"), m.end("v")), kind, employer
    # OCR drops the colon after the addressee: take the first line that is an organisation name on its own.
    m = re.search(rf"^(?P<v>{ORG})[：:]?$", r.text, re.M)
    if m:
        return r.fact(m.group("v"), m.start("v"), m.end("v")), "organization", None
    return None, None, None


def _family_phrases(policy, as_of) -> tuple[tuple[str, str], ...]:
    """Item names without their rank (中国标准创新贡献奖标准项目奖 for the 一/二/三等奖 items): notices name the
    award once in the title and the rank per row."""
    out = []
    for item in policy.items_as_of(as_of):
        if item.rank and item.name.endswith(item.rank):
            out.append((item.id, item.name[: -len(item.rank)]))
    return tuple(out)


def _items(r: DocReader, policy, as_of) -> dict[str, Fact]:
    from pipeline.extract.nlp import ITEM_LABEL, SPAN_KEY, build_nlp, phrases_from_policy

    nlp = build_nlp(tuple(phrases_from_policy(policy, as_of)) + _family_phrases(policy, as_of))
    # Award names wrap across lines on certificates: match on the text with line breaks removed.
    keep = [i for i, ch in enumerate(r.text) if ch not in "\n\f"]
    compact = "".join(r.text[i] for i in keep)
    doc = nlp(compact)
    out: dict[str, Fact] = {}
    for span in doc.spans[SPAN_KEY]:
        if span.label_ != ITEM_LABEL:
            continue
        ids = span._.value if isinstance(span._.value, tuple) else (span.ent_id_,)
        start, end = keep[span.start_char], keep[span.end_char - 1] + 1
        fact = r.fact(span.text, start, end, span._.confidence or 1.0, span._.note or None)
        for item_id in ids:
            prev = out.get(item_id)
            if prev is None or len(str(prev.value)) < len(span.text):
                out[item_id] = fact
    return out


def _honour_name(r: DocReader, items: dict[str, Fact]) -> Fact | None:
    """The honour as printed: the longest catalog phrase found, without its rank (the rank is its own field)."""
    if not items:
        return None
    best = max(items.values(), key=lambda f: (len(str(f.value)), f.confidence))
    name = re.sub(r"\s*[特一二三]等奖$", "", str(best.value))
    if name[:1] in "“\"「":  # a quoted name (“上海标准”) loses its quotes; 企业标准“领跑者” keeps them
        name = name.strip("“”\"「」")
    return best.model_copy(update={"value": name})


def _level(r: DocReader, honour: Fact | None, policy, items: dict[str, Fact]) -> Fact | None:
    levels = {policy.item(i).level for i in items if policy.item(i).level}
    if len(levels) == 1:
        lv = levels.pop()
        return Fact(value=lv, confidence=honour.confidence if honour else 0.9, evidence=honour.evidence if honour else [])
    if honour is not None:
        found = find_levels(str(honour.value))
        if found:
            return Fact(value=found[0].value, confidence=honour.confidence, evidence=honour.evidence)
    return None


def _rank(r: DocReader) -> Fact | None:
    found = find_ranks(r.text)
    if not found:
        return None
    k = found[0]
    return r.fact(RANK_NAMES.get(k.value, k.text), k.start, k.end, k.confidence, k.note)


def _issuer_and_date(r: DocReader) -> tuple[Fact | None, Fact | None]:
    """The last date on the page and the issuing body on the line(s) just above it."""
    dates = [d for d in find_dates(r.text) if isinstance(d.value, date)]
    if not dates:
        return None, None
    d = dates[-1]
    date_fact = r.fact(d.value.isoformat(), d.start, d.end, d.confidence, d.note)
    before = r.text[:d.start].rstrip().split("\n")
    issuers = []
    for line in reversed(before[-3:]):
        line = line.strip()
        if re.fullmatch(rf"[\u4e00-\u9fff（）()]{{4,40}}(?:{ORG_SUFFIX}|小组|政府|总局|委员会|研究院|认证中心)", line):
            issuers.insert(0, line)
        else:
            break
    if not issuers:
        return None, date_fact
    text = "、".join(issuers)
    start = r.text.rfind(issuers[0], 0, d.start)
    return r.fact(text, start, start + len(text.replace("、", "\n"))), date_fact


def award_certificate(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    policy, items = ctx.policy, ctx.items
    rec, kind, employer = _recipient(r)
    out["recipient"] = rec
    out["recipient_kind"] = Fact(value=kind, confidence=rec.confidence, evidence=rec.evidence) if rec else None
    out["employer"] = employer
    honour = _honour_name(r, items)
    out["honour"] = honour
    out["level"] = _level(r, honour, policy, items)
    out["rank"] = _rank(r)
    years = find_years(r.text)
    out["year"] = r.fact(years[0].value, years[0].start, years[0].end) if years else None
    out["issuer"], out["date"] = _issuer_and_date(r)


def award_notice(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    policy, items, applicant_names = ctx.policy, ctx.items, ctx.applicant_names
    honour = _honour_name(r, items)
    out["honour"] = honour
    out["level"] = _level(r, honour, policy, items)
    out["issuer"], out["date"] = _issuer_and_date(r)
    out["applicant_row"] = None
    for ls, le, line in r.lines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) < 2:
            continue
        units = [c for c in cells if any(same_organization(c, n)[0] for n in applicant_names)]
        if not units:
            continue
        rank = next((RANK_NAMES.get(k.value, k.text) for c in cells for k in find_ranks(c)), None)
        codes = [c for c in cells if find_standard_codes(c)]
        names = [c for c in cells if c not in units and c not in codes and not find_ranks(c) and not c.isdigit()]
        project = " ".join(codes + names[:1]) or None
        out["applicant_row"] = r.fact({"rank": rank, "project": project, "units": units}, ls, le)
        break


def standard(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    codes = find_standard_codes(r.text)
    replaces = find_replaces(r.text)
    replaced = {c for rp in replaces for c in (rp.value if isinstance(rp.value, tuple) else (rp.value,))}
    own = [c for c in codes if c.value not in replaced and not c.value.startswith("GB/T 1.1")]
    if own:
        c = own[0]
        out["code"] = r.fact(c.value, c.start, c.end, c.confidence, c.note)
        # The title is the first line of CJK text after the code (and after a 代替 line).
        after = r.text[c.end:]
        m = re.search(r"\n(?!代\s*替)(?P<t>[\u4e00-\u9fff][^\n\t]{3,60})\n", after)
        out["title"] = r.fact(m.group("t").strip(), c.end + m.start("t"), c.end + m.end("t")) if m else None
    else:
        out["code"] = out["title"] = None
    m = re.search(r"(?P<d>\d{4}\s*[-－—]\s*\d{2}\s*[-－—]\s*\d{2})\s*发\s*布", r.text)
    if m:
        d = find_dates(m.group("d"))
        out["publish_date"] = r.fact(d[0].value.isoformat(), m.start("d"), m.end("d")) if d else None
    else:
        out["publish_date"] = None
    m = re.search(r"起草单位[:：]\s*(?P<u>[^。]+)。", r.text)
    if m:
        raw = m.group("u")
        units = [u.strip() for u in re.split(r"[、，,;；]", raw.replace("\n", "")) if u.strip()]
        out["drafting_units"] = r.fact(units, m.start("u"), m.end("u"))
    else:
        out["drafting_units"] = None
    if replaces:
        rp = replaces[0]
        v = rp.value[0] if isinstance(rp.value, tuple) else rp.value
        out["replaces"] = r.fact(v, rp.start, rp.end, rp.confidence, rp.note)
    else:
        out["replaces"] = None


CERT_KINDS = (("上海品牌", "上海品牌"), ("资质认定", "CMA"), ("CNAS", "CNAS"), ("认可证书", "CNAS"),
              ("节能产品", "节能产品"), ("低碳产品", "低碳产品"), ("绿色产品", "绿色产品"),
              ("测量管理体系", "测量管理体系"), ("能源管理体系", "能源管理体系"))


def certification(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    head = r.text[:200]
    kind = next(((k, v) for k, v in CERT_KINDS if k in head), None) or next(
        ((k, v) for k, v in CERT_KINDS if k in r.text), None)
    if kind:
        i = r.text.find(kind[0])
        out["kind"] = r.fact(kind[1], i, i + len(kind[0]))
    else:
        out["kind"] = None
    rec, _, _ = _recipient(r)
    out["holder"] = rec
    number = r.after("证书编号|注册号|编号", value=r"[A-Za-z0-9][A-Za-z0-9 \-]{4,30}[A-Za-z0-9]")
    out["number"] = number
    out["first_issue_date"] = _labelled_date(r, "首次发证日期|初次发证日期|首次认可日期|初次认可日期|首次获证日期")
    out["issue_date"] = (_labelled_date(r, "本次发证日期|换证日期|(?<![初首]次)(?:发证日期|颁发日期|认可日期|批准日期)")
                         or out["first_issue_date"])
    out["valid_until"] = _labelled_date(r, "有效期至|有效期")
    m = re.search(r"再认证|复评|换证|延续", r.text)
    if m:
        out["re_certification"] = r.fact(True, m.start(), m.end())
    else:
        m = re.search(r"初次认证|首次认证|首次认可|初次认可|首次发证", r.text)
        out["re_certification"] = r.fact(False, m.start(), m.end()) if m else None
    if out["first_issue_date"] is None and out["re_certification"] is not None and not out["re_certification"].value:
        out["first_issue_date"] = out["issue_date"]


def approval(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    policy, items = ctx.policy, ctx.items
    kinds = [("分技术委员会", "SC"), ("工作组", "WG"), ("技术委员会", "TC")]
    title = r.text[:300]
    sec = re.search(r"(?:国际|全国|上海市)[^\n，。]{0,40}?(?:分技术委员会|技术委员会|工作组)", r.text.replace("\n", ""))
    out["kind"] = None
    for word, code in kinds:
        if word in title.replace("\n", "") and "秘书处" in r.text:
            level = "国际" if "国际" in title else ("全国专业标准化技术委员会" if "全国" in title else "上海市标准化技术委员会")
            label = {"SC": "分技术委员会（SC）秘书处", "WG": "工作组（WG）", "TC": "（TC）秘书处"}[code]
            i = r.text.find(word)
            out["kind"] = r.fact(f"{level}{label}" if code != "TC" else f"{level}{label}", i, i + len(word))
            break
    if out["kind"] is None and items:
        best = max(items.values(), key=lambda f: len(str(f.value)))
        out["kind"] = best
    levels = {policy.item(i).level for i in items if policy.item(i).level}
    if "全国" in title or "国家" in title[:20]:
        lv = "national"
    elif "国际" in title:
        lv = "international"
    elif len(levels) == 1:
        lv = next(iter(levels))
    else:
        lv = None
    out["level"] = Fact(value=lv, evidence=out["kind"].evidence if out["kind"] else []) if lv else None
    issuer, d = _issuer_and_date(r)
    out["body"], out["date"] = issuer, d
    rec, _, _ = _recipient(r)
    out["holder"] = rec


def appointment(r: DocReader, out: dict[str, Fact], ctx: "Ctx") -> None:
    m = re.search(r"(首席质量官|标准化总监)", r.text)
    out["role"] = r.fact(m.group(1), m.start(), m.end()) if m else None
    out["person"] = r.after("姓名|兹聘任|兹聘请|聘任", value=r"[\u4e00-\u9fff·]{2,4}")
    m = re.search(ORG, r.text)
    out["employer"] = r.fact(m.group(), m.start(), m.end()) if m else None
    _, out["date"] = _issuer_and_date(r)
    out["training_certificate"] = r.after("培训合格证书编号|证书编号")


@dataclass
class Ctx:
    """What an extractor may need besides the text."""

    policy: object
    as_of: date
    items: dict[str, Fact]
    applicant_names: list[str]


EXTRACTORS: dict[str, Callable[[DocReader, dict[str, Fact | None], Ctx], None]] = {
    "business_licence": business_licence,
    "credit_report": credit_report,
    "id_card": id_card,
    "award_certificate": award_certificate,
    "award_notice": award_notice,
    "standard": standard,
    "certification": certification,
    "approval": approval,
    "appointment": appointment,
}
# Documents that name catalog items (award names, certification kinds): the phrase matcher runs on them only.
NAMES_ITEMS = ("award_certificate", "award_notice", "certification", "approval", "appointment")


def extract_facts(doc: DocumentText, policy, as_of: date, applicant_names: Iterable[str] = ()) -> DocumentFacts:
    r = DocReader(doc)
    items = _items(r, policy, as_of) if doc.type in NAMES_ITEMS else {}
    out: dict[str, Fact | None] = {}
    extractor = EXTRACTORS.get(doc.type)
    if extractor is not None:
        extractor(r, out, Ctx(policy=policy, as_of=as_of, items=items, applicant_names=list(applicant_names)))
    fields = {k: (v if v is not None else Fact(value=None, confidence=0.0)) for k, v in out.items()}
    return DocumentFacts(file=doc.file, pages=doc.pages, type=doc.type, fields=fields, items=items)
