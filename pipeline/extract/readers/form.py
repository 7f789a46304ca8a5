"""The 申报表: what the applicant declares, item by item — in Word, in Excel, or on a scanned or PDF form.

The applicant's block (申报单位, 统一社会信用代码, 联系人 …) is read by the kind's labels like any labelled field.
The declared items are the rows under a header row whose cells name what the column holds (条款, 申报项目, 级别,
获得时间, 申报金额 …: the kind's `columns`, so a new header word is a data change): in a ruled table (a Word or
Excel table, a PDF's drawn rules, the lines of a scan), or, where no rules were found, in lines aligned under such a
header. A row is kept as written — its item text, the article and clause it names (第五条第（二）项, 5.2, 五（二）),
its amount (30 under a 万元 header, 300,000, 叁拾万元整, 30万元) — with the cells it was read from as evidence;
which catalog item it is, is decided with the policy (`pipeline.decide.declared`). A 合计 row gives the total the
applicant states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from models.facts import Fact
from pipeline.extract.amounts import find_amounts
from pipeline.extract.cnnum import cn_to_int
from pipeline.extract.reader import DocReader
from pipeline.extract.values import squash

ROLES = ("seq", "article", "item", "level", "rank", "date", "amount", "note")
_UNIT_NOTE = re.compile(r"[（(]\s*([^）)]{1,8})\s*[)）]")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|共\s*计|申报(?:金额|资金)?(?:合计|总额)|总\s*额)")
_CN = "零〇一二两三四五六七八九十百"


def tidy(text: str) -> str:
    """A cell as written, for the reviewer: runs of white space as one space, none between two Chinese characters
    (OCR and letter-spacing put them there), so 主导制订国家标准 GB/T 46012 keeps its space."""
    t = re.sub(r"\s+", " ", (text or "").replace("\u3000", " ")).strip()
    return re.sub(r"(?<=[\u4e00-\u9fff（）：，])\s(?=[\u4e00-\u9fff（）：，])", "", t)


@lru_cache(maxsize=1)
def column_words() -> tuple[tuple[str, str], ...]:
    """Header words → what the column holds, from the kind's data, longest first."""
    from pipeline.kinds import kind

    cols = kind("application_form").fields["declared_items"].columns
    return tuple(sorted(((w, role) for role, words in cols.items() for w in words), key=lambda p: -len(p[0])))


def header_role(text: str) -> str | None:
    """What a header cell says its column holds; the unit in brackets (申报金额（万元）) does not count."""
    t = _UNIT_NOTE.sub("", squash(text)).strip("：: ")
    if not t or len(t) > 12:
        return None
    for word, role in column_words():
        if word in t and len(t) <= len(word) + 3:
            return role
    return None


def header_unit(text: str) -> int | None:
    """Yuan per unit a header or label states: 万元 → 10,000, 元 → 1."""
    t = squash(text)
    if re.search(r"万\s*元|万$|[（(]\s*万", t):
        return 10_000
    if re.search(r"[（(]\s*元\s*[)）]|（元|\(元|元$", t):
        return 1
    return None


def parse_amount(text: str, unit: int | None) -> tuple[int | None, str | None]:
    """(yuan, note) of an amount cell. A plain number takes the header's unit; without one its size decides (the
    policy's amounts are 1万 to 100万 yuan, so 30 is 万元 and 300000 is 元) and the note says so."""
    t = squash(text or "").replace("，", ",")
    if not t or t in ("-", "—", "/", "无"):
        return None, None
    found = find_amounts(t)
    if found:
        return int(found[0].value), found[0].note or None
    m = re.fullmatch(r"[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|万|元)?", t)
    if not m:
        return None, None
    number = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
    written = {"万元": 10_000, "万": 10_000, "元": 1}.get(m.group(3) or "")
    if written or unit:
        return int(round(number * (written or unit))), None
    if number < 1000:
        return int(round(number * 10_000)), f"金额“{text.strip()}”未注明单位，按万元计"
    return int(round(number)), f"金额“{text.strip()}”未注明单位，按元计"


def _num(s: str) -> int | None:
    s = s.strip()
    if s.isdigit():
        return int(s)
    return cn_to_int(s)


def parse_article(text: str) -> tuple[int | None, int | None]:
    """(article, clause) as a 申报表 writes them: 第五条第（二）项, 第五条（二）, 第5条第2项, 5.2, 五（二）, 第十四条."""
    t = squash(text or "").replace("（", "(").replace("）", ")")
    m = re.search(rf"第\s*([{_CN}\d]+)\s*条", t)
    if m:
        article = _num(m.group(1))
        rest = t[m.end():]
        c = re.match(rf"\s*(?:第\s*)?\(\s*([{_CN}\d]+)\s*\)|\s*第\s*([{_CN}\d]+)\s*[项款]", rest)
        clause = _num(c.group(1) or c.group(2)) if c else None
        return article, clause
    m = re.fullmatch(r"(\d{1,2})\s*[.．\-－、]\s*(\d{1,2})", t) or re.fullmatch(rf"([{_CN}]+)\s*\(\s*([{_CN}\d]+)\s*\)", t)
    if m:
        return _num(m.group(1)), _num(m.group(2))
    m = re.fullmatch(rf"(\d{{1,2}}|[{_CN}]+)", t)
    if m:
        return _num(m.group(1)), None
    return None, None


@dataclass
class DeclaredRow:
    cells: dict[str, str] = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    unit: int | None = None

    def value(self) -> dict:
        item = self.cells.get("item", "")
        article, clause = parse_article(self.cells.get("article", ""))
        if article is None:  # the article written in the item's own text: 第五条第（二）项 上海市质量金奖
            article, clause = parse_article(re.search(r"第\s*[^条]{1,3}\s*条[^，,\s]{0,8}", item).group()
                                            if re.search(r"第\s*[^条]{1,3}\s*条", item) else "")
        amount, note = parse_amount(self.cells.get("amount", ""), self.unit)
        return {"seq": self.cells.get("seq") or None, "text": item or self.cells.get("article", ""),
                "article_text": self.cells.get("article") or None, "article": article, "clause": clause,
                "level": self.cells.get("level") or None, "rank": self.cells.get("rank") or None,
                "date": self.cells.get("date") or None,
                "amount_text": self.cells.get("amount") or None, "amount_yuan": amount, "amount_note": note,
                "note": self.cells.get("note") or None, "evidence": list(self.evidence)}


def _is_total(cells: list[str]) -> bool:
    first = next((squash(c) for c in cells if c.strip()), "")
    return bool(_TOTAL.match(first))


def _row_box(cells) -> tuple[float, float, float, float]:
    return (min(c.bbox[0] for c in cells), min(c.bbox[1] for c in cells), max(c.bbox[2] for c in cells),
            max(c.bbox[3] for c in cells))


@dataclass
class Declared:
    rows: list[DeclaredRow] = field(default_factory=list)
    total: tuple[int, str | None, list] | None = None  # (yuan, note, evidence) of the 合计 row
    unit: int | None = None


def from_tables(r: DocReader) -> Declared:
    """Rows under a header row, in ruled tables; a table that continues on the next page without its header keeps
    the columns of the one before."""
    out = Declared()
    roles: list[str | None] | None = None
    n_cols = 0
    for t in r.tables:
        grid = t.grid()
        by_row: dict[int, list] = {}
        for c in t.cells:
            by_row.setdefault(c.row, []).append(c)
        continued = roles is not None and t.n_cols == n_cols
        if not continued:
            roles = None
        for ri, row in enumerate(grid):
            head = [header_role(x) for x in row]
            named = {x for x in head if x}
            if "item" in named and ("amount" in named or "article" in named) and len(named) >= 2:
                roles, n_cols = head, t.n_cols
                units = [header_unit(x) for x, role in zip(row, head) if role == "amount"]
                out.unit = next((u for u in units if u), out.unit)
                continue
            if roles is None:
                continue
            texts = {role: tidy(cell) for role, cell in zip(roles, row) if role and tidy(cell)}
            cells = by_row.get(ri, [])
            if _is_total(row):
                amounts = [parse_amount(x, out.unit) for x in row[1:] if x.strip()]
                got = texts.get("amount") and parse_amount(texts["amount"], out.unit)
                got = got if got and got[0] is not None else next((a for a in reversed(amounts) if a[0]), None)
                if got and got[0] is not None:
                    out.total = (got[0], got[1], r.cell_evidence(t.page, _row_box(cells), "".join(row)) if cells else [])
                roles = None  # the table of items ends at its total
                continue
            if not texts.get("item") and not texts.get("article"):
                if any(squash(x) for x in row) and not texts:
                    roles = None  # a row of another part of the form (承诺, 意见): the items have ended
                continue
            if header_role(texts.get("item", "")) == "item":
                continue  # a repeated header row
            ev = r.cell_evidence(t.page, _row_box(cells), " ".join(x for x in row if x)) if cells else []
            out.rows.append(DeclaredRow(texts, ev, out.unit))
    return out


def _column_of(x0: float, x1: float, cols: list[tuple[float, float, str]]) -> str | None:
    """The header column a span belongs to: the one it overlaps most, else the nearest by centre."""
    best, score = None, 0.0
    for a, b, role in cols:
        overlap = min(x1, b) - max(x0, a)
        if overlap > score:
            best, score = role, overlap
    if best is None and cols:
        cx = (x0 + x1) / 2
        best = min(cols, key=lambda c: abs((c[0] + c[1]) / 2 - cx))[2]
    return best


def from_aligned(r: DocReader) -> Declared:
    """Rows of a form whose rules were not found (a faint scan, a PDF drawn without lines): the header row's spans
    give the columns; each span under it goes to the column it overlaps."""
    out = Declared()
    rows = r.rows
    cols: list[tuple[float, float, str]] | None = None
    for row in rows:
        head = [header_role(s.text) for s in row.spans]
        named = {x for x in head if x}
        if "item" in named and ("amount" in named or "article" in named) and len(named) >= 2:
            spans = row.spans
            edges = []
            for k, (s, role) in enumerate(zip(spans, head)):
                left = (spans[k - 1].bbox[2] + s.bbox[0]) / 2 if k else s.bbox[0] - 200
                right = (s.bbox[2] + spans[k + 1].bbox[0]) / 2 if k + 1 < len(spans) else s.bbox[2] + 200
                if role:
                    edges.append((left, right, role))
            cols = edges
            units = [header_unit(s.text) for s, role in zip(spans, head) if role == "amount"]
            out.unit = next((u for u in units if u), out.unit)
            continue
        if cols is None:
            continue
        texts: dict[str, str] = {}
        for s in row.spans:
            role = _column_of(s.bbox[0], s.bbox[2], cols)
            if role:
                texts[role] = tidy(texts.get(role, "") + " " + s.text)
        cells_text = [s.text for s in row.spans]
        ev = r.fact_spans(None, row.spans).evidence
        if _is_total(cells_text):
            got = parse_amount(texts.get("amount", ""), out.unit)
            if got[0] is None:
                got = next((a for a in (parse_amount(x, out.unit) for x in reversed(cells_text[1:])) if a[0]), (None, None))
            if got[0] is not None:
                out.total = (got[0], got[1], ev)
            cols = None
            continue
        joined = squash("".join(cells_text))
        if "。" in joined or len(joined) > 80 or not (texts.get("item") or texts.get("article")):
            if out.rows:
                cols = None  # running text after the table: the items have ended
            continue
        out.rows.append(DeclaredRow(texts, ev, out.unit))
    return out


def _stated_total(r: DocReader) -> tuple[int, str | None, list] | None:
    """申报总额 / 申报金额合计 as a labelled field of the applicant's block (its unit in the label or the value)."""
    from pipeline.extract import geometry as geo
    from pipeline.kinds import kind

    spec = kind("application_form").fields["declared_total"]
    for t in r.tables:
        cells = sorted(t.cells, key=lambda c: (c.row, c.col))
        for c in cells:
            t_label = _UNIT_NOTE.sub("", squash(c.text)).strip("：: ")
            if not any(t_label == lb for lb in spec.labels):
                continue
            right = [x for x in cells if x.row == c.row and x.col > c.col and x.text.strip()]
            if right:
                target = min(right, key=lambda x: x.col)
                yuan, note = parse_amount(target.text, header_unit(c.text))
                if yuan is not None:
                    return yuan, note, r.cell_evidence(t.page, target.bbox, target.text)
    for lb in spec.labels:
        for i, m in geo.find_label(r.rows, lb):
            v = geo.value_right(r.rows, i, m, ())
            if v is None:
                continue
            unit_text = r.rows[i].text[m.end():m.end() + 8]
            text = _UNIT_NOTE.sub("", v.text) if header_unit(unit_text) else v.text
            yuan, note = parse_amount(text.strip("：: "), header_unit(unit_text))
            if yuan is not None:
                return yuan, note, r.fact_spans(None, v.spans).evidence
    return None


def read(r: DocReader, kind, out: dict, ctx) -> None:
    found = from_tables(r)
    if not found.rows:
        aligned = from_aligned(r)
        if aligned.rows:
            found = aligned
    if found.rows:
        values = [row.value() for row in found.rows]
        evidence = [e for row in found.rows for e in row.evidence]
        out["declared_items"] = Fact(value=values, evidence=evidence,
                                     confidence=min((e.confidence for e in evidence), default=1.0))
    total = found.total or _stated_total(r)
    if total is not None:
        yuan, note, ev = total
        out["declared_total"] = Fact(value=yuan, evidence=ev, note=note,
                                     confidence=min((e.confidence for e in ev), default=1.0))
