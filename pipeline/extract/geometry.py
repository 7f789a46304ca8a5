"""Key → value by geometry: a printed label and its value right of it, under it, or in the next table cell.

Documents print the same field in many ways: 名称：X on one line; 名　　称 letter-spaced with the value glued on by
OCR (名 | 称X); the label on one line and the value under it (phone screenshots); a ruled table with the label in
the left cell. This module finds a kind's labels on the rows of a page (a label may run across spans and carry
spaces between its characters) and returns the value's text with the spans it came from. Which labels a field has
is data (pipeline/kinds/*.yaml); what a value must look like is `pipeline.extract.values`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from models.reading import Span
from pipeline.read.layout import rows as visual_rows

# between a letter-spaced label's characters: spaces, and the dots and marks OCR reads in the gap (住☑所)
_SEP = "[\\s\u3000\t.．·☑□▪]*"
_COLON = re.compile(r"^[\s\u3000\t]*[:：]?[\s\u3000\t]*")
# Punctuation, numbering and bullets that may stand before a label: "1.", "（一）", "●", "■".
_LEAD = r"(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）.、．]|[●■◆▪·•*★]){0,1}"


# A bracket in a label matches either width (生产者(制造商)名称 for 生产者（制造商）名称).
_BRACKETS = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]"}


@lru_cache(maxsize=4096)
def label_pattern(label: str) -> re.Pattern[str]:
    """A label with any spacing between its characters (名　　称, 类 型), at the start of a cell — not the end of a
    sentence that wrapped onto the line (…“上海市市长质量奖（个人）” / 荣誉称号。)."""
    body = _SEP.join(_BRACKETS.get(ch, re.escape(ch)) for ch in label if not ch.isspace())
    return re.compile(rf"(?:(?<=^)|(?<=\t)){_LEAD}{_SEP}{body}(?!\s*[。！!；;])")


@dataclass
class Row:
    page: int
    spans: list[Span]
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each span's text in `text`

    def __post_init__(self):
        pos, parts = 0, []
        for s in self.spans:
            self.starts.append(pos)
            parts.append(s.text)
            pos += len(s.text) + 1
        self.text = "\t".join(parts)

    @property
    def top(self) -> float:
        return min(s.bbox[1] for s in self.spans)

    @property
    def bottom(self) -> float:
        return max(s.bbox[3] for s in self.spans)

    def span_at(self, offset: int) -> int:
        i = 0
        for k, st in enumerate(self.starts):
            if st <= offset:
                i = k
        return i


@dataclass
class Value:
    """A value read off the page: its text and the spans that show it."""

    text: str
    spans: list[Span]
    label: str | None = None
    how: str = "right"  # right | below | above | cell | anywhere


def page_rows(spans: list[Span]) -> list[Row]:
    """Rows of every page of a document, top to bottom, each left to right."""
    by_page: dict[int, list[Span]] = {}
    for s in spans:
        by_page.setdefault(s.page, []).append(s)
    out: list[Row] = []
    for page in sorted(by_page):
        out.extend(Row(page, r) for r in visual_rows(by_page[page]))
    return out


def span_height(s: Span) -> float:
    return max(1.0, s.bbox[3] - s.bbox[1])


def _starts_with_label(text: str, labels: tuple[str, ...]) -> bool:
    return any(label_pattern(lb).match(text) for lb in labels)


def label_at(row: Row, k: int, labels: tuple[str, ...]) -> bool:
    """Whether a label starts at span k of the row (a letter-spaced label may run on into the next spans)."""
    return _starts_with_label(row.text[row.starts[k]:], labels)


def _cut_at_label(text: str, labels: tuple[str, ...]) -> str:
    """A value that runs into the next field's label (two columns read as one line) ends before that label — a
    label followed by its colon or a gap, not the same word inside the value (…标准项目奖 is not a 项目 label)."""
    cut = len(text)
    for lb in labels:
        if len(lb) < 2:
            continue
        m = re.search(_SEP.join(re.escape(c) for c in lb) + r"(?=[\s\u3000\t]*[:：]|[\s\u3000\t]+\S)", text)
        if m and 0 < m.start() < cut:
            cut = m.start()
    return text[:cut]


def find_label(rows: list[Row], label: str) -> list[tuple[int, re.Match[str]]]:
    pat = label_pattern(label)
    return [(i, m) for i, r in enumerate(rows) for m in [pat.search(r.text)] if m] or _split_label(rows, label)


def _split_label(rows: list[Row], label: str) -> list[tuple[int, re.Match[str]]]:
    """A letter-spaced label OCR cut in two on a skewed photo: its first character alone just above or below,
    the rest opening the span right of it (名 / 称 泓毅…). The match is the rest, in the span it opens."""
    chars = [ch for ch in label if not ch.isspace()]
    if len(chars) < 2:
        return []
    head, tail = chars[0], "".join(chars[1:])
    tail_pat = re.compile(_SEP.join(re.escape(ch) for ch in tail))
    out = []
    for i, r in enumerate(rows):
        for k, sp in enumerate(r.spans):
            m = tail_pat.match(r.text, r.starts[k])
            if not m:
                continue
            h = span_height(sp)
            cy = (sp.bbox[1] + sp.bbox[3]) / 2
            lone = [q for j in (i - 1, i + 1) if 0 <= j < len(rows) and rows[j].page == r.page
                    for q in rows[j].spans if q.text.strip() == head and q.bbox[2] <= sp.bbox[0] + 0.5 * h
                    and sp.bbox[0] - q.bbox[2] < 4 * h and abs((q.bbox[1] + q.bbox[3]) / 2 - cy) < 1.6 * h]
            if lone:
                out.append((i, m))
    return out


def value_right(rows: list[Row], i: int, m: re.Match[str], others: tuple[str, ...]) -> Value | None:
    """The value on the label's own row: the rest of the label's cell, then the cells right of it that are close
    enough to belong to it (a gap of two characters or more, or another label, ends it)."""
    row = rows[i]
    k = row.span_at(m.start())
    end_k = row.span_at(max(m.start(), m.end() - 1))
    span = row.spans[end_k]
    rest = row.text[m.end():].split("\t")[0] if row.text[m.end():m.end() + 1] != "\t" else ""
    rest = _COLON.sub("", rest)
    # A longer form of the label (依据标准和技术要求：…) ends at its colon; so does a bilingual label's English
    # name (证书号 Certificate No.：…).
    rest = re.sub(r"^[\u4e00-\u9fff/、和及与]{1,8}[:：]\s*", "", rest)
    rest = re.sub(r"^[A-Za-z][A-Za-z .'/()&-]{2,40}[:：]\s*", "", rest)
    used = [row.spans[j] for j in range(k, end_k + 1)]
    parts = [rest] if rest else []
    last = span
    for j in range(end_k + 1, len(row.spans)):
        nxt = row.spans[j]
        if label_at(row, j, others):
            break
        gap = nxt.bbox[0] - last.bbox[2]
        if parts and gap > 2.0 * span_height(last):
            break
        if not parts and gap > 12 * span_height(last):
            break
        parts.append(_COLON.sub("", nxt.text) if not parts else nxt.text)
        used.append(nxt)
        last = nxt
    text = _cut_at_label("".join(parts).strip(), others)
    return Value(text, used, how="right") if text else None


def value_beside(rows: list[Row], i: int, m: re.Match[str], others: tuple[str, ...]) -> Value | None:
    """The value right of a label that stands alone on its row, read off the row above or below: on a skewed photo
    a value can sit most of a line higher or lower than its label (类 型 under 有限责任公司（…）."""
    row = rows[i]
    lab = row.spans[row.span_at(max(m.start(), m.end() - 1))]
    if row.spans.index(lab) != len(row.spans) - 1 or row.text[m.end():].strip(" \t：:"):
        return None  # something stands right of the label on its own row: value_right's
    h = span_height(lab)
    cy = (lab.bbox[1] + lab.bbox[3]) / 2
    near = []
    for j in (i - 1, i + 1):
        if not 0 <= j < len(rows) or rows[j].page != row.page:
            continue
        for k, sp in enumerate(rows[j].spans):
            dy = abs((sp.bbox[1] + sp.bbox[3]) / 2 - cy)
            if lab.bbox[2] - 0.5 * h <= sp.bbox[0] <= lab.bbox[2] + 6 * h and dy <= 1.2 * h \
                    and not label_at(rows[j], k, others):
                near.append((dy, j, sp))
    if not near:
        return None
    _, j, sp = min(near, key=lambda t: t[0])
    text = _cut_at_label(_COLON.sub("", sp.text).strip(), others)
    return Value(text, [sp], how="right") if text else None


def value_below(rows: list[Row], i: int, m: re.Match[str], others: tuple[str, ...], above: bool = False
                ) -> Value | None:
    """The value under (or over) its label: the nearest span of the next row that overlaps the label's column."""
    row = rows[i]
    lab = row.spans[row.span_at(m.start())]
    h = span_height(lab)
    step = -1 if above else 1
    j, cands = i + step, []
    # The nearest row with a span in the label's column: a row of another column (证照编号 at the far right, a
    # little lower than the label) may come between them in reading order.
    while 0 <= j < len(rows) and rows[j].page == row.page and not cands:
        nxt = rows[j]
        if abs((nxt.top if not above else row.top) - (row.bottom if not above else nxt.bottom)) > 3.0 * h:
            return None
        cands = [s for s in nxt.spans if s.bbox[0] < lab.bbox[2] + 2 * h and s.bbox[2] > lab.bbox[0] - h]
        j += step
    if not cands:
        return None
    s = min(cands, key=lambda s: abs(s.bbox[0] - lab.bbox[0]))
    if label_at(nxt, nxt.spans.index(s), others):
        return None
    text = _cut_at_label(_COLON.sub("", s.text).strip(), others)
    return Value(text, [s], how="above" if above else "below") if text else None


def _english_gloss(value: str, line: str) -> bool:
    """A line of English words under a Chinese value (Scope of certification: …) is the item's English gloss,
    not the value going on."""
    words = re.findall(r"[A-Za-z]{2,}", line)
    return bool(re.search(r"[\u4e00-\u9fff]", value)) and not re.search(r"[\u4e00-\u9fff]", line) and len(words) >= 3


# A certificate's or letter's closing words (特发此证。) end the body; they carry on no value above them.
_CLOSING = re.compile(r"^(?:特发此证|特颁此证|特此证明|特此通知|特此决定|以资鼓励|特授此证)")


def continue_lines(rows: list[Row], i: int, v: Value, others: tuple[str, ...], max_lines: int = 3,
                   complete=None, continues=None, skip: tuple[Span, ...] = ()) -> Value:
    """A value that wraps: the spans under it that start where it starts (or further left, for a value glued to
    its label) and are not labels themselves. `complete(text)` says a value needs no more lines; `skip`: spans
    that are not the value's (its own label, when the value stands over it)."""
    first = v.spans[-1]
    h = span_height(first)
    x0 = first.bbox[0]
    margin = rows[i].spans[0].bbox[0]
    added = 0
    row_i = next((k for k in range(len(rows)) if first in rows[k].spans), i)
    j = row_i + 1
    text, spans = v.text, list(v.spans)
    last = first
    skipped = False
    while j < len(rows) and added < max_lines and rows[j].page == rows[row_i].page:
        r = rows[j]
        if complete is not None and complete(text) and not (continues and any(continues(text, s.text)
                                                                                for s in r.spans)):
            break
        if r.top - last.bbox[3] > 1.2 * h:
            break
        cont = [s for s in r.spans if abs(s.bbox[0] - x0) <= 2.5 * h or (x0 - h <= s.bbox[0] <= last.bbox[2])]
        cont = [s for s in cont if s.bbox[0] >= x0 - 2.5 * h and s.bbox[0] < last.bbox[2] and s not in skip]
        if not cont and complete is not None and not complete(text):
            # a value left unfinished that wraps back to the margin its label starts at (住　所：…第3 / 幢5层)
            cont = [s for s in r.spans if abs(s.bbox[0] - margin) <= h and s not in skip]
        if not cont:
            if skipped or j + 1 >= len(rows):
                break
            skipped = True  # a row of the other column (a skewed photo) may stand between a value and its tail
            j += 1
            continue
        s = min(cont, key=lambda s: abs(s.bbox[0] - x0))
        k = r.spans.index(s)
        # a label just before the span makes it that label's value (a label in the other column does not)
        labelled = any(label_at(r, q, others) and s.bbox[0] - r.spans[q].bbox[2] < 3 * h for q in range(max(0, k - 2), k))
        if label_at(r, k, others) or labelled or re.match(r"^[（(]?[一二三四五六七八九十\d]+[)）.、]", s.text):
            break
        if _english_gloss(text, s.text) or _CLOSING.match(s.text.strip()):
            break
        text += s.text.strip()
        spans.append(s)
        last = s
        added += 1
        j += 1
    return Value(text, spans, v.label, v.how)
