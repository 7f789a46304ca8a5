"""Approvals of standardisation bodies: the committee, its code, TC/SC/WG, level, who holds the secretariat."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.bodies import is_issuer
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.choices import choose
from pipeline.extract.roles import looks_like_org
from pipeline.extract.values import squash

# A speck OCR read as a dot may stand between TC and its number (SH/TC.034).
_CODE = re.compile(r"(?P<c>(?:SAC|ISO|IEC|SH|ISO/IEC\s*JTC\s*\d+)\s*/\s*TC[\s.·．]*\d+(?:\s*/\s*(?:SC|WG)[\s.·．]*\d+)?)")
_COMMITTEE = re.compile(r"(?P<n>(?:全国|上海市)[\u4e00-\u9fff]{2,40}?(?:标准化技术委员会)(?:[\u4e00-\u9fff]{2,30}?"
                        r"(?:分技术委员会|工作组))?)")
_COMMITTEE_EN = re.compile(r"\((?P<e>[A-Z][A-Za-z ,\-]{4,80})[，,]")
_INTL_COMMITTEE = re.compile(r"[，,、(（]\s*(?P<n>[\u4e00-\u9fff]{2,30}?(?:分技术委员会|技术委员会|工作组))")
_HOLDER = re.compile(r"秘书处(?:设在|挂靠(?:在|于)?)(?P<h0>[\u4e00-\u9fff（）()·]{2,40}?)[。，,；]|秘书处由(?P<h>[\u4e00-\u9fff（）()·]{2,40}?)承担|由(?P<h2>[\u4e00-\u9fff（）()·]{2,40}?)承担|"
                     r"(?:召集人|秘书处)[^。]{0,6}(?:由|为)(?P<h3>[\u4e00-\u9fff（）()·]{4,40}?)(?:承担|担任)")


def _code_norm(c: str) -> str:
    c = re.sub(r"\s*/\s*", "/", c)
    return re.sub(r"(TC|SC|WG)[\s.·．]*(\d+)", r"\1 \2", c)


def read(r, kind, out: dict, ctx) -> None:
    text = r.compact
    names = list(ctx.applicant_names or [])
    # The holder: in a batch approval, the item that names the party asked about; else the first 秘书处由…承担.
    holder = None
    addressee = _addressee(r)
    for m in _HOLDER.finditer(text):
        h = squash(next(g for g in m.groups() if g))
        if re.fullmatch(r"(?:你|贵|该)单位", h) and addressee:
            h = addressee
        if looks_like_org(h) and not is_issuer(h) and (holder is None or any(n and n in h for n in names)):
            holder = (h, m)
    # Where the holder's committee and code are read: its numbered item of the text, or its row of a table.
    item_fact = None
    if holder is not None:
        h, m = holder
        start = max(text.rfind("。", 0, m.start()), text.rfind("：", 0, m.start())) + 1
        item, item_start = text[start:m.end()], start
        out["holder"] = r.compact_fact(h, m.start(), m.end())
    else:
        adjusted = _adjusted_row(r, names)
        item, item_start = text, 0
        out["holder"] = None
        labelled = read_field(r, kind, "holder")
        if adjusted is not None and adjusted[4]:
            labelled = None  # the applicant's own row of a table, not the value under the column's label
        if labelled is not None and looks_like_org(str(labelled.value)) and not is_issuer(str(labelled.value)):
            out["holder"] = labelled
        elif adjusted is not None:
            h, item, ev, row_ev, _ = adjusted
            item_start = None
            out["holder"] = Fact(value=h, evidence=ev)
            item_fact = Fact(value=h, evidence=row_ev)  # the committee and its code: the row they are read from

    def read_in_item(rx: re.Pattern[str], group: str, value=lambda v: v) -> Fact | None:
        m = rx.search(item) or (rx.search(text) if item is not text else None)
        if m is None:
            return None
        if m.re is rx and m.string is item and item_start is None:
            return item_fact.model_copy(update={"value": value(m.group(group))})  # a table row: its evidence
        base = item_start if m.string is item else 0
        return r.compact_fact(value(m.group(group)), base + m.start(group), base + m.end(group))

    out["code"] = read_in_item(_CODE, "c", _code_norm)
    out["committee"] = read_in_item(_COMMITTEE, "n")
    labelled = _without_gloss(read_field(r, kind, "committee"))
    if labelled is not None and re.search(r"(?:委员会|工作组)$", str(labelled.value)) and (
            out["committee"] is None or str(out["code"].value if out["code"] else "").startswith(("ISO", "IEC"))):
        out["committee"] = labelled  # a table of particulars: 名称 Title | 纺织品技术委员会
    if out["committee"] is None and out["code"] is not None and str(out["code"].value).startswith("ISO"):
        out["committee"] = read_in_item(_INTL_COMMITTEE, "n")
    out["committee_en"] = read_in_item(_COMMITTEE_EN, "e", str.strip) or _english_under(r, out["committee"])
    c = str(out["code"].value) if out["code"] else ""
    kind_v = "WG" if "/WG" in c else "SC" if "/SC" in c else "TC" if c else None
    out["kind"] = out["code"].model_copy(update={"value": kind_v, "note": "按技术组织编号"}) if kind_v \
        else choose(r, kind.fields["kind"])
    level = "international" if c.startswith(("ISO", "IEC")) else "municipal" if c.startswith("SH") else \
        "national" if c.startswith("SAC") else None
    out["level"] = out["code"].model_copy(update={"value": level, "note": "按技术组织编号"}) if level else None
    title = common.title(r, kind.title_cues + ("关于",))
    out["issuer"] = common.issuer(r, title)
    out["date"] = common.signature_date(r)
    out["doc_no"] = common.doc_no(r)


_ENGLISH = re.compile(r"[A-Za-z][A-Za-z ,\-()]{2,80}")  # a committee's English name on a line of its own


def _without_gloss(f: Fact | None) -> Fact | None:
    """A bilingual cell read as one value (纺织品技术委员会 + the line Textiles under it): the Chinese lines only;
    the English name is read from the line under them (`_english_under`)."""
    if f is None or len(f.evidence) < 2:
        return f
    latin = [e for e in f.evidence if _ENGLISH.fullmatch(e.text.strip())]
    chinese = [e for e in f.evidence if e not in latin]
    if not latin or not chinese or f.evidence.index(latin[0]) < f.evidence.index(chinese[-1]):
        return f
    return f.model_copy(update={"value": squash("".join(e.text for e in chinese)), "evidence": chinese})


def _english_under(r, committee: Fact | None) -> Fact | None:
    """The committee's English name on the line under its Chinese name (a bilingual table of particulars)."""
    if committee is None or not committee.evidence:
        return None
    ev = committee.evidence[-1]
    for i, row in enumerate(r.rows[:-1]):
        if any(s.bbox == ev.bbox and s.page == ev.page for s in row.spans):
            nxt = r.rows[i + 1]
            cand = [s for s in nxt.spans if _ENGLISH.fullmatch(s.text.strip())
                    and s.bbox[0] < ev.bbox[2] and s.bbox[2] > ev.bbox[0]]
            if cand:
                return r.fact_spans(cand[0].text.strip(), cand)
    return None


def _addressee(r) -> str | None:
    """The addressee line of a letter (XX有限公司：), when it is not an issuing body."""
    for row in r.rows[:14]:
        t = squash(row.text.replace("\t", ""))
        m = re.fullmatch(r"(?P<v>[\u4e00-\u9fff（）()·]{4,40})[：:]", t)
        if m and looks_like_org(m.group("v")) and not is_issuer(m.group("v")):
            return m.group("v")
    return None


_NEW_HOLDER = ("调整后", "现秘书处", "新秘书处", "变更后")
_HOLDER_HEAD = ("秘书处承担单位", "承担单位", "挂靠单位")


def _holder_rows(r) -> list[tuple[str, str, list, list]]:
    """Rows of the tables that list committees with their secretariats (ruled, or only aligned): (holder, the
    row's other cells, the holder's evidence, the row's evidence). A table adjusting secretariats names the new
    holder in its 调整后 column."""
    from pipeline.extract.aligned import aligned_tables

    out: list[tuple[str, str, list, list]] = []
    for t in r.tables:
        grid = t.grid()
        if not grid:
            continue
        head = [squash(h) for h in grid[0]]
        col = _holder_column(head)
        if col is None:
            continue
        for row in grid[1:]:
            if col < len(row) and looks_like_org(row[col]):
                ev = r.cell_evidence(t.page, t.bbox, squash(row[col]))
                ev = [e for e in ev if e.text and (e.text in row[col] or row[col] in e.text)] or ev
                out.append((squash(row[col]), "".join(c for i, c in enumerate(row) if i != col), ev, ev))
    if out:
        return out
    for t in aligned_tables(r.rows):
        col = _holder_column([squash(h) for h in t.head])
        if col is None:
            continue
        for row in t.rows:
            h = squash(row.cells[col])
            if looks_like_org(h) and not is_issuer(h):
                # evidence: the row's spans that carry a piece of the holder's name (a cell wraps; OCR may join it
                # to its neighbour)
                mine = [s for s in row.spans if squash(s.text) and (squash(s.text) in h or h[:4] in squash(s.text))]
                out.append((h, "".join(c for i, c in enumerate(row.cells) if i != col),
                            r.fact_spans(h, mine or row.spans).evidence, r.fact_spans(h, row.spans).evidence))
    return out


def _holder_column(head: list[str]) -> int | None:
    for words in (_NEW_HOLDER, _HOLDER_HEAD):
        for i, h in enumerate(head):
            if any(w in h for w in words) and ("单位" in h or "秘书处" in h):
                return i
    return None


def _adjusted_row(r, names) -> tuple[str, str, list, list, bool] | None:
    """The row of the party asked about (the applicant) in a table of committees and their secretariats (without
    a party: the first row). Returns (holder, the row's other cells, the holder's and the row's evidence, whether it is
    the party's row)."""
    from pipeline.extract.fuzzy import same_organization

    rows = _holder_rows(r)
    for row in rows:
        if any(n and same_organization(row[0], n)[0] for n in names):
            return (*row, True)
    # a list that does not name the party asked about has no holder for it; without a party, its first row
    return (*rows[0], False) if rows and not any(names) else None
