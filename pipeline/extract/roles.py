"""Who stands on an honour document in which role: holder, recipient, completing unit, employer, issuer, addressee.

Roles come from position and from the registry of issuing bodies, not from the first organisation name on the page:
- the issuer is the body of the signature block (near the seal and the date) or of the title line, and a name that
  is a registered issuer (or has the form of a government authority) is never the holder;
- the addressee line of a notice (各有关单位：) is not its subject;
- the holder is the value of a holder label (获奖单位：, 获证组织：), the addressee line of a certificate (XX公司：,
  XXX同志：), or the organisation name standing on its own between the title and the signature block (centred
  names, names broken over two lines at arbitrary points).

`locate(r, name)` answers the applicant-anchored question: where does this party appear, in what role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.facts import Fact
from models.vocab import PartyRole
from pipeline.bodies import is_issuer
from pipeline.extract.fuzzy import same_organization
from pipeline.extract.geometry import Row
from pipeline.extract.reader import DocReader
from pipeline.extract.values import ORG_SUFFIXES, PERSON_NAME, squash

_SUB_UNIT = re.compile(r"(?:检测中心|检验中心|实验室|分公司|研究院|研究所|技术中心|计量站|分厂|事业部|测试中心)$")
# Words of sentences and labels, never of an organisation's name (标准 is: 上海市标准化研究院).
_NOT_NAME = re.compile(r"证书|编号|日期|有效期|地址|范围|依据|兹证明|特发此证|特颁此证|荣获|授予|获得|各有关|"
                       r"经审查|经评审|特此|关于|根据|符合|本证书|[，。；：:]")
_HOLDER_INTRO = re.compile(r"^(?:兹授予|授予|兹证明|兹认定|兹聘请|兹聘任|经审核|经评定)[:：]?")


def org_core(name: str) -> str:
    return squash(name).strip("：:，,。 \t")


def looks_like_org(text: str) -> bool:
    t = org_core(text)
    # a place in brackets after the name's ending (…检测中心（上海）) is still the name
    bare = re.sub(r"[（(][\u4e00-\u9fff]{2,6}[)）]$", "", t)
    return 4 <= len(t) <= 45 and bare.endswith(ORG_SUFFIXES) and not _NOT_NAME.search(t) and \
        bool(re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()·“”\-]+", t))


def is_sub_unit(name: str, of: str) -> bool:
    """…检测中心 / …实验室 / …分公司 of the applicant: the name starts with the applicant's name (or its core)."""
    n, o = org_core(name), org_core(of)
    if not _SUB_UNIT.search(n) or n == o:
        return False
    core = re.sub(r"(?:股份有限公司|有限责任公司|有限公司|集团)$", "", o)
    return n.startswith(core) and len(core) >= 4


def _title_words() -> set[str]:
    """Every kind's title cues (荣誉证书, 奖状, 聘书 …): a line that is one of them does not begin a name."""
    from pipeline.kinds import kinds

    return {t for k in kinds().values() for t in k.title_cues}


def _joined_names(rows: list[Row], start: int, end: int) -> list[tuple[str, list, int]]:
    """Organisation names standing on a line of their own, or broken over two consecutive lines."""
    out = []
    i = start
    while i < end:
        row = rows[i]
        text = org_core(row.text.replace("\t", ""))
        if looks_like_org(text) and len(row.spans) <= 2:
            out.append((text, row.spans, i))
            i += 1
            continue
        if i + 1 < end and rows[i + 1].page == row.page and len(row.spans) == 1 and len(rows[i + 1].spans) == 1:
            joined = org_core(text + rows[i + 1].text)
            if looks_like_org(joined) and not looks_like_org(text) and text not in _title_words() and \
                    re.fullmatch(r"[\u4e00-\u9fff（）()·]+", text):
                out.append((joined, row.spans + rows[i + 1].spans, i))
                i += 2
                continue
        i += 1
    return out


@dataclass
class Holder:
    fact: Fact
    kind: str  # organization | individual
    employer: Fact | None = None


_PERSON_LINE = re.compile(r"^(?:(?P<pre>[\u4e00-\u9fff（）()]{4,40}?)\s*)?(?P<n>[\u4e00-\u9fff]{1,2}\s?[\u4e00-\u9fff]{1,2}"
                          r"(?:\s?[\u4e00-\u9fff])?)\s*同\s*志\s*[:：]?$")


def person_holder(r: DocReader) -> Holder | None:
    """XXX同志 with the employer on a labelled line above, in brackets below, or before the name on the line."""
    for i, row in enumerate(r.rows):
        t = row.text.replace("\t", " ").strip()
        # The employer before the name, set apart by a space (上海铂岚环境检测技术有限公司 管婉婷 同志：) or glued to
        # it with the addressee's colon (上海沐辰机器人有限公司薛浩然：).
        m = re.match(r"^(?P<pre>[\u4e00-\u9fff（）()]{4,40})\s+(?P<n>[\u4e00-\u9fff]{2,4})\s*同\s*志\s*[:：]?$", t) or \
            re.match(r"^(?P<pre>[\u4e00-\u9fff（）()]{4,40}?(?:有限公司|有限责任公司|研究院|研究所|中心))"
                     r"(?P<n>[\u4e00-\u9fff]{2,3})\s*(?:同\s*志)?\s*[:：]$", t)
        if m is None or not looks_like_org(m.group("pre")):
            m = _PERSON_LINE.match(t)
        if not m:
            continue
        name = squash(m.group("n"))
        fact = r.fact_spans(name, row.spans)
        employer = None
        pre = m.group("pre")
        if pre and looks_like_org(pre):
            employer = r.fact_spans(org_core(pre), row.spans)
        for j in (i - 1, i + 1, i - 2):
            if employer is not None or not 0 <= j < len(r.rows):
                continue
            other = squash(r.rows[j].text.replace("\t", ""))
            # 曹涛红同志系上海…有限公司 (the sentence about the person wrapped after the name of the employer)
            other = re.sub(r"^[\u4e00-\u9fff]{2,4}同志(?:系|是|任职于|现任)", "", other)
            mm = re.fullmatch(r"(?:(?:所在|工作)?单位[:：]?)?[（(]?(?P<e>[\u4e00-\u9fff（）()·]{4,40}?)[)）]?", other)
            if mm and looks_like_org(mm.group("e")) and not is_issuer(mm.group("e")):
                employer = r.fact_spans(org_core(mm.group("e")), r.rows[j].spans)
        return Holder(fact, "individual", employer)
    return None


def holder_on_page(r: DocReader, labelled: Fact | None, title_row: int = 0, stop_row: int | None = None
                   ) -> Holder | None:
    """The holder of a certificate: its labelled value, its addressee line, or the name standing on its own."""
    if labelled is not None and not is_issuer(str(labelled.value)):
        v = _HOLDER_INTRO.sub("", str(labelled.value))
        if not looks_like_org(v) and PERSON_NAME.fullmatch(squash(v)):
            # a person's name after its label (姓名：蒋敏强), not an organisation's
            return Holder(labelled.model_copy(update={"value": squash(v)}), "individual")
        return Holder(labelled.model_copy(update={"value": org_core(v)}), "organization")
    person = person_holder(r)
    if person is not None:
        return person
    stop = len(r.rows) if stop_row is None else stop_row
    for text, spans, _ in _joined_names(r.rows, title_row, stop):
        text = _HOLDER_INTRO.sub("", text)
        if is_issuer(text):
            continue
        return Holder(r.fact_spans(text, spans), "organization")
    # "兹授予 XX公司 …" inside a sentence.
    m = re.search(r"(?:兹授予|授予|兹证明)\s*(?P<v>[\u4e00-\u9fff（）()·]{4,40}?(?:有限公司|股份有限公司|有限责任公司|"
                  r"研究院|研究所|中心|协会|学会))", r.text.replace("\n", ""))
    if m and not is_issuer(m.group("v")):
        return Holder(Fact(value=m.group("v"), confidence=0.8), "organization")
    return None


@dataclass
class Appearance:
    role: PartyRole
    text: str
    evidence: list
    similarity: float
    sub_unit: bool = False


def locate(r: DocReader, name: str) -> list[Appearance]:
    """Every place the party appears on the document (OCR-tolerantly, across line breaks), with its role
    guessed from the line's words; a sub-unit of the party (its laboratory, its branch) is marked as such."""
    out = []
    compact = r.text.replace("\n", "")
    for row_i, row in enumerate(r.rows):
        for cell in row.text.split("\t"):
            c = org_core(cell)
            if len(c) < 4:
                continue
            for piece in re.split(r"[、，,；;]", c):
                same, score = same_organization(piece, name) if looks_like_org(piece) else (False, 0)
                sub = is_sub_unit(piece, name)
                if same or sub:
                    role = PartyRole.ISSUER if is_issuer(piece) else PartyRole.MENTIONED
                    out.append(Appearance(role, piece, row.spans, score / 100.0, sub))
    if not out and org_core(name) in compact:
        out.append(Appearance(PartyRole.MENTIONED, org_core(name), [], 1.0))
    return out
