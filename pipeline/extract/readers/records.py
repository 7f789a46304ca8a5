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

from pipeline.extract.aligned import advance
from pipeline.extract.dates import find_dates
from pipeline.extract.reader import DocReader
from pipeline.extract.readers.common import DOC_NO
from pipeline.extract.values import iso, squash, year_brackets
from pipeline.kinds import kind

_GENERIC: tuple[tuple[str, str], ...] = (("机关", "authority"), ("部门", "authority"), ("日期", "date"),
                                         ("时间", "date"))


@lru_cache(maxsize=1)
def column_words() -> tuple[tuple[str, str], ...]:
    """Header or label words → record sub-field, from the credit-report kind's data (longest first, so 移出日期
    wins over 日期), then generic words for headers no variant names."""
    k = kind("credit_report")
    pairs = {(w, role) for name in ("penalties", "dishonest", "abnormal", "other_records")
             for role, words in k.fields[name].columns.items() for w in words}
    return tuple(sorted(pairs, key=lambda p: -len(p[0]))) + _GENERIC
SECTIONS: tuple[tuple[str, str], ...] = (
    ("licences", r"行政许可"),  # under 行政管理信息 beside 行政处罚: licences are not penalties
    ("penalties", r"行政处罚|行政管理信息"),
    ("dishonest", r"严重失信|失信被执行|严重违法失信名单|黑名单"),
    ("abnormal", r"经营[（(]?活动[)）]?异常|异常名录|异常经营"),
    ("honours", r"荣誉信息"),
    ("commitments", r"信用承诺"),
    ("evaluations", r"信用评价"),
    ("judicial", r"司法判决"),
)
NONE_WORDS = re.compile(r"未查见|未查询到|未发现|未被列入|无相关|暂无|无[^，。\n]{0,12}(?:记录|信息)|没有|[:：]\s*无(?=\s|$|。)")
SERIOUS_MARK = re.compile(r"[★☆*※]")


@lru_cache(maxsize=1)
def _own_labels() -> frozenset[str]:
    """The labels of the report's own date (出具日期, 查询时间 …): never a record's."""
    return frozenset(kind("credit_report").fields["report_date"].labels)


def _role(header: str) -> str | None:
    h = squash(header)
    if h.rstrip("：:") in _own_labels():
        return None
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
            raw = squash(str(number))
            m = DOC_NO.search(raw) or re.search(r"[\u4e00-\u9fffA-Za-z0-9〔〕\[\]()（）第\-]+号", raw)
            number = year_brackets(_with_region(raw, m) if m else raw)
        serious = v.get("serious")
        if isinstance(serious, str):
            s = squash(serious)
            serious = s.startswith("是") or ("严重" in s and not re.search(r"否|非严重|不属于|一般", s))
        out = {"number": number, "date": _date(str(v.get("date") or "")), "serious": bool(serious),
               "authority": _authority(v.get("authority"))}
    elif rec.section == "dishonest":
        out = {"list": squash(str(v.get("list") or "")) or None,
               "date": _date(str(v.get("date") or "")) or _date(str(v.get("filed") or "")),
               "authority": _authority(v.get("authority")),
               # A listing stays in force until removed: its removal date, or a status saying so (已移出, 已履行).
               "removed": _date(str(v.get("removed") or "")), "status": squash(str(v.get("status") or "")) or None,
               "number": squash(str(v.get("number") or "")) or None,
               "reason": squash(str(v.get("reason") or "")) or None}
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
            out += _grid_records(r, t, grid, 1, roles, section, legend)
            continue
        # A key/value table: labels in the first column, one record per table (a label seen twice starts another).
        # A label is a short cell: a box holding a whole record's text (cards stacked and found as one table) is
        # no key/value table; its lines are read as rows.
        labels = [(_role(row[0]), row[1] if len(row) > 1 else "") for row in grid
                  if row and row[0] and len(squash(row[0])) <= 12]
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


# ---------------------------------------------------------------- every section, its state, the summary counts
# What a check may conclude from a report depends on what the report shows of each section: records, an explicit
# "未查见…" (none), a heading with nothing readable under it (unreadable), or nothing at all (the category is then
# unknown — never "none"). The headings are data: credit_report.yaml `sections.choices`.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．)）])\s*")
_CHECKBOX = re.compile(r"[☑■√✓✔☒▣◼●](?:\s*)(有|无)")


@lru_cache(maxsize=1)
def section_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, category), longest phrase first, from the kind's data."""
    choices = kind("credit_report").fields["sections"].choices
    pairs = {(squash(p), cat) for cat, phrases in choices.items() for p in phrases}
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def category_of(text: str) -> tuple[str, str] | None:
    """(category, phrase) of the longest section phrase in `text`."""
    t = squash(text)
    for phrase, cat in section_phrases():
        if phrase in t:
            return cat, phrase
    return None


def count_of(cell: str) -> int | bool | None:
    """A summary cell: 2 / 2条 / 共2条 → 2; 未查见 / 无 / 0 → 0; 有 → True; a ticked box (☑有 □无) likewise."""
    c = squash(cell).strip("：:。，,>›〉 ")
    m = re.fullmatch(r"(?:共)?(\d{1,4})(?:条|项|次|个|笔)?(?:记录|信息)?", c)
    if m:
        return int(m.group(1))
    box = _CHECKBOX.search(c)
    if box:
        return True if box.group(1) == "有" else 0
    if re.fullmatch(r"未查见|未查询到|未发现|无|无记录|暂无|暂无记录|否|—|-|0条", c):
        return 0
    if re.fullmatch(r"有|是|查见|有记录", c):
        return True
    return None


# A summary row whose count was glued to its category (行政处罚信息0条, 行政处罚信息 未查见).
_TRAILING_COUNT = re.compile(r"(?<=[息录单])\s*(?:\d{1,4}\s*(?:条|项|次)|未查见|无记录|无)$")


@dataclass
class Heading:
    category: str
    page: int
    top: float
    row: int
    text: str
    inline: str = ""  # what follows the heading on its own line (三、经营异常名录信息：2024年2月8日，……)


def headings(r: DocReader) -> list[Heading]:
    """The report's section headings in reading order: a short line naming a section (三、行政处罚信息,
    （二）失信被执行人), not a summary row that pairs a section with its count, not a sentence."""
    out: list[Heading] = []
    for i, row in enumerate(r.rows):
        cells = [c for c in row.text.split("\t") if c.strip()]
        if len(cells) >= 2 and any(count_of(c) is not None for c in cells[1:]):
            continue
        t = _NUMBERING.sub("", squash(row.text.replace("\t", "")))
        numbered = t != squash(row.text.replace("\t", ""))
        head, sep, inline = t.partition("：") if "：" in t else t.partition(":")
        if numbered and sep and category_of(head) and len(head) <= len(category_of(head)[1]) + 8:
            # A numbered heading with its content after a colon (告知书: 一、行政处罚信息：查见二条。).
            out.append(Heading(category_of(head)[0], row.page, row.top, i, head, inline))
            continue
        if not t or len(t) > 24 or NONE_WORDS.search(t) or re.search(r"[。；;]", t) or _TRAILING_COUNT.search(t):
            continue
        found = category_of(t)
        if found and len(t) <= len(found[1]) + 8:
            out.append(Heading(found[0], row.page, row.top, i, t))
    return out


def lines_under(r: DocReader, hs: list[Heading], k: int) -> list[str]:
    """What stands under heading k up to the next heading, its inline content first."""
    h = hs[k]
    end = hs[k + 1].row if k + 1 < len(hs) else len(r.rows)
    return ([h.inline] if h.inline else []) + [squash(x.text.replace("\t", "")) for x in r.rows[h.row + 1:end]]


def summary_counts(r: DocReader) -> dict[str, int | bool | None]:
    """The 信用信息概要 (or any row pairing a section with a count: app screenshots, tick-box reports).

    A tick-box row whose tick is a drawing, not text (有 and 无 both printed, no ☑), gives None: the report
    lists the category but what it says of it cannot be read."""
    out: dict[str, int | bool | None] = {}

    def take(cells: list[str]) -> None:
        cells = [c for c in cells if c and c.strip()]
        if len(cells) < 2:
            return
        found = category_of(_NUMBERING.sub("", squash(cells[0])))
        if not found or found[0] == "summary" or len(_NUMBERING.sub("", squash(cells[0]))) > len(found[1]) + 12:
            return
        rest = [squash(c) for c in cells[1:]]
        if found[0] in out:
            return
        if not any(_CHECKBOX.search(c) for c in rest) and {"有", "无"} <= set(rest) | {
                w for c in rest for w in re.findall(r"有|无", c) if re.fullmatch(r"[□☐\s]*有[□☐\s]*无[□☐\s]*", c)}:
            out[found[0]] = None
            return
        value = next((v for v in (count_of(c) for c in rest) if v is not None), None)
        if value is not None:
            out[found[0]] = value

    for t in r.tables:
        for row in t.grid():
            take(row)
    for row in r.rows:
        cells = row.text.split("\t")
        if len([c for c in cells if c.strip()]) == 1:
            m = _TRAILING_COUNT.search(squash(row.text))
            if m:
                cells = [squash(row.text)[:m.start()], m.group()]
        take(cells)
    return out


def _block(r: DocReader, hs: list[Heading], category: str) -> list[str]:
    """The lines under each heading of a category, up to the next heading."""
    lines: list[str] = []
    for k, h in enumerate(hs):
        if h.category == category:
            lines += lines_under(r, hs, k)
    return lines


def section_states(r: DocReader, records: dict[str, list], hs: list[Heading] | None = None) -> dict[str, str]:
    """category → records | none | unreadable, for every category the report shows (headed, stated or counted
    in its summary). A category it does not show is absent: the decision says it is unknown."""
    hs = headings(r) if hs is None else hs
    out: dict[str, str] = {}
    text_lines = [squash(x.text.replace("\t", "")) for x in r.rows]
    for phrase, cat in section_phrases():
        if cat in out or cat == "summary":
            continue
        if records.get(cat):
            out[cat] = "records"
            continue
        under = _block(r, hs, cat)
        # "未查见该主体…行政处罚记录" under its heading, or a sentence anywhere that names the section and says none.
        stated = any(NONE_WORDS.search(x) for k, h in enumerate(hs) if h.category == cat
                     for x in lines_under(r, hs, k)[:3]) or any(
            NONE_WORDS.search(x) and phrase in x for x in text_lines)
        if stated:
            out[cat] = "none"
        elif cat == "registration" and any(len(x) > 1 for x in under):
            out[cat] = "records"
        elif any(h.category == cat for h in hs):
            out[cat] = "unreadable"  # a heading, and neither a record nor "未查见" readable under it
    # 行政管理信息 is a parent heading: what its parts (行政许可, 行政处罚, 行政强制) show is what it shows.
    parts = [out.get(c) for c in ("penalties", "licences", "enforcement") if out.get(c)]
    if out.get("administrative") == "unreadable" and parts and "unreadable" not in parts:
        out["administrative"] = "records" if "records" in parts else "none"
    return out


def _with_region(text: str, m: re.Match[str]) -> str:
    """The number matched, with the region in brackets before it that is part of it: （沪金）应急罚〔2021〕2216号."""
    head = re.search(r"[（(][\u4e00-\u9fff]{1,4}[）)]$", text[:m.start()])
    return text[head.start() if head else m.start():m.end()]


_BODY_END = r"(?:局|所|队|委员会|中心|法院|人民政府|办公室|管理处)"
_AUTHORITY = re.compile(rf"[\u4e00-\u9fff（）()]{{4,40}}?{_BODY_END}")
_AUTHORITY_LONGEST = re.compile(rf"[\u4e00-\u9fff（）()]{{4,40}}{_BODY_END}")  # 国家税务总局上海市金山区税务局
# a 文号 (common.DOC_NO), a bare 第…号 of six digits or more, or (2024)金…号
_NUMBERED = re.compile(DOC_NO.pattern + r"|第\s*\d{6,}\s*号|\(\d{4}\)[\u4e00-\u9fff0-9]+号")


_PROSE_LISTING = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[^。]{0,80}?(?:被|由)?[^。]{0,40}?列入"
    r"(?P<list>[\u4e00-\u9fff（）()]{0,20}?(?:名录|名单))(?P<tail>[^。]{0,60})")


def from_section_prose(r: DocReader, hs: list[Heading], section: str) -> list[Record]:
    """Records written as sentences or numbered entries under their section's heading: one record per 文号
    (行政处罚明细：文号（机关，日期）：事由，警告。), its date and authority from the text up to the next 文号; a
    listing sentence (……被列入经营异常名录，已于2024年4月2日移出。) for the listing sections."""
    out: list[Record] = []
    for k, h in enumerate(hs):
        if h.category != section:
            continue
        end = hs[k + 1].row if k + 1 < len(hs) else len(r.rows)
        block = "".join(lines_under(r, hs, k))
        ev = r.fact_spans(None, [sp for x in r.rows[h.row:end] for sp in x.spans]).evidence
        if section in ("abnormal", "dishonest"):
            for m in _PROSE_LISTING.finditer(block):
                removed = re.search(r"(?P<d>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[^。，]{0,6}移出",
                                    m.group("tail"))
                reason = re.search(r"因(?P<r>[^。]{2,60}?)被?列入", m.group())
                out.append(Record(section, {"date": m.group("date"), "list": m.group("list"),
                                            "reason": reason.group("r") if reason else None,
                                            "removed": removed.group("d") if removed else None},
                                  page=h.page, top=h.top + 0.001, evidence=ev))
            continue
        marks = list(_NUMBERED.finditer(block))
        for i, m in enumerate(marks):
            window = block[m.start(): marks[i + 1].start() if i + 1 < len(marks) else len(block)]
            auth = _AUTHORITY.search(window[len(m.group()):])
            serious = bool(re.search(r"严重", window)) and not re.search(r"非严重|不属于严重|严重违法失信行为[:：]?否", window)
            out.append(Record(section, {"number": m.group(), "date": window, "serious": serious,
                                        "authority": auth.group().lstrip("（(") if auth else None,
                                        "list": None, "reason": None}, page=h.page, top=h.top + 0.001,
                              evidence=ev))
    return out


_RECORD_SECTION = {"administrative": "penalties"}  # records printed right under 行政管理信息 are penalties


def _section_at(hs: list[Heading], page: int, top: float) -> str | None:
    """The category of the nearest data heading above a point (summary rows are not headings)."""
    best = None
    for h in hs:
        if (h.page, h.top) >= (page, top):
            break
        best = h.category
    return _RECORD_SECTION.get(best, best) if best else None


_CARD_HEAD = re.compile(r"^(?:记录|第)\s*\d{1,3}\s*(?:条|项)?(?:记录)?$")
_LABELLED = re.compile(r"^[\u4e00-\u9fff]{2,10}[：:]")


def from_rows_sectioned(r: DocReader, hs: list[Heading], skip_tables: bool) -> list[Record]:
    """Key/value lines as `from_rows` reads them, but a heading ends the record above it and gives the section of
    the next (信用中国 reports print one section after another in the same two-column layout)."""
    out: list[Record] = []
    rec: Record | None = None
    heading_rows = {h.row: h for h in hs}
    for i, row in enumerate(r.rows):
        if i in heading_rows:
            if rec is not None:
                out.append(rec)
            rec = None
            continue
        if skip_tables and any(t.page == row.page and t.bbox[1] - 2 <= row.top <= t.bbox[3] for t in r.tables):
            continue
        cells = [c for c in row.text.split("\t") if c.strip()]
        if _CARD_HEAD.match(squash(row.text)):
            if rec is not None:  # 记录1 / 第2条: the heading of a record's card ends the card above
                out.append(rec)
            rec = None
            continue
        in_records = _section_at(hs, row.page, row.top) in ("penalties", "dishonest", "abnormal")
        if in_records and all(_LABELLED.match(squash(c)) for c in cells):
            # 决定书文号：沪税金一简罚〔2023〕8617号, alone or two label：value pairs to a line (a record's card)
            pairs = [tuple(re.split(r"[：:]", squash(c), maxsplit=1)) for c in cells]
        elif len(cells) < 2 or len(squash(cells[0])) > 10:
            continue
        elif len(cells) >= 3 and sum(1 for c in cells if _role(c)) >= 3:
            continue  # a header row of a table without rules (from_header_rows reads it)
        else:
            pairs = [(cells[0], "".join(cells[1:]))]
        for label, value in pairs:
            role = _role(label)
            if role is None or role == "seq":
                continue
            if role == "number" or rec is None and role in ("date", "removed", "licence", "filed", "list") or \
                    rec is not None and role in rec.values:
                if rec is not None:
                    out.append(rec)
                rec = Record(_section_at(hs, row.page, row.top) or _heading_section(r, row.page, row.top),
                             page=row.page, top=row.top)
            if rec is not None:
                rec.values[role] = value
                rec.evidence += [e for e in r.fact_spans(None, row.spans).evidence if e not in rec.evidence]
    if rec is not None:
        out.append(rec)
    return [x for x in out if x.values.get("date") or x.values.get("number") or x.values.get("licence")]


_ENTRY = re.compile(r"^\d{1,3}\s*[、.．·)）]\s*")  # OCR may read the full stop of 1． as ·
_PAIR = re.compile(r"(?P<k>[\u4e00-\u9fff]{2,12})[：:](?P<v>[^；;。]*)")


@lru_cache(maxsize=1)
def _label_colon() -> re.Pattern[str]:
    """A column's label word before its colon (决定书文号：, 处罚机关：), longest first."""
    words = sorted({w for w, _ in column_words() if len(w) >= 2}, key=len, reverse=True)
    return re.compile(r"(?P<k>" + "|".join(map(re.escape, words)) + r")\s*[：:]")


def _pairs(text: str) -> dict[str, object]:
    """An entry's label：value pairs. A value ends where the next label of a column begins, so a separator OCR read
    as a colon (…应急管理局：处罚决定日期：…) does not run one value into the next; text without those labels is
    read pair by pair at its separators."""
    values: dict[str, object] = {}
    marks = [(m, role) for m in _label_colon().finditer(text) if (role := _role(m.group("k"))) not in (None, "seq")]
    if len(marks) >= 2:
        for i, (m, role) in enumerate(marks):
            v = text[m.end(): marks[i + 1][0].start() if i + 1 < len(marks) else len(text)]
            v = re.split(r"[。；;]", v)[0] if i + 1 == len(marks) else v
            if role not in values:
                values[role] = v.strip("：:；;，,。 ")
        return values
    for m in _PAIR.finditer(text):
        role = _role(m.group("k"))
        if role is not None and role != "seq" and role not in values:
            values[role] = m.group("v")
    return values


def from_inline_pairs(r: DocReader, hs: list[Heading]) -> list[Record]:
    """Numbered entries of label：value pairs run together over wrapped lines (1．决定书文号：…；处罚机关：…；处罚决定
    日期：…。该记录属严重违法失信行为。): a record per entry, its sub-fields by the label words of the columns, the
    sentence after the pairs saying whether it is serious."""
    out: list[Record] = []
    for k, h in enumerate(hs):
        section = _RECORD_SECTION.get(h.category, h.category)
        if section not in ("penalties", "dishonest", "abnormal"):
            continue
        end = hs[k + 1].row if k + 1 < len(hs) else len(r.rows)
        entries: list[tuple[str, list]] = []
        for row in r.rows[h.row + 1:end]:
            t = squash(row.text.replace("\t", ""))
            if _ENTRY.match(t):
                entries.append((_ENTRY.sub("", t), list(row.spans)))
            elif entries:
                entries[-1] = (entries[-1][0] + t, entries[-1][1] + list(row.spans))
        for text, spans in entries:
            values = _pairs(text)
            if len(values) < 2:
                continue
            said = "".join(x for x in re.split(r"[。；;]", text) if x and not _PAIR.search(x))
            if section == "penalties" and "serious" not in values and "严重" in said:
                values["serious"] = said
            out.append(Record(section, values, page=spans[0].page if spans else h.page, top=h.top + 0.001,
                              evidence=r.fact_spans(None, spans).evidence))
    return out


# One record per line, its grade or its list in brackets before the date (简版报告: 〔一般〕2020-03-12 机关 文号;
# 〔名单〕2021-09-06 列入…名单（机关）; 〔异常〕2023-09-21 事由，2023-12-04 移出). Tag → the section it stands for.
# The tags are data: credit_report.yaml, each record field's `tags`.
# OCR may lose the tag's closing bracket ([一般2020-09-07…): the tag is still a known tag right before the date.
_TAGGED = re.compile(r"^[〔\[［【「(（]\s*(?P<tag>[\u4e00-\u9fff]{1,4})\s*[〕\]］】」)）]?\s*(?P<rest>(?:19|20)\d{2}.*)$")


@lru_cache(maxsize=1)
def _tag_sections() -> dict[str, str]:
    k = kind("credit_report")
    return {t: name for name in ("penalties", "dishonest", "abnormal") for t in k.fields[name].tags}
_REMOVED = re.compile(r"(?P<d>(?:19|20)\d{2}(?:-\d{1,2}-\d{1,2}|\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日))\s*(?:已|被)?(?:移出|移除|撤销)")


def from_tagged_lines(r: DocReader) -> list[Record]:
    """Records printed one to a line behind a bracketed tag (see _TAGGED); a removal's 移出 may wrap."""
    out: list[Record] = []
    for i, row in enumerate(r.rows):
        m = _TAGGED.match(squash(row.text.replace("\t", "")))
        section = _tag_sections().get(m.group("tag")) if m else None
        if section is None:
            continue
        rest, spans = m.group("rest"), list(row.spans)
        if i + 1 < len(r.rows) and re.match(r"(?:已|被)?(?:移出|移除|撤销)", squash(r.rows[i + 1].text)):
            rest += squash(r.rows[i + 1].text)
            spans += r.rows[i + 1].spans
        dates = find_dates(rest)
        if not dates:
            continue
        after = rest[dates[0].end:]
        values: dict[str, object] = {"date": rest}
        if section == "penalties":
            # run together: the authority is the longest body-like name, the number what follows it
            auth = _AUTHORITY_LONGEST.match(after.strip())
            tail = after.strip()[auth.end():] if auth else after
            no = _NUMBERED.search(tail)
            if no is None:
                continue
            values.update(number=_with_region(tail, no), serious="严重" in m.group("tag"),
                          authority=auth.group() if auth else None)
        elif section == "dishonest":
            listed = re.search(r"列入(?P<list>[^（(，,。]{2,30}?名单)(?:[（(](?P<auth>[^）)]{4,40})[）)])?", after)
            if listed is None:
                continue
            values.update(list=listed.group("list"), authority=listed.group("auth"))
        else:
            removed = _REMOVED.search(after)
            reason = after[:removed.start()] if removed else after
            values.update(reason=reason.strip("，,。；; "), removed=removed.group("d") if removed else None)
        out.append(Record(section, values, page=row.page, top=row.top, evidence=r.fact_spans(None, spans).evidence))
    return out


def from_header_rows(r: DocReader, hs: list[Heading]) -> list[Record]:
    """A table without ruling lines (OCR of a scan whose rules were not found): a header row whose cells name
    record fields (序号 决定文书号 … 处罚日期 处罚机关), then rows whose cells fall under those columns. A row that
    starts a record has its first column (序号) filled, or as many cells as the header; the others are the wrapped
    second lines of the record above and are joined to its cells by column."""
    out: list[Record] = []
    heading_rows = {h.row for h in hs}
    legend = _serious_legend(r)
    i = 0
    rows = r.rows
    while i < len(rows):
        head = rows[i]
        roles = [_role(s.text) for s in head.spans]
        in_table = any(t.page == head.page and t.bbox[1] - 2 <= head.top <= t.bbox[3] for t in r.tables)
        if in_table or len(head.spans) < 3 or sum(1 for x in roles if x) < 3 or not {"date", "number"} & set(roles):
            i += 1
            continue
        heads = [piece for s in head.spans for piece in _header_pieces(s)]
        roles = [_role(text) for text, _ in heads]
        columns = [(box[0], box[2]) for _, box in heads]
        section = _section_at(hs, head.page, head.top) or _heading_section(r, head.page, head.top)
        rec: dict[int, str] | None = None
        spans: list = []
        j = i + 1
        while j < len(rows) and rows[j].page == head.page and j not in heading_rows:
            row = rows[j]
            text = squash(row.text.replace("\t", ""))
            if re.match(r"^(?:注|说明|备注)[:：]?", text) or NONE_WORDS.search(text):
                break
            cols: dict[int, str] = {}
            for sp in row.spans:
                for piece, box in _pieces_across(sp, columns):
                    k = _column_of(box, columns)
                    cols[k] = cols.get(k, "") + piece
            first_role = roles[0]
            # a row with every cell but the first filled, its date whole and a number's start (not a wrapped
            # tail: 号 / 7号 under the number, 日 missing from the date), starts a record whose 序号 OCR lost
            day = squash(cols.get(roles.index("date"), "")) if "date" in roles else ""
            no = squash(cols.get(roles.index("number"), "")) if "number" in roles else ""
            dated = bool(_date(day)) and bool(re.search(r"日$|\d{4}[-./]\d{1,2}[-./]\d{1,2}$", day)) and len(no) >= 6
            starts_record = (first_role == "seq" and 0 in cols and re.match(r"^\d+", squash(cols[0]))) or \
                (len(cols) >= len(columns) - 1 and (first_role != "seq" or dated))
            if starts_record or rec is None:
                if rec is not None:
                    out.append(_header_record(rec, roles, section, head, legend, r.fact_spans(None, spans).evidence))
                rec, spans = dict(cols), list(row.spans)
            else:
                for k, v in cols.items():
                    rec[k] = rec.get(k, "") + v
                spans += row.spans
            j += 1
        if rec is not None:
            out.append(_header_record(rec, roles, section, head, legend, r.fact_spans(None, spans).evidence))
        i = j
    return [x for x in out if x.values.get("date") or x.values.get("number")]


def from_tables_lower_header(r: DocReader, hs: list[Heading], done: list[Record]) -> list[Record]:
    """Ruled tables whose header row is not the first: a section title (行政管理信息—行政处罚) or an empty row
    printed inside the frame above the header. Tables that gave records already are left alone."""
    out: list[Record] = []
    legend = _serious_legend(r)
    for t in r.tables:
        if any(x.page == t.page and abs(x.top - t.bbox[1]) < 0.5 for x in done):
            continue
        grid = t.grid()
        for k, header in enumerate(grid[1:4], start=1):
            roles = [_role(h) if h else None for h in header]
            if len([x for x in roles if x]) >= 2 and {"date", "number"} & set(roles):
                break
        else:
            continue
        title = " ".join(c for row in grid[:k] for c in row if c)
        section = (_RECORD_SECTION.get(category_of(title)[0], category_of(title)[0]) if category_of(title) else None) \
            or _section_at(hs, t.page, t.bbox[1]) or _heading_section(r, t.page, t.bbox[1])
        out += _grid_records(r, t, grid, k + 1, roles, section, legend)
    return out


def _grid_records(r: DocReader, t, grid: list[list[str]], first: int, roles: list[str | None], section,
                  legend: bool) -> list[Record]:
    """One record per grid row from `first` on, its cells by the header's roles, its evidence the row's box; a row
    with neither a date nor a number is not a record."""
    out = []
    for ri, row in enumerate(grid[first:], start=first):
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
    return out


def _split(span, cuts: list[int]) -> list[tuple[str, tuple]]:
    """The span cut before each character index in `cuts`, each piece with its share of the span's box (CJK print
    is evenly spaced); spaces at a cut are dropped."""
    text = span.text
    x0, x1 = span.bbox[0], span.bbox[2]
    em = (x1 - x0) / (sum(advance(c) for c in text) or 1.0)
    out, start = [], 0
    for end in cuts + [len(text)]:
        a = x0 + sum(advance(c) for c in text[:start]) * em
        b = x0 + sum(advance(c) for c in text[:end]) * em
        if text[start:end].strip():
            out.append((text[start:end].strip(), (a, span.bbox[1], b, span.bbox[3])))
        start = end
    return out


def _header_pieces(span) -> list[tuple[str, tuple]]:
    """A header span that holds two column names OCR or the text layer joined (序号行政处罚决定书文号) is cut between
    them; any other header span is one column."""
    text = squash(span.text)
    names = {w for w, _ in column_words() if len(w) >= 2}
    # a cut where one name ends and another begins (not inside a longer name: 决定书文号 holds 文号)
    cuts = [i for i in range(2, len(text) - 1) if any(text[:i].endswith(w) for w in names)
            and any(text[i:].startswith(w) or re.match(rf"[\u4e00-\u9fff]{{0,6}}{re.escape(w)}$", text[i:])
                    for w in names)]
    return _split(span, cuts[:1]) if cuts else [(span.text, span.bbox)]


def _pieces_across(span, columns: list[tuple[float, float]]) -> list[tuple[str, tuple]]:
    """A span OCR joined over two cells where their gap was narrow (上海市金山区应急管理 2024-10-30, …城市管理2020-
    04-28) is cut at the space OCR put in the gap, or where 汉字 meet digits, when its pieces fall under different
    columns; any other span stays whole."""
    text = span.text
    spaces = [i for i in range(1, len(text)) if text[i - 1] == " "]
    # 汉字 then a digit, not inside a number (第12号, 〔2024〕12号, 2024年5月)
    joins = [i for i in range(1, len(text)) if advance(text[i - 1]) == 1.0 and text[i].isdigit()
             and not re.match(r"[年月日号第〔〕（）()\[\]【】]", text[i - 1])]
    for i in spaces + joins:
        pieces = _split(span, [i])
        if len(pieces) == 2 and _column_of(pieces[0][1], columns) != _column_of(pieces[1][1], columns):
            return pieces
    return [(text, span.bbox)]


def _column_of(bbox, columns: list[tuple[float, float]]) -> int:
    """The header column a cell stands under: the one it overlaps most, else the one whose centre is nearest."""
    overlaps = [max(0.0, min(bbox[2], x1) - max(bbox[0], x0)) for x0, x1 in columns]
    if max(overlaps) > 0:
        return overlaps.index(max(overlaps))
    centre = (bbox[0] + bbox[2]) / 2
    return min(range(len(columns)), key=lambda n: abs((columns[n][0] + columns[n][1]) / 2 - centre))


def _header_record(cells: dict[int, str], roles: list[str | None], section, head, legend: bool, evidence) -> Record:
    rec = Record(section, page=head.page, top=head.top, evidence=evidence)
    for k, v in cells.items():
        role = roles[k] if k < len(roles) else None
        if role and v.strip():
            rec.values[role] = v
    if legend and SERIOUS_MARK.search(str(rec.values.get("seq", ""))):
        rec.values["serious"] = True
    if "removed" in rec.values and section not in ("dishonest", "abnormal"):
        rec.section = "abnormal"
    return rec


def read_report(r: DocReader) -> dict[str, object]:
    """Every section of a credit report: the penalties, listings and abnormal-operations records (as
    `read_records`: (values, evidence)), the records of the other sections (likewise), the state of each section
    and the summary counts."""
    hs = headings(r)
    recs = from_tables(r)
    for rec in recs:
        # A table's section is the data heading above it, unless its own header says listing (列入/移出 columns).
        above = _section_at(hs, rec.page, rec.top)
        if above not in (None, "summary") and rec.section not in ("abnormal", "dishonest"):
            rec.section = above
    recs += from_rows_sectioned(r, hs, skip_tables=bool(recs))
    recs += from_tables_lower_header(r, hs, recs)
    recs += from_header_rows(r, hs)
    recs += from_inline_pairs(r, hs)
    recs += from_tagged_lines(r)
    recs += from_prose(r)  # records told in sentences, beside or instead of tables (deduplicated below)
    for section in ("penalties", "dishonest", "abnormal"):
        if not any(x.section == section for x in recs):
            recs += from_section_prose(r, hs, section)
    out: dict[str, list[dict]] = {"penalties": [], "dishonest": [], "abnormal": [], "other_records": []}
    evidence: dict[str, list] = {k: [] for k in out}
    counted: dict[str, list] = {}
    seen = set()
    numbered = {(x.section, _date(str(x.values.get("date") or ""))) for x in recs if x.values.get("number")}
    for rec in recs:
        section = rec.section
        if section == "penalties" and not rec.values.get("number") and set(rec.values) <= {"date", "seq"} and \
                (section, _date(str(rec.values.get("date") or ""))) in numbered:
            continue  # a date alone, the wrapped end of a record read whole by another reader (…处罚决定 / 日期：…)
        if section == "penalties" and rec.values.get("licence"):
            section = "licences"  # 行政许可 records printed under 行政管理信息
        if section in ("judicial", None) and rec.values.get("status"):
            section = "dishonest"  # 失信被执行人 entries under 司法判决及执行信息 (履行情况)
        if section == "dishonest" and not rec.values.get("list"):
            head = next((h.text for h in reversed(hs) if (h.page, h.top) < (rec.page, rec.top + 0.01)
                         and h.category == "dishonest"), None)
            rec.values["list"] = re.sub(r"信息$", "", head) + ("名单" if head and "名单" not in head else "") \
                if head else None
        rec = Record(section, rec.values, rec.page, rec.top, evidence=rec.evidence)
        if section in ("penalties", "dishonest", "abnormal"):
            v = _finish(rec)
            key = (section, v.get("number"), v.get("date"))
            if key in seen:
                continue
            seen.add(key)
            out[section].append(v)
            evidence[section] += [e for e in rec.evidence if e not in evidence[section]]
            counted.setdefault(section, []).append(v)
        elif section and section not in ("registration", "summary"):
            v = {"section": section, "date": _date(str(rec.values.get("date") or "")),
                 "number": squash(str(rec.values.get("number") or rec.values.get("licence") or "")) or None,
                 "authority": _authority(rec.values.get("authority"))}
            key = (section, v["number"], v["date"])
            if key in seen:
                continue
            seen.add(key)
            out["other_records"].append(v)
            evidence["other_records"] += [e for e in rec.evidence if e not in evidence["other_records"]]
            counted.setdefault(section, []).append(v)
    result: dict[str, object] = {k: (v, evidence[k]) for k, v in out.items()}
    result["sections"] = section_states(r, counted, hs)
    result["summary"] = summary_counts(r)
    return result
