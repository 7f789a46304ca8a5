"""Standards (cover + foreword): the code, the title, the dates, the issuers, the drafting units, what it replaces.

The cover carries the code (with 代替 lines under it), the title on the next lines, the 发布/实施 dates and the
issuing bodies above 发布; the foreword names the drafting units ("本文件起草单位：A、B、C。", then "参加起草单位："),
in order, the first leading. Older standards say 本标准 and may name the replaced code only in the foreword.
"""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.extract.codes import decode_private_font, find_replaces, find_standard_codes, own_code
from pipeline.extract.dates import find_dates
from pipeline.extract.readers.common import is_org_line
from pipeline.extract.roles import looks_like_org
from pipeline.kinds import kind
from pipeline.extract.values import iso, squash

LEVELS = {"national": "national", "industry": "industry", "local": "local", "group": "group",
          "international": "international", "foreign": "foreign"}


def _norm_code(value: str) -> str:
    # The year dash of Chinese codes is written —; construction (DG/TJ 08-2093-2019) and international codes
    # (ISO 14644-1:2015) keep their hyphens.
    if re.match(r"DG/TJ|DGJ|DBJ|ISO|IEC|ITU|IEEE|ASTM", value):
        return value
    return re.sub(r"\s*[-－—]\s*", "—", value)


def _units(text: str) -> list[str]:
    return [u for x in re.split(r"[、，,；;]", text) for u in _split_and(squash(x).strip("。，,；; ")) if len(u) >= 2]


def _split_and(piece: str) -> list[str]:
    """"A和B" / "A及B" ending a list: cut at the 和 / 及 only where both sides are names, so that a name holding
    the word (上海市质量和标准化研究院) stays whole."""
    for m in re.finditer(r"以及|和|及|与", piece):
        a, b = piece[:m.start()], piece[m.end():]
        if looks_like_org(a) and looks_like_org(b):
            return [a, *_split_and(b)]
    return [piece]


# The foreword's sentence whose predicate is drafting: 本文件由A牵头，B、C参与起草 / 由A、B共同起草 /
# 本标准由A负责起草; the words around the names (牵头, 参与, 共同 …) are cut off them.
# A sentence that opens again (本文件由…提出 / 本文件由A、B起草: OCR lost the first one's 。) ends the one before.
_DRAFTED_BY = re.compile(r"(?:本文件|本标准|本规范)由(?P<u>(?:(?!本文件|本标准|本规范)[^。]){4,600}?)"
                         r"(?:共同|联合|负责|参与|参加|组织)?起草[。，；]")
_ROLE_WORDS = re.compile(r"(?:牵头|主持|负责|共同|联合|参与|参加|协助|等单位|等)+$")


def read(r, kind, out: dict, ctx) -> None:
    text = r.text
    codes = find_standard_codes(text)
    # The own code first (never one of those it replaces, even when reading order puts it inside a wrapped
    # 代替 list), then every 代替 list with the own code stepped over.
    c = own_code(text, codes)
    replaces = find_replaces(text, c)
    out["code"] = out["code_as_printed"] = out["title"] = out["level"] = None
    if c is not None:
        out["code"] = r.fact(_norm_code(c.value), c.start, c.end, c.confidence, c.note)
        out["code_as_printed"] = r.fact(squash(decode_private_font(c.text)[0]), c.start, c.end)
        out["level"] = Fact(value=LEVELS.get(c.category, c.category), evidence=out["code"].evidence)
        out["title"] = _title(r, c.end)
    # Replaced codes: every 代替 line on the cover, and in the foreword "本文件代替 X" / "本标准代替 X".
    rep: list[str] = []
    for rp in replaces:
        for v in (rp.value if isinstance(rp.value, tuple) else (rp.value,)):
            v = _norm_code(v)
            if v not in rep and (out["code"] is None or v != out["code"].value):
                rep.append(v)
    out["replaces"] = Fact(value=rep, evidence=r.evidence(replaces[0].start, replaces[0].end) if replaces else [])
    for name, word in (("publish_date", "发布"), ("implement_date", "实施")):
        # 2025-07-22 发布, and the same date written 2025年7月22日发布
        m = re.search(rf"(?P<d>(?:19|20)\d{{2}}\s*(?:[-－—.]\s*\d{{1,2}}\s*[-－—.]\s*\d{{1,2}}|年\s*\d{{1,2}}\s*月\s*"
                      rf"\d{{1,2}}\s*日))\s*{word}", text)
        d = find_dates(m.group("d")) if m else []
        out[name] = r.fact(iso(d[0].value), m.start("d"), m.end("d")) if d else None
    out["issuer"] = _issuer(r)
    out["drafting_units"] = _drafting_units(r)


def _title(r, after: int) -> Fact | None:
    """The lines of CJK text after the code (and its 代替 lines), up to the English title or the dates."""
    rest = r.text[after:]
    lines = []
    pos = after
    rest = rest.split("\f")[0]  # the title is on the cover
    for m in re.finditer(r"[^\n]+", rest):
        line = m.group().strip()
        start = after + m.start()
        if not line or re.match(r"代\s*替|ICS|CCS|前\s*言|目\s*次", line) or find_standard_codes(line):
            if lines:
                break
            continue
        if re.search(r"[\u4e00-\u9fff]", line) and not re.search(r"发\s*布|实\s*施|\d{4}\s*[-－—]", line) \
                and not is_org_line(line.replace("\t", "")):
            if not lines:
                pos = start
            lines.append(line.replace("\t", " "))
            if len(lines) == 2:
                break
            continue
        if lines:
            break
    if not lines:
        return None
    # A title keeps one space between its parts (医用透析纸 通用要求); a title wrapped over two lines is joined.
    text = re.sub(r"\s+", " ", "".join(lines) if len(lines) == 2 else lines[0]).strip()
    return r.fact(text, pos, pos + len(lines[0]))


def _issuer(r) -> Fact | None:
    """The bodies over 发布 at the foot of the cover: on the 发布 line (上海市市场监督管理局 发布), or on the lines
    around a lone 发布 (two bodies stacked with 发布 between them)."""
    cover = [x for x in r.rows if x.page == r.rows[0].page] if r.rows else []
    for i, row in enumerate(cover):
        t = row.text.replace("\t", " ").strip()
        m = re.fullmatch(r"(?P<v>[\u4e00-\u9fff\s（）()]{4,80}?)\s*发\s*布", t)
        if m and not re.search(r"\d", t):
            names = [squash(x) for x in re.split(r"\s{1,}|、", m.group("v").strip()) if len(squash(x)) >= 4]
            if names:
                above, below = _stacked(cover, i, -1), _stacked(cover, i, 1)
                spans = [s for x in above for s in x.spans] + list(row.spans) + [s for x in below for s in x.spans]
                names = [squash(x.text.replace("\t", "")) for x in above] + names + \
                    [squash(x.text.replace("\t", "")) for x in below]
                return r.fact_spans("、".join(names), spans)
        if re.fullmatch(r"发\s*布", squash(t)):
            around = [x for x in cover[max(0, i - 2):i + 3] if x is not row]
            names = [(squash(x.text.replace("\t", "")), x.spans) for x in around if is_org_line(x.text.replace("\t", ""))]
            if names:
                return r.fact_spans("、".join(n for n, _ in names), [s for _, ss in names for s in ss])
    return None


def _stacked(cover, i: int, step: int) -> list:
    """The bodies stacked above (step −1) or below (+1) the one on the 发布 line, flush with it: a 发布 centred
    beside two stacked bodies shares a line with one of them."""
    left = cover[i].spans[0].bbox[0]
    height = cover[i].spans[0].bbox[3] - cover[i].spans[0].bbox[1]
    out = []
    for j in range(i + step, i + 3 * step, step):
        if not 0 <= j < len(cover):
            break
        x = cover[j]
        t = x.text.replace("\t", "")
        if not is_org_line(t) or abs(x.spans[0].bbox[0] - left) > height or re.search(r"发\s*布", t):
            break
        out.append(x)
    return out[::-1] if step < 0 else out


def _drafting_units(r) -> Fact | None:
    text = r.compact
    units: list[str] = []
    first = last = None
    labels = "|".join(sorted(kind("standard").fields["drafting_units"].labels, key=len, reverse=True))
    # 本文件起草单位：A、B。 and, in a sentence, 本文件起草单位为A、B及C。
    for m in re.finditer(rf"(?P<l>{labels})(?:[:：]|为)\s*(?P<u>[^。]+)。", text):
        for u in _units(m.group("u")):
            if u not in units:
                units.append(u)
        first = m.start("u") if first is None else first
        last = m.end("u")
    if not units:
        for m in _DRAFTED_BY.finditer(text):
            for piece in re.split(r"[、，,；;]", m.group("u")):
                for u in _split_and(_ROLE_WORDS.sub("", squash(piece))):
                    if looks_like_org(u) and u not in units:
                        units.append(u)
            if units:
                first, last = m.start("u"), m.end("u")
                break
    if not units:
        return _units_column(r, kind("standard").fields["drafting_units"].labels)
    return r.compact_fact(units, first, last)


def _units_column(r, labels: tuple[str, ...]) -> Fact | None:
    """The foreword's table of drafting units (序号 / 起草单位 / 主要起草人): the cells under the column headed by a
    drafting-units label, in order, over every page the table runs on."""
    units, evidence = [], []
    for t in r.tables:
        grid = t.grid()
        for ri, row in enumerate(grid):
            col = next((ci for ci, c in enumerate(row) if squash(c) in labels), None)
            if col is None:
                continue
            for below in grid[ri + 1:]:
                u = squash(below[col]) if col < len(below) else ""
                if looks_like_org(u) and u not in units:
                    units.append(u)
            evidence += r.cell_evidence(t.page, t.bbox, "、".join(units))
            break
    return Fact(value=units, evidence=evidence) if units else None
