"""Award certificates and award notices: the honour, its level and rank, who won it, who granted it, when.

The honour of a document comes from where honours are printed — a certificate's large type or its 奖励名称 field,
a notice's title, its decision sentence (授予……称号) or its annex heading — never from a phrase anywhere on the page
(a sentence about an earlier year's winners, an addressee line). Nomination and award are told apart by the row or
sentence the applicant is in.
"""

from __future__ import annotations

import re
import statistics
from functools import lru_cache
from pathlib import Path

from models.facts import Fact
from models.kinds import HonourNames
from pipeline.policy.yaml_strict import read_yaml
from pipeline.bodies import find_issuer
from pipeline.extract import geometry as geo
from pipeline.extract.fields import label_order, read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.table_rows import winner_rows
from pipeline.extract.roles import holder_on_page, looks_like_org, org_core
from pipeline.extract.values import RANK_NAMES, squash, year_brackets
from pipeline.extract.levels import find_levels, find_ranks
from pipeline.extract.dates import find_years

_RANK_TAIL = re.compile(r"[（(]?(?:特等奖|一等奖|二等奖|三等奖|提名奖)?[）)]?$")
_YEAR_HEAD = re.compile(r"^(?:\d{0,4}\s*年度|\d{1,4}\s*年|[二〇○零一三四五六七八九]{4}年度?)")
# How an honour's name ends (a line that ends so is not continued on the next one).
_HONOUR_END = re.compile(r"(?:奖|称号|”|企业|示范区|成果|实践|领跑者|奖章|先进|单位|个人)[）)]?$")
_HONOUR_WORDS = re.compile(r"奖|称号|领跑者|最佳实践|示范区|“[^”]{2,12}”|标志性项目|先进|优秀|专精特新|奖章")


NAMES_FILE = Path(__file__).resolve().parents[1] / "honour_names.yaml"


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    """Printed form → canonical name (honour_names.yaml), read by the strict loader."""
    data = HonourNames.model_validate(read_yaml(NAMES_FILE))
    return {f: name for name, forms in data.names.items() for f in forms}


def canonical_honour(fact: Fact | None) -> Fact | None:
    """The honour under its canonical name where it was printed in another form, with a note saying so."""
    if fact is None or not isinstance(fact.value, str):
        return fact
    printed = fact.value.replace("(", "（").replace(")", "）")
    name = _forms().get(printed)
    if name is None or name == fact.value:
        return fact
    return fact.model_copy(update={"value": name, "note": f"原件印作“{fact.value}”，按规范名称记为“{name}”"})


def clean_honour(text: str) -> str:
    t = squash(text).strip("：:，,。 \t")
    # "授予 XX有限公司 2025年度…": the recipient's name before the honour is not part of it.
    t = re.sub(r"^(?:授予)?[\u4e00-\u9fff（）()]{4,40}?(?:有限公司|有限责任公司|研究院|研究所|中心)(?=\d|[二〇上中金全国])", "", t)
    t = re.sub(r"^(?:关于)?(?:公布|授予|表彰|命名)?(?:荣获|获得|授予|被评为|评为|获评|荣膺|入选)?", "", t)
    t = _YEAR_HEAD.sub("", t)
    # A quoted honour with 荣誉/称号 after it: the quotes mark the name («“…个人奖”荣誉», «“…推进者”荣誉称号»); a
    # quoted name alone that is the honour itself (“上海标准”) keeps them. (Read before the 称号 ending goes.)
    t = re.sub(r"“([^”’]+)’", r"“\1”", t)  # OCR's ’ for the closing ” of a quoted honour
    m = re.fullmatch(r"“(?P<h>[^”]+)”(?P<s>荣誉称号|荣誉|称号)?", t)
    if m and (m.group("s") or re.search(r"奖|奖章|企业|示范区|成果$", m.group("h"))):
        t = m.group("h")
    t = re.sub(r"(?:获奖名单|获奖项目名单|名单|称号|荣誉称号|荣誉|证书)$", "", t)
    t = re.sub(r"(示范区|示范点|试点)命名$", r"\1", t)
    if not re.search(r"提名奖$", t):
        t = re.sub(r"(?<=奖)(?:特等奖|一等奖|二等奖|三等奖)$", "", t)
    return t.strip("：:，,。 \t")


def _big_rows(r, page: int | None = None):
    rows = [x for x in r.rows if page is None or x.page == page]
    if not rows:
        return []
    hs = [statistics.median(s.bbox[3] - s.bbox[1] for s in x.spans) for x in rows]
    body = statistics.median(hs)
    return [(x, h) for x, h in zip(rows, hs) if h >= 1.2 * body]


def _honour_tail(line: str) -> bool:
    """A name that ends in 奖 may still go on: the next line ends the sentence with a short category or rank
    (…创新贡献奖 / 标准项目奖二等奖。), and the sentence had not ended before it."""
    m = re.match(r"(?P<t>[^。，,；;！!]{1,12})[。！!]", line)
    return bool(m) and bool(re.search(r"奖[）)]?$", m.group("t"))) and not looks_like_org(m.group("t"))


def _certificate_honour(r, kind) -> Fact | None:
    labelled = read_field(r, kind, "honour")
    if labelled is not None:
        return labelled.model_copy(update={"value": clean_honour(str(labelled.value))})
    # "荣获 / 授予 / 被评为 …" then the honour, on its line and the next one or two while it has not ended.
    trigger = re.compile(r"(?:荣获|被评为|评为|获评|荣膺|获得|授予(?:你单位|贵单位|[^。，]{0,30}?))")
    for i, row in enumerate(r.rows):
        t = squash(row.text.replace("\t", ""))
        m, after, spans = trigger.search(t), i + 1, list(row.spans)
        if not m and i + 1 < len(r.rows) and r.rows[i + 1].page == row.page:
            # the verb broken over the line's end (…经评审，被授 / 予2024年度…)
            joined = t + squash(r.rows[i + 1].text.replace("\t", ""))
            m = trigger.search(joined)
            if m is None or not m.start() < len(t) < m.end():
                continue
            t, after, spans = joined, i + 2, spans + list(r.rows[i + 1].spans)
        if not m:
            continue
        h = t[m.end():]
        # the verb ends its line ("被评为：", "兹授予"): what follows stands on lines of its own
        own_lines = not h.strip("：: ")
        h = "" if own_lines else h
        taken, closing = 0, False
        for nxt in r.rows[after:after + 5]:
            if re.search(r"[。，,；;！!]", h) or nxt.page != row.page or taken == 2:
                break
            more = squash(nxt.text.replace("\t", ""))
            if not re.search(r"[\u4e00-\u9fff]", more):
                continue  # a bilingual certificate's English line (This is to certify that …)
            if own_lines and not h and looks_like_org(more):
                continue  # 兹授予 / the holder on its own line / then the honour
            if re.match(r"特发此证|特颁此证|以资鼓励", more):
                closing = True
                break
            if _HONOUR_END.search(h) and not _honour_tail(more):
                break
            h += more
            spans += nxt.spans
            taken += 1
        printed = h = re.split(r"[。，,；;！!]|特发此证|特颁此证|以资鼓励|证书编号", h)[0]
        h = re.sub(r"称号$", "", h)  # (称号 alone is no honour word; clean_honour reads the quotes before it)
        # words of praise mark a sentence, not an honour — unless they stand in the honour's bracketed qualifier
        # (…贡献奖（标准化突出贡献个人）)
        praise = re.sub(r"[（(][^（）()]*[)）]", "", h)
        # An honour without the usual words (全国质量信得过班组) is still one where it stands alone between the verb
        # that ends its line and the certificate's closing formula.
        alone = own_lines and closing and taken == 1 and 4 <= len(h) <= 30
        if len(h) >= 3 and (_HONOUR_WORDS.search(h) or alone) and not looks_like_org(h) and \
                not re.search(r"成绩|工作中|突出|显著", praise):
            return r.fact_spans(clean_honour(printed), spans)
    # The largest type that names an honour (not the word 荣誉证书 itself, not the holder); an honour set in large
    # type over two lines is read as one.
    big = _big_rows(r)
    for k, (row, _h) in sorted(enumerate(big), key=lambda t: -t[1][1]):
        t = squash(row.text.replace("\t", ""))
        if re.fullmatch(r"(?:荣誉|获奖)?证书|奖牌|荣誉|奖状", t) or looks_like_org(t):
            continue
        spans = list(row.spans)
        if k + 1 < len(big) and not _HONOUR_END.search(t):
            nxt, nh = big[k + 1]
            if abs(nh - _h) < 0.3 * _h and nxt.top - row.bottom < 1.2 * _h:
                t += squash(nxt.text.replace("\t", ""))
                spans += nxt.spans
        if _HONOUR_WORDS.search(t):
            return r.fact_spans(clean_honour(t), spans)
    return _under_title(r)


def _under_title(r) -> Fact | None:
    """An honour on a line of its own centred under the certificate's title (证书 / 2024年度…贡献奖标准项目奖),
    set little larger than the body, without label or verb."""
    first = [x for x in r.rows if x.page == r.rows[0].page] if r.rows else []
    if len(first) < 3:
        return None
    title = max(first[:6], key=lambda x: x.bottom - x.top)
    h = title.bottom - title.top
    mid = (min(s.bbox[0] for s in title.spans) + max(s.bbox[2] for s in title.spans)) / 2
    k = first.index(title)
    for row in first[k + 1:k + 3]:
        t = squash(row.text.replace("\t", ""))
        x0, x1 = min(s.bbox[0] for s in row.spans), max(s.bbox[2] for s in row.spans)
        if re.search(r"[:：]", t) or abs((x0 + x1) / 2 - mid) > 0.8 * h or row.top - title.bottom > 4 * h:
            continue
        if _HONOUR_WORDS.search(t) and _HONOUR_END.search(t) and not looks_like_org(t):
            return r.fact_spans(clean_honour(t), row.spans)
    return None


def _level(r, honour: Fact | None, issuer: Fact | None, ctx) -> Fact | None:
    text = str(honour.value) if honour else ""
    if text.startswith(("中国", "全国", "国家")):
        lv = "national"
    elif text.startswith(("上海市", "上海", "市级")):
        lv = "municipal"
    elif text.startswith(("金山区", "区级", "金山")):
        lv = "district"
    else:
        lv = None
        found = find_levels(text)
        if found:
            lv = found[0].value
    if lv is None and issuer is not None:
        b = find_issuer(str(issuer.value).split("、")[0])
        lv = b.level if b else None
    if lv is None:
        return None
    return Fact(value=lv, confidence=honour.confidence if honour else 0.8,
                evidence=(honour.evidence if honour else []) + (issuer.evidence if issuer else []))


def _rank(r, kind) -> Fact | None:
    f = read_field(r, kind, "rank")
    if f is not None:
        return f
    found = find_ranks(r.text)
    if not found:
        return None
    k = found[0]
    return r.fact(RANK_NAMES.get(k.value, k.text), k.start, k.end, k.confidence, k.note)


def _year(r, date_fact: Fact | None) -> Fact | None:
    ys = find_years(r.text)
    if ys:
        return r.fact(int(ys[0].value), ys[0].start, ys[0].end)
    m = re.search(r"((?:19|20)\d{2})\s*年", r.text)
    if m:
        return r.fact(int(m.group(1)), m.start(1), m.end(1))
    if date_fact is not None and date_fact.value:
        return date_fact.model_copy(update={"value": int(str(date_fact.value)[:4])})
    return None


def read_certificate(r, kind, out: dict, ctx) -> None:
    issuers, date = common.signature(r)
    out["date"] = out.get("date") or date
    out["issuer"] = common.bodies_fact(r, issuers) if issuers else None
    labelled = read_field(r, kind, "recipient")
    holder = holder_on_page(r, labelled, title_row=0, stop_row=_signature_row(r, issuers))
    out["recipient"] = holder.fact if holder else None
    out["recipient_kind"] = Fact(value=holder.kind, evidence=holder.fact.evidence) if holder else None
    employer = holder.employer if holder else None
    if holder is not None and holder.kind == "individual" and employer is None:
        employer = read_field(r, kind, "employer")
    if holder is not None and holder.kind == "individual" and employer is None:
        # "汪宇刚同志系上海……有限公司标准化工程师": the employer in the sentence about the person.
        m = re.search(r"(?:同志)?(?:系|是|任职于|现任)(?P<e>[\u4e00-\u9fff（）()]{4,40}?(?:有限公司|有限责任公司|研究院|研究所|"
                      r"检测中心|大学))", r.compact)
        if m and looks_like_org(m.group("e")):
            employer = r.compact_fact(org_core(m.group("e")), m.start("e"), m.end("e"))
    out["employer"] = employer
    honour = _certificate_honour(r, kind)
    if honour is not None and holder is not None and holder.kind == "individual" and "个人" not in str(honour.value) \
            and re.search(r"市长质量奖|区长质量奖|中国质量奖", str(honour.value)):
        honour = honour.model_copy(update={"value": f"{honour.value}（个人）"})
    out["honour"] = honour = canonical_honour(honour)
    out["level"] = _level(r, honour, out["issuer"], ctx)
    out["rank"] = None if honour is not None and "提名奖" in str(honour.value) else _rank(r, kind)
    out["year"] = _year(r, out["date"])
    if out.get("cert_no") is None:
        out["cert_no"] = _unlabelled_number(r)
    out["co_units"] = units = _completing_units(r, kind)
    if units is not None and labelled is None:
        # A project certificate names its units after their label; the first is the one it is made out to.
        first = units.model_copy(update={"value": units.value[0], "note": None})
        out["recipient"] = first
        out["recipient_kind"] = Fact(value="organization", evidence=first.evidence)


_ITEM_NO = re.compile(r"^(?:[（(]?\d{1,2}[)）.．、·]|[①-⑩])\s*")


def _completing_units(r, kind) -> Fact | None:
    """The completing units a certificate lists after their label (完成单位：): on the label's line separated by
    、, wrapping on under it, or one to a line under it (numbered or not). Two units at least; each a name."""
    others = tuple(lb for n, s in kind.fields.items() if n != "co_units" for lb in s.labels)
    for lb in label_order(kind.fields["co_units"].labels):
        for i, m in geo.find_label(r.rows, lb):
            row = r.rows[i]
            lab = row.spans[row.span_at(m.start())]
            h = geo.span_height(lab)
            text = re.sub(r"^[\s\u3000\t]*[:：]?", "", row.text[m.end():].replace("\t", ""))
            spans = [s for s in row.spans if s.bbox[0] >= lab.bbox[0]]
            last = row
            for nxt in r.rows[i + 1:i + 12]:
                line = squash(nxt.text.replace("\t", ""))
                x0 = min(s.bbox[0] for s in nxt.spans)
                if nxt.page != row.page or nxt.top - last.bottom > 1.5 * h or x0 < lab.bbox[0] - h or \
                        any(geo.label_at(nxt, k, others) for k in range(len(nxt.spans))):
                    break
                numbered = bool(_ITEM_NO.match(line))
                item = _ITEM_NO.sub("", line)
                head = re.split(r"[、，,；;]", item)[0]
                tail = text.split("、")[-1]  # the last unit so far, "" after a closing 、
                ended = looks_like_org(tail)
                if not (numbered or looks_like_org(head) or looks_like_org(tail + head) or (tail and not ended)):
                    break
                # a new line starts a new unit where it is numbered or the line before ended a name
                if tail and (numbered or ended):
                    text += "、"
                text += item
                spans += list(nxt.spans)
                last = nxt
            units = [squash(u) for u in re.split(r"[、，,；;]", text) if u.strip()]
            if len(units) >= 2 and all(looks_like_org(u) for u in units):
                return r.fact_spans([org_core(u) for u in units], spans)
    return None


def _signature_row(r, issuers) -> int | None:
    if not issuers:
        return None
    first = issuers[0][1][0]
    return next((i for i, row in enumerate(r.rows) if first in row.spans), None)


def _unlabelled_number(r) -> Fact | None:
    """A certificate number printed on its own line without a label (沪府质奖2024-03, No.123456)."""
    for row in reversed(r.rows):
        t = squash(row.text.replace("\t", ""))
        m = re.fullmatch(r"(?:No\.?|NO\.?|编号)?[:：]?\s*(?P<v>[\u4e00-\u9fff]{0,6}[A-Za-z]*[-－—]?\d{2,}[0-9A-Za-z\-－—]*)", t)
        if m and not re.fullmatch(r"\d{4}[-－—]\d{1,2}[-－—]\d{1,2}", m.group("v")) and len(m.group("v")) >= 6:
            return r.fact_spans(m.group("v"), row.spans)
        if common.DOC_NO.fullmatch(t):  # a number in the form of a 文号 (沪府质奖〔2024〕64号)
            return r.fact_spans(year_brackets(t), row.spans)
    return None


# ---------------------------------------------------------------- notices
# …“领跑者”认定的决定: the act (认定, 评定, 评选) is not part of the honour's name
_TITLE_HONOUR = re.compile(r"(?:公布|授予|表彰|命名|认定|确定|公示|关于)(?P<h>.+?)(?:认定|评定|评选|授奖)?(?:获奖名单|获奖项目|获奖单位|获得者|入选名单|"
                           r"名单|授奖的决定|评审结果|的通知|的决定|的公告)")


def _notice_honour(r, title: Fact | None) -> Fact | None:
    cands: list[tuple[str, Fact]] = []
    if title is not None:
        m = _TITLE_HONOUR.search(str(title.value))
        if m:
            cands.append((clean_honour(m.group("h")), title))
    for row in r.rows:
        t = squash(row.text.replace("\t", ""))
        m = re.fullmatch(r"(?:附件\d?[:：]?)?(?P<h>.{4,40}?)(?:获奖名单|获奖项目名单|名单)", t)
        if m and _HONOUR_WORDS.search(m.group("h")):
            cands.append((clean_honour(m.group("h")), r.fact_spans(clean_honour(m.group("h")), row.spans)))
    compact = r.compact
    m = re.search(r"授予(?:[^。]{0,80}?)(?P<h>“[^”]{2,20}”(?:称号)?|[\u4e00-\u9fff“”]{4,30}?(?:奖|称号))", compact)
    if m:
        h = clean_honour(m.group("h"))
        cands.append((h, r.compact_fact(h, m.start("h"), m.end("h"), 0.9)))
    # The decision sentence: 决定对2023年度上海市标准创新贡献奖标准项目奖获奖项目予以公布.
    m = re.search(r"决定对(?P<h>[^。，]{4,50}?)(?:获奖项目|获奖单位|获得者|项目)?予以(?:公布|表彰)", compact)
    if m:
        h = clean_honour(m.group("h"))
        if _HONOUR_WORDS.search(h):
            cands.append((h, r.compact_fact(h, m.start("h"), m.end("h"), 0.9)))
    if not cands:
        return None
    # The most specific name: one that extends the others (上海市标准创新贡献奖 → …标准项目奖).
    best_name, best = max(cands, key=lambda c: (sum(1 for o, _ in cands if o and o in c[0]), len(c[0])))
    return best.model_copy(update={"value": best_name})


def read_notice(r, kind, out: dict, ctx) -> None:
    out["title"] = common.title(r, kind.title_cues + ("关于",))
    out["honour"] = canonical_honour(_notice_honour(r, out["title"]))
    # a printed 发文机关 / 成文日期 (a web page's information grid) wins over the signature block
    out["issuer"] = read_field(r, kind, "issuer") or common.issuer(r, out["title"])
    out["date"] = read_field(r, kind, "date") or common.signature_date(r)
    out["doc_no"] = common.doc_no(r)
    out["level"] = _level(r, out["honour"], out["issuer"], ctx)
    found, n_rows = winner_rows(r, ctx.applicant_names)
    if n_rows == 0:
        out["units"] = Fact(value=[], confidence=0.5, note="未能读出获奖名单（表格、编号列表或授予语句）")
    else:
        out["units"] = Fact(value=[x.value for x in found], evidence=[e for x in found for e in x.evidence],
                            note=f"获奖名单共读出 {n_rows} 项")
