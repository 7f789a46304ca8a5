"""Records of a credit report — penalties, serious-dishonesty listings, abnormal-operations listings — in every
form reports print them: a table with a header row, a key/value table per record, key/value lines, or prose.

A record's fields are found by what its header or label says (文书号 → number, 处罚机关 → authority, 列入日期 →
date, 移出日期 → removed …), not by column position, so a report that orders its columns differently reads the
same. Which section a record belongs to comes from the heading above it or from its own labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from functools import lru_cache

from pipeline.extract.dates import find_dates
from pipeline.extract.reader import DocReader
from pipeline.extract.readers.common import DOC_NO
from pipeline.extract.values import iso, squash
from pipeline.kinds import kind

_GENERIC: tuple[tuple[str, str], ...] = (("机关", "authority"), ("部门", "authority"), ("日期", "date"),
                                         ("时间", "date"))


@lru_cache(maxsize=1)
def column_words() -> tuple[tuple[str, str], ...]:
    """Header or label words → record sub-field, from the credit-report kind's data (longest first, so 移出日期
    wins over 日期), then generic words for headers no variant names."""
    k = kind("credit_report")
    pairs = {(w, role) for name in ("penalties", "dishonest", "abnormal")
             for role, words in k.fields[name].columns.items() for w in words}
    return tuple(sorted(pairs, key=lambda p: -len(p[0]))) + _GENERIC
SECTIONS: tuple[tuple[str, str], ...] = (
    ("penalties", r"行政处罚|行政管理信息"),
    ("dishonest", r"严重失信|失信被执行|严重违法失信名单|黑名单"),
    ("abnormal", r"经营[（(]?活动[)）]?异常|异常名录|异常经营"),
)
NONE_WORDS = re.compile(r"未查见|未查询到|未被列入|无相关|暂无|无[^，。\n]{0,12}(?:记录|信息)|没有")
SERIOUS_MARK = re.compile(r"[★☆*※]")


def _role(header: str) -> str | None:
    h = squash(header)
    for word, role in column_words():
        if word in h:
            return role
    return None


def section_of(text: str) -> str | None:
    for name, rx in SECTIONS:
        if re.search(rx, text):
            return name
    return None


@dataclass
class Record:
    section: str | None
    values: dict[str, object] = field(default_factory=dict)
    page: int = 1
    top: float = 0.0
    evidence: list = field(default_factory=list)


def _date(text: str) -> str | None:
    for d in find_dates(text or ""):
        v = iso(d.value)
        if v:
            return v
    return None


def _authority(text: str) -> str | None:
    v = squash(text or "").strip("：:，,。")
    return v or None


def _finish(rec: Record) -> dict:
    v = rec.values
    out = {}
    if rec.section == "penalties":
        number = v.get("number")
        if number:
            m = DOC_NO.search(str(number)) or re.search(r"[\u4e00-\u9fffA-Za-z0-9〔〕\[\]()（）第\-]+号", str(number))
            number = squash(m.group() if m else str(number))
        serious = v.get("serious")
        if isinstance(serious, str):
            s = squash(serious)
            serious = s.startswith("是") or ("严重" in s and not re.search(r"否|非严重|不属于|一般", s))
        out = {"number": number, "date": _date(str(v.get("date") or "")), "serious": bool(serious),
               "authority": _authority(v.get("authority"))}
    elif rec.section == "dishonest":
        out = {"list": squash(str(v.get("list") or "")) or None, "date": _date(str(v.get("date") or "")),
               "authority": _authority(v.get("authority"))}
    elif rec.section == "abnormal":
        out = {"date": _date(str(v.get("date") or "")), "reason": squash(str(v.get("reason") or "")) or None,
               "removed": _date(str(v.get("removed") or ""))}
    return out


def _heading_section(r: DocReader, page: int, top: float) -> str | None:
    """The section of the nearest heading above a point of the document."""
    best = None
    for row in r.rows:
        if (row.page, row.top) >= (page, top):
            break
        text = squash(row.text)
        if len(text) <= 30:
            s = section_of(text)
            if s:
                best = s
    return best


def _serious_legend(r: DocReader) -> bool:
    return bool(re.search(r"[★☆※][^\n]{0,20}严重", r.text))


def from_tables(r: DocReader) -> list[Record]:
    out: list[Record] = []
    legend = _serious_legend(r)
    for t in r.tables:
        grid = t.grid()
        if not grid:
            continue
        roles = [_role(h) for h in grid[0]]
        if roles.count(None) < len(roles) and sum(1 for x in roles if x in ("date", "number", "removed")) and \
                len([x for x in roles if x]) >= 2:
            section = _heading_section(r, t.page, t.bbox[1]) or section_of("".join(grid[0]))
            if "removed" in roles:
                section = "abnormal"
            elif "list" in roles:
                section = "dishonest"
            for ri, row in enumerate(grid[1:], start=1):
                cells = [c for c in t.cells if c.row == ri]
                box = (min(c.bbox[0] for c in cells), min(c.bbox[1] for c in cells), max(c.bbox[2] for c in cells),
                       max(c.bbox[3] for c in cells)) if cells else t.bbox
                rec = Record(section, page=t.page, top=t.bbox[1], evidence=r.cell_evidence(t.page, box, "".join(row)))
                for role, cell in zip(roles, row):
                    if role and cell:
                        rec.values[role] = cell
                if legend and SERIOUS_MARK.search(str(rec.values.get("seq", ""))):
                    rec.values["serious"] = True
                if rec.values.get("date") or rec.values.get("number"):
                    out.append(rec)
            continue
        # A key/value table: labels in the first column, one record per table (a label seen twice starts another).
        labels = [(_role(row[0]), row[1] if len(row) > 1 else "") for row in grid if row and row[0]]
        if sum(1 for role, _ in labels if role in ("number", "date", "removed")) >= 1 and \
                sum(1 for role, _ in labels if role) >= 3:
            section = _heading_section(r, t.page, t.bbox[1])
            ev = r.cell_evidence(t.page, t.bbox, "".join("".join(x) for x in grid))
            rec = Record(section, page=t.page, top=t.bbox[1], evidence=ev)
            for role, value in labels:
                if role is None:
                    continue
                if role in rec.values:
                    out.append(rec)
                    rec = Record(section, page=t.page, top=t.bbox[1], evidence=ev)
                rec.values[role] = value
            out.append(rec)
    return out


def from_rows(r: DocReader, skip_tables: bool) -> list[Record]:
    """Key/value lines without a ruled table (OCR of a report whose rules were too faint, app screenshots)."""
    out: list[Record] = []
    rec: Record | None = None
    for row in r.rows:
        if skip_tables and any(t.page == row.page and t.bbox[1] - 2 <= row.top <= t.bbox[3] for t in r.tables):
            continue
        cells = [c for c in row.text.split("\t") if c.strip()]
        if len(cells) < 2 or len(squash(cells[0])) > 10:
            continue
        role = _role(cells[0])
        if role is None or role == "seq":
            continue
        if role == "number" or rec is None and role in ("date", "removed") or rec is not None and role in rec.values:
            if rec is not None:
                out.append(rec)
            rec = Record(_heading_section(r, row.page, row.top), page=row.page, top=row.top)
        if rec is not None:
            rec.values[role] = "".join(cells[1:])
            rec.evidence += r.fact_spans(None, row.spans).evidence
    if rec is not None:
        out.append(rec)
    return [x for x in out if x.values.get("date") or x.values.get("number")]


_PROSE_PENALTY = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]\s*(?P<auth>[\u4e00-\u9fff（）()]{4,40}?)"
    r"对(?:你|该|贵)?单位作出[^（(]{0,12}[（(](?P<no>[^）)]{4,40})[）)]")
_PROSE_LISTED = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]?\s*(?:被|由)?(?P<auth>[\u4e00-\u9fff（）()]{4,40}?)"
    r"(?:将你单位|将该单位)?列入(?P<list>[\u4e00-\u9fff（）()]{2,20}?名录|[\u4e00-\u9fff]{2,20}?名单)"
    r"(?:[，,]\s*(?:列入)?(?:原因|事由)[:：]?(?P<reason>[^，。；]{2,60}))?"
    r"(?:[^。]{0,40}?(?P<removed>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[^。]{0,6}移出)?")


_PROSE_NUMBER_FIRST = re.compile(
    r"(?P<no>[\u4e00-\u9fffA-Za-z]{1,14}[〔\[［(（【](?:19|20)\d{2}[〕\]］)）】](?:第)?[0-9A-Za-z\-]+号)[（(]"
    r"(?P<auth>[\u4e00-\u9fff（）()]{4,40}?)[，,、]\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[）)]")
_PROSE_LISTED_BECAUSE = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]\s*(?:你单位|该单位|该主体)?(?:因|由于)"
    r"(?P<reason>[^。；]{4,80}?)被(?:[\u4e00-\u9fff]{2,30}?)?列入(?P<list>[\u4e00-\u9fff（）()]{2,20}?(?:名录|名单))"
    r"(?:[，,]\s*(?:已于|于)(?P<removed>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:被)?移出)?")


def from_prose(r: DocReader) -> list[Record]:
    text = r.compact
    out = []
    for m in _PROSE_PENALTY.finditer(text):
        serious = "严重" in text[m.end():m.end() + 80].split("。")[0]
        out.append(Record("penalties", {"date": m.group("date"), "authority": m.group("auth"),
                                        "number": m.group("no"), "serious": serious},
                          evidence=r.compact_fact(None, m.start(), m.end()).evidence))
    for m in _PROSE_NUMBER_FIRST.finditer(text):
        serious = "严重" in text[m.end():m.end() + 80].split("。")[0]
        out.append(Record("penalties", {"date": m.group("date"), "authority": m.group("auth"),
                                        "number": m.group("no"), "serious": serious},
                          evidence=r.compact_fact(None, m.start(), m.end()).evidence))
    for m in [*_PROSE_LISTED.finditer(text), *_PROSE_LISTED_BECAUSE.finditer(text)]:
        section = "abnormal" if "异常" in m.group("list") else "dishonest"
        out.append(Record(section, {"date": m.group("date"), "authority": m.groupdict().get("auth"),
                                    "list": m.group("list"), "reason": m.group("reason"),
                                    "removed": m.group("removed")},
                          evidence=r.compact_fact(None, m.start(), m.end()).evidence))
    return out


def read_records(r: DocReader) -> dict[str, tuple[list[dict], list]]:
    """Records per section, each once, with the evidence of all of them; a section with records in no form gives
    ([], [])."""
    recs = from_tables(r)
    recs += from_rows(r, skip_tables=bool(recs))
    recs += from_prose(r)  # a record told in a sentence, beside or instead of tables (deduplicated below)
    out: dict[str, tuple[list[dict], list]] = {"penalties": ([], []), "dishonest": ([], []), "abnormal": ([], [])}
    seen = set()
    for rec in recs:
        if rec.section not in out:
            continue
        v = _finish(rec)
        key = (rec.section, v.get("number"), v.get("date"))
        if key in seen:
            continue
        seen.add(key)
        out[rec.section][0].append(v)
        out[rec.section][1].extend(e for e in rec.evidence if e not in out[rec.section][1])
    return out
