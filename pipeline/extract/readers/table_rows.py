"""Winner lists of award notices in every form: ruled tables, tables whose columns are only aligned, numbered
lists with 完成单位 lines, and decision sentences (授予A、B、C……称号).

Every form becomes the same records — sequence number, rank, project, the units' text — with wrapped cells joined
(a row whose 序号 column is empty continues the row above, also at the top of the next page) and ranks given as
group rows (一等奖（4项）) or headings (一、一等奖) carried down to the rows under them. `winner_rows(r, names)` then
answers, for each party asked about, which row it is in: the applicant-anchored reading of a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from models.facts import Fact
from pipeline.extract.codes import find_standard_codes, year_dash
from pipeline.extract.fuzzy import same_organization
from pipeline.read.layout import rows as visual_rows
from pipeline.extract.reader import DocReader
from pipeline.extract.values import ORG_SUFFIXES, continues, squash
from pipeline.kinds import kind

@lru_cache(maxsize=1)
def head_words() -> tuple[tuple[str, str], ...]:
    """Winner-list column headers → what the column holds, from the notice kind's data, longest first."""
    cols = kind("award_notice").fields["units"].columns
    return tuple(sorted(((w, role) for role, words in cols.items() for w in words), key=lambda p: -len(p[0])))

RANK = re.compile(r"(特等奖|一等奖|二等奖|三等奖|提名奖)")
_GROUP_RANK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]\s*)?(?P<r>特等奖|一等奖|二等奖|三等奖|提名奖)"
                         r"\s*(?:[（(]\s*[\d一二三四五六七八九十]+\s*项\s*[)）])?$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\s*[．.、·]\s*(?P<p>.+)$")  # OCR may read the full stop of 1． as ·
_RUNNING = re.compile(r"https?://|^\d+\s*/\s*\d+$|第\s*\d+\s*页|^-\s*\d+\s*-$|^\d{4}/\d{1,2}/\d{1,2}")


@dataclass
class WinnerRow:
    seq: str = ""
    rank: str | None = None
    project: str = ""
    units: str = ""
    spans: list = field(default_factory=list)


def _head_role(text: str) -> str | None:
    t = squash(text)
    for word, role in head_words():
        if word in t and len(t) <= len(word) + 3:
            return role
    return None


def _header_cells(spans) -> list[tuple[object, str | None]]:
    """Each header cell with what its column holds; a span OCR ran over two header cells (等级序号) is cut into its
    words, each given its share of the span's width."""
    out = []
    for s in spans:
        t = squash(s.text)
        parts = _header_words(t)
        if len(parts) < 2:
            out.append((s, _head_role(s.text)))
            continue
        x0, x1 = s.bbox[0], s.bbox[2]
        at = 0
        for word, role in parts:
            a, b = x0 + (x1 - x0) * at / len(t), x0 + (x1 - x0) * (at + len(word)) / len(t)
            out.append((s.model_copy(update={"text": word, "bbox": (a, s.bbox[1], b, s.bbox[3])}), role))
            at += len(word)
    return out


def _header_words(t: str) -> list[tuple[str, str]]:
    """The header words a text is made of, in order, when it is two or more of them and nothing else."""
    if not t:
        return []
    for word, role in head_words():
        if t.startswith(word):
            rest = t[len(word):]
            if not rest:
                return [(word, role)]
            more = _header_words(rest)
            if more:
                return [(word, role), *more]
    return []


def _merged_by_header(r: DocReader, t, grid: list[list[str]]) -> list[list[str]]:
    """The grid with the columns under one header cell joined: a column whose header is empty belongs to the
    header on its left (a rule found inside a cell — a stroke of the print, a fold — splits it; its lines are
    read again across the whole cell, line by line, so the text keeps its order)."""
    head = grid[0]
    groups: list[list[int]] = []
    for i, h in enumerate(head):
        if h.strip() or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    if all(len(g) == 1 for g in groups):
        return grid
    boxes = {(c.row, c.col): c.bbox for c in t.cells}
    spans = [s for s in r.doc.spans if s.page == t.page]
    out = []
    for ri, row in enumerate(grid):
        cells = []
        for g in groups:
            parts = [boxes[(ri, ci)] for ci in g if (ri, ci) in boxes]
            if len(g) == 1 or not parts:
                cells.append(" ".join(row[ci] for ci in g if ci < len(row) and row[ci]).strip())
                continue
            x0, y0 = min(b[0] for b in parts), min(b[1] for b in parts)
            x1, y1 = max(b[2] for b in parts), max(b[3] for b in parts)
            inside = [s for s in spans
                      if x0 <= (s.bbox[0] + s.bbox[2]) / 2 <= x1 and y0 <= (s.bbox[1] + s.bbox[3]) / 2 <= y1]
            text = "".join(s.text for line in visual_rows(inside) for s in line)
            cells.append(text or " ".join(row[ci] for ci in g if row[ci]).strip())
        out.append(cells)
    return out


def _from_tables(r: DocReader) -> list[WinnerRow]:
    out: list[WinnerRow] = []
    roles: list[str | None] | None = None
    rank = None
    for t in r.tables:
        grid = t.grid()
        if not grid:
            continue
        if sum(1 for c in grid[0] if _head_role(c)) >= 2:
            grid = _merged_by_header(r, t, grid)
        head = [_head_role(c) for c in grid[0]]
        start = 0
        if sum(1 for x in head if x) >= 2 and "units" in head:
            roles, start = head, 1
        elif roles is None or len(roles) != len(grid[0]):
            continue
        for row in grid[start:]:
            cells: dict[str | None, str] = {}
            for role, cell in zip(roles, row):
                if cell:
                    cells[role] = f"{cells[role]} {cell}" if role in cells else cell
            joined = squash("".join(row))
            g = _GROUP_RANK.match(joined)
            if g:
                rank = g.group("r")
                continue
            seq = squash(cells.get("seq") or "")
            if out and not row[0].strip() and not cells.get("rank"):
                prev = out[-1]  # a row split across a page break: its cells continue the row above
                prev.project += squash(cells.get("project") or "")
                prev.units += squash(cells.get("units") or "")
                continue
            rr = squash(cells.get("rank") or "")
            m = RANK.search(rr)
            out.append(WinnerRow(seq, m.group(1) if m else rank, squash(cells.get("project") or ""),
                                 squash(cells.get("units") or "")))
    return out


def _cluster(xs: list[float], tol: float) -> list[tuple[float, int]]:
    out: list[list[float]] = []
    for x in sorted(xs):
        if out and x - out[-1][-1] <= tol:
            out[-1].append(x)
        else:
            out.append([x])
    return [(min(c), len(c)) for c in out]


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """What an organisation's name may begin with: the provinces of GB/T 2260 (pipeline/extract/standard_codes.yaml
    regions, without 省/市/自治区) and 中国/国家/全国."""
    from pipeline.extract.codes import code_data

    stems = {re.sub(r"(?:壮族|回族|维吾尔)?自治区$|省$|市$|特别行政区$", "", n) for n in code_data()["regions"].values()}
    return tuple(sorted(stems | {"中国", "国家", "全国"}, key=len, reverse=True))


def _width(c: str) -> float:
    return 0.5 if ord(c) < 0x80 else 1.0  # Latin letters and digits print about half as wide as 汉字 and —《》


def _pieces(spans, edges: list[float], h: float) -> list[tuple[str, float]]:
    """(text, left x) of each span, a span that OCR ran across a column's edge (2QB/T4490—2022《…》 / …《…连上海
    精达…有限公司) cut there in proportion to its characters' widths, the cut moved onto a bracket's end nearby."""
    out = []
    for s in spans:
        x0, x1, text = s.bbox[0], s.bbox[2], s.text
        inner = [x for x in edges if x0 + h < x < x1 - h]
        if not inner or not text:
            out.append((text, x0))
            continue
        widths = [_width(c) for c in text]
        total, cuts = sum(widths), []
        for x in inner:
            want, acc, k = (x - x0) / (x1 - x0) * total, 0.0, 0
            while k < len(text) and acc + widths[k] / 2 < want:
                acc += widths[k]
                k += 1
            # the two cells meet just after a title's closing bracket, just before a place name (an organisation's
            # name begins with one: 上海…, 浙江…, 国家…), or where digits meet 汉字 (9智能水表…: 序号 and project)
            near = [j for j in range(max(1, k - 2), min(len(text), k + 3))
                    if text[j - 1] in "》）)" or text[j:].startswith(place_names())
                    or (_width(text[j - 1]) != _width(text[j]) and (text[j - 1].isdigit() or text[j].isdigit()))]
            cuts.append((min(near, key=lambda j: abs(j - k)) if near else k, x))
        starts = {0: x0, **{j: x for j, x in cuts}}  # a piece cut at a column's edge begins at that edge
        bounds = sorted(starts) + [len(text)]
        for a, b in zip(bounds, bounds[1:]):
            if text[a:b].strip():
                out.append((text[a:b], starts[a]))
    return out


def _starts_project(cell: str, above: str) -> bool:
    """A row whose 序号 OCR lost still starts a project: its project cell opens with a standard's code while the
    project above is complete (no 《 left open)."""
    code = find_standard_codes(cell)
    return bool(code) and code[0].start == 0 and above.count("《") <= above.count("》") and bool(above)


def _column_edges(heads: list, starts: list[float], h: float,
                  before: list[tuple[float, str]] | None = None) -> list[tuple[float, str]] | None:
    """Each header's column starts where most of the text under it starts: the commonest start between the end
    of the header before it and its own end (a header is centred over its column or starts it; where OCR ran two
    cells together, few spans start in the column, but some do). A column where none starts keeps its edge from
    the same table's header on the page before, else the header's own start."""
    known = dict((role, x) for x, role in before or [])
    cols, prev_end = [], float("-inf")
    for span, role in heads:
        inside = _cluster([x for x in starts if prev_end - 0.5 * h < x <= span.bbox[2]], 1.2 * h)
        x = max(inside, key=lambda c: c[1])[0] if inside else known.get(role, span.bbox[0])
        cols.append((x, role))
        prev_end = span.bbox[2]
    xs = [x for x, _ in cols]
    return cols if xs == sorted(xs) and len(set(xs)) == len(xs) else None


def _cells(row, cols: list[tuple[float, str]]) -> dict[str, str]:
    """A row's text per column: each piece goes to the last column whose edge it starts at or after."""
    h = max(1.0, row.spans[0].bbox[3] - row.spans[0].bbox[1])
    cells: dict[str, str] = {}
    last_col: dict[str, float] = {}
    for s, left in _pieces(row.spans, [x for x, _ in cols], h):
        role, col_x = cols[0][1], cols[0][0]
        for x, rl in cols:
            if left >= x - 1.0 * h:
                role, col_x = rl, x
        k = [rl for _, rl in cols].index(role)
        num = re.match(r"\d{1,3}[★*]?(?!\d)", squash(s))
        if num and k and cols[k - 1][1] == "seq" and left < col_x and "seq" not in cells:
            # a piece that starts left of the column after 序号 and opens with a number (7 / 2食品…) starts in
            # the 序号 column: the column's edge was only allowed for
            cells["seq"] = num.group()
            s = squash(s)[num.end():]
            if not s.strip():
                continue
        # Two columns that both hold the project (标准编号, 标准名称) read as one value with a space.
        sep = " " if role in last_col and last_col[role] != col_x else ""
        cells[role] = cells.get(role, "") + sep + squash(s)
        last_col[role] = col_x
    return cells


def _skips_one(rows, i: int, cols, seq: str) -> bool:
    """Whether the next numbered row after rows[i] is numbered two past `seq`: the row in between lost its 序号
    (OCR dropped the digit), so the first line after the header repeated on a new page starts it."""
    if not seq.rstrip("★*").isdigit():
        return False
    for row in rows[i + 1:i + 30]:
        nxt = _cells(row, cols).get("seq", "").rstrip("★*")
        if nxt:
            return nxt.isdigit() and int(nxt) == int(seq.rstrip("★*")) + 2
    return False


_QUALIFIER = re.compile(r"[（(][\u4e00-\u9fff]{1,8}[）)]$")


def _unit_joint(above: str, line: str) -> str:
    """What joins a units cell's next line to it: 、 where the line above ends a name (…检测中心（上海） / 岳明…: one
    unit per line), nothing where a name wrapped (上海某某精密机械有 / 限公司, or a branch: …有限公司 / 金山分公司)."""
    if not above or not line or above.endswith(("、", "，", ",")):
        return ""
    whole = _QUALIFIER.sub("", above).endswith(ORG_SUFFIXES)
    return "、" if whole and not continues("org", above, line) else ""


def _from_aligned(r: DocReader) -> list[WinnerRow]:
    """A table whose columns are only aligned: the header row names the columns; the columns' left edges come
    from where the text under the header starts."""
    out: list[WinnerRow] = []
    rows = r.rows
    i = 0
    cols: list[tuple[float, str]] | None = None
    rank = None
    after_header = False  # the header repeated on a new page: the row under it may be one whose 序号 was lost
    while i < len(rows):
        row = rows[i]
        heads = _header_cells(row.spans)
        head = [rl for _, rl in heads]
        if sum(1 for x in head if x) >= 2 and "units" in head and len(row.spans) <= 5:
            # Column edges: where the spans under each header cell start (_column_edges).
            under = [s for rr in rows[i + 1:i + 40] if rr.page == row.page for s in rr.spans
                     if not _RUNNING.search(s.text)]
            h = max(1.0, row.spans[0].bbox[3] - row.spans[0].bbox[1])
            cols = _column_edges([(s, rl) for s, rl in heads if rl], [s.bbox[0] for s in under], h, cols) or cols
            after_header = bool(out)
            i += 1
            continue
        if cols is None:
            i += 1
            continue
        text = squash(row.text.replace("\t", ""))
        if _RUNNING.search(row.text) or not text:
            i += 1
            continue
        g = _GROUP_RANK.match(text)
        if g:
            rank = g.group("r")
            i += 1
            continue
        if "。" in text or len(text) > 120:  # running text after the table: the table has ended
            cols = None
            i += 1
            continue
        cells = _cells(row, cols)
        if len(cells) == 1 and "units" not in cells and "project" not in cells and "seq" not in cells:
            i += 1
            continue
        seq = cells.get("seq", "")
        lead = re.match(r"\d{1,3}[★*]?(?=[A-Za-z\u4e00-\u9fff《“])", seq)
        roles = [rl for _, rl in cols]
        if lead and "seq" in roles and roles.index("seq") + 1 < len(roles):
            # OCR ran the 序号 into the next cell within a character or two of the narrow column's edge (8DB31/T…)
            nxt = roles[roles.index("seq") + 1]
            cells[nxt] = seq[lead.end():] + cells.get(nxt, "")
            cells["seq"] = seq = lead.group()
        if seq and not re.fullmatch(r"\d{1,3}[★*]?", seq):
            # Text in the first column that is not a number: a heading or the signature block ends the table.
            if out and not re.search(r"\d", seq):
                cols = None
            i += 1
            continue
        # A row with nothing in the first column (the 序号 column where there is one: a rank printed once for its
        # group leaves the first column empty) continues the row above (a wrapped cell).
        first = "seq" if any(rl == "seq" for _, rl in cols) else cols[0][1]
        if first in cells or not out or _starts_project(cells.get("project", ""), out[-1].project) \
                or (after_header and _skips_one(rows, i, cols, out[-1].seq)):
            m = RANK.search(cells.get("rank", ""))
            if m:
                rank = m.group(1)  # a rank cell merged over its group's rows: the rows under it have that rank
            out.append(WinnerRow(seq, rank, cells.get("project", ""), cells.get("units", ""), list(row.spans)))
        else:
            out[-1].project += cells.get("project", "")
            out[-1].units += _unit_joint(out[-1].units, cells.get("units", "")) + cells.get("units", "")
            out[-1].spans += row.spans
        after_header = False
        i += 1
    return out


def _from_lists(r: DocReader) -> list[WinnerRow]:
    """Ranks as headings, numbered projects, units on a 完成单位： line that wraps."""
    out: list[WinnerRow] = []
    rank = None
    in_units = False
    for row in r.rows:
        text = squash(row.text.replace("\t", ""))
        if not text or _RUNNING.search(row.text):
            continue
        g = _GROUP_RANK.match(text)
        if g and out and not out[-1].units and re.search(r"[—－-]$", out[-1].project):
            out[-1].project += text  # the entry's own rank after its dash, wrapped (……）—— / 三等奖)
            out[-1].spans += row.spans
            continue
        if g:
            rank, in_units = g.group("r"), False
            continue
        m = _NUMBERED.match(text)
        if m and not text.startswith(("完成单位", "获奖单位")) and (not out or out[-1].units or
                                                           "单位" in out[-1].project or int(m.group("n")) > 1):
            out.append(WinnerRow(m.group("n"), rank, m.group("p").strip(), "", list(row.spans)))
            in_units = False
            continue
        m = re.match(r"^(?:主要)?(?:完成|获奖|申报)单位[:：](?P<u>.*)$", text)
        if not m and out and not in_units and not out[-1].units:
            out[-1].project += text  # the project's name wrapped onto the next line
            out[-1].spans += row.spans
            continue
        if m and out:
            out[-1].units += m.group("u")
            out[-1].spans += row.spans
            in_units = True
            continue
        if in_units and out and not re.match(r"^[一二三四五六七八九十]+、", text):
            if re.search(r"[。]$", text) or len(text) > 60:
                in_units = False
                continue
            out[-1].units += text
            out[-1].spans += row.spans
    for w in out:
        _split_inline(w)
    return [w for w in out if w.units]


def _bracketed(text: str) -> tuple[str, str]:
    """(inside, after) of a bracket opened just before `text`: brackets inside it (国家…检测中心（上海）) are kept."""
    depth = 0
    for i, c in enumerate(text):
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                return text[:i], text[i + 1:]
            depth -= 1
    return text, ""


def _split_inline(w: WinnerRow) -> None:
    """An entry written on one (wrapping) line: 项目（完成单位：A、B）——一等奖."""
    if w.units:
        return
    m = re.search(r"(?P<open>[（(]?)\s*(?:主要)?(?:完成|获奖|申报)单位[:：]", w.project)
    if m is None:
        return
    units, rest = _bracketed(w.project[m.end():]) if m.group("open") else (w.project[m.end():], "")
    project = w.project[:m.start()].strip()
    rank = RANK.search(rest or "")
    w.project, w.units = project, units
    if rank:
        w.rank = rank.group(1)


def _from_prose(r: DocReader) -> list[WinnerRow]:
    text = r.text.replace("\n", "")
    out = []
    for m in re.finditer(r"授予(?P<u>[^。]{4,400}?)(?P<h>“[^”]{2,20}”|[\u4e00-\u9fff]{2,30}?(?:奖|称号))", text):
        rank = RANK.search(m.group("h"))
        out.append(WinnerRow("", rank.group(1) if rank else None, "", m.group("u")))
    return out


def all_rows(r: DocReader) -> list[WinnerRow]:
    for finder in (_from_tables, _from_aligned, _from_lists, _from_prose):
        rows = finder(r)
        if rows:
            return rows
    return []


# Where one unit's name ends and the next begins when the 、 between them was lost at a line break.
_UNIT_END = re.compile(r"(?:(?<=有限公司)|(?<=研究院)|(?<=研究所)|(?<=大学)|(?<=学院)|(?<=检测中心)|(?<=技术中心))"
                       r"(?=[\u4e00-\u9fff])")


def _after_qualifier(text: str) -> list[str]:
    """…检测中心（上海）上海市…有限公司: a bracketed qualifier followed by a place name closes the name before it."""
    cuts = [i + 1 for i, c in enumerate(text) if c in "）)" and text[i + 1:].startswith(place_names())]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


def _units(text: str) -> list[str]:
    parts = [q for x in re.split(r"[、，,；;]", text) for p in _UNIT_END.split(x) for q in _after_qualifier(p)]
    return [u for u in (squash(x).strip("，,。；;") for x in parts) if u]


def _unlabelled(project: str) -> str:
    """An entry printed as labelled lines (项目名称：…) carries its label in the text read: the column words of the
    kind's data, before a colon, are no part of the project."""
    t = squash(project)
    for word, role in head_words():
        if role == "project" and re.match(rf"{re.escape(word)}\s*[:：]", t):
            return re.sub(rf"^{re.escape(word)}\s*[:：]\s*", "", t)
    return project


def winner_rows(r: DocReader, names) -> tuple[list[Fact], int]:
    """For each party asked about, the row it is in: {unit (as printed), rank, project}; and how many rows the list
    has (0: no list was read, which is not the same as a list without the applicant)."""
    rows = all_rows(r)
    out = []
    for name in names:
        best = None
        for w in rows:
            for u in _units(w.units):
                same, score = same_organization(u, name)
                if same and (best is None or score > best[0]):
                    best = (score, w, u)
        if best is None:
            continue
        _, w, u = best
        project = year_dash(_unlabelled(w.project)) or None
        value = {"unit": u, "rank": w.rank, "project": project}
        out.append(r.fact_spans(value, w.spans) if w.spans else Fact(value=value, confidence=0.9))
    return out, len(rows)
