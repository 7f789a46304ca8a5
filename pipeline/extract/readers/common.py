"""Readers shared by every kind: the document's title, its signature block (issuer and date), its 文号.

Where a document states who issued it and when is a matter of position, not of words: the title is the largest
text at the top of the first page; the signature block is the last date of the document with the issuing bodies
on the lines just over it (or beside each other over one date, for joint issuers), under or beside the seal.
"""

from __future__ import annotations

import re
import statistics

from models.facts import Fact
from pipeline.bodies import find_issuer, is_issuer
from pipeline.extract.dates import find_dates
from pipeline.extract.geometry import Row
from pipeline.extract.reader import DocReader
from pipeline.extract.values import ORG_SUFFIXES, iso, squash

DOC_NO = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,14}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?[0-9A-Za-z\-]+\s*号")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）()·]{4,40}$")


def _h(row: Row) -> float:
    return statistics.median(max(1.0, s.bbox[3] - s.bbox[1]) for s in row.spans)


def is_org_line(text: str) -> bool:
    t = squash(text).strip("：: ")
    return bool(_ORG_LINE.match(t)) and (t.endswith(ORG_SUFFIXES) or is_issuer(t))


def title(r: DocReader, cues: tuple[str, ...] = ()) -> Fact | None:
    """The largest lines at the top of the first page (a two-line title joined); with `cues`, the first large
    group that carries one of them."""
    first = [row for row in r.rows if row.page == min((x.page for x in r.rows), default=1)]
    if not first:
        return None
    page_h = max(x.bottom for x in first)
    body = statistics.median(_h(x) for x in first)
    big = {id(x) for x in first if x.top <= 0.55 * page_h and _h(x) >= 1.25 * body and len(squash(x.text)) >= 4}
    groups: list[list[Row]] = []
    for row in first:
        if groups and row is not groups[-1][-1] and id(groups[-1][-1]) in {id(g) for g in groups[-1]} and \
                row.top - groups[-1][-1].bottom < 0.9 * _h(groups[-1][-1]) and \
                abs(_h(row) - _h(groups[-1][0])) < 0.3 * _h(groups[-1][0]) and groups[-1][-1] is first[first.index(row) - 1]:
            groups[-1].append(row)  # a title wrapped onto the next line (often in slightly smaller type)
        elif id(row) in big:
            groups.append([row])
    if not groups:
        return None
    chosen = None
    if cues:
        chosen = next((g for g in groups if any(c in squash("".join(x.text for x in g)) for c in cues)), None)
    chosen = chosen or max(groups, key=lambda g: _h(g[0]))
    text = squash("".join(x.text.replace("\t", "") for x in chosen))
    return r.fact_spans(text, [s for x in chosen for s in x.spans])


def doc_no(r: DocReader) -> Fact | None:
    m = DOC_NO.search(r.text)
    if not m:
        return None
    return r.fact(squash(m.group()), m.start(), m.end())


def _dated_rows(r: DocReader) -> list[tuple[int, object]]:
    out = []
    for i, row in enumerate(r.rows):
        for d in find_dates(row.text):
            if iso(d.value):
                out.append((i, d))
    return out


def signature(r: DocReader, region: tuple[float, float] | None = None) -> tuple[list[tuple[str, list]], Fact | None]:
    """(issuers with their spans, date) of the signature block: the last date that stands on a short line of its
    own (not inside a sentence or a table), and the organisation lines just above it."""
    dated = _dated_rows(r)
    cands = []
    for i, d in dated:
        row = r.rows[i]
        rest = squash(row.text.replace(d.text, "")).strip("\t ：:")
        if len(rest) <= 12 or re.fullmatch(r"[\u4e00-\u9fff（）()]{4,30}", rest):
            cands.append((i, d))
    if not cands:
        return [], None
    i, d = cands[-1]
    row = r.rows[i]
    dspan = next((s for s in row.spans if d.text.strip() and d.text.strip()[:4] in s.text), row.spans[0])
    date_fact = r.fact_spans(iso(d.value), [dspan], note=d.note or None)
    issuers: list[tuple[str, list]] = []
    # Organisation names on the date's own row (left of it) or on the rows just above, nearest first.
    for j in range(i, max(-1, i - 4), -1):
        rr = r.rows[j]
        if rr.page != row.page:
            break
        found = [(squash(s.text).strip("：: "), [s]) for s in rr.spans if s is not dspan and is_org_line(s.text)]
        if found:
            issuers = found + issuers
        elif j < i and issuers:
            break
        elif j < i - 1 and not issuers:
            break
    return issuers, date_fact


def issuer(r: DocReader, title_fact: Fact | None = None) -> Fact | None:
    """The signature block's bodies (joint issuers joined by 、); failing that, a registered body named in the
    title line (上海市市场监督管理局关于……的通知)."""
    found, _ = signature(r)
    if found:
        names = [n for n, _ in found]
        spans = [s for _, ss in found for s in ss]
        return r.fact_spans("、".join(names), spans)
    if title_fact is not None:
        t = str(title_fact.value)
        m = re.match(r"^(.{4,30}?)(?:关于|印发|颁发)", t)
        if m and (find_issuer(m.group(1)) or m.group(1).endswith(ORG_SUFFIXES)):
            b = find_issuer(m.group(1))
            return Fact(value=b.name if b else m.group(1), confidence=title_fact.confidence,
                        evidence=title_fact.evidence)
    return None


def signature_date(r: DocReader) -> Fact | None:
    return signature(r)[1]
