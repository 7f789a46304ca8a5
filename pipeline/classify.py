"""Splitting a file into documents and saying what each document is, with the words that decided it.

What a kind looks like is data (pipeline/kinds/*.yaml: title cues and weighted cues). Every page (or, where two
documents share a sheet, every part of it) is scored against every kind's cues. A title cue counts only in the
page's title zone — its largest lines near the top — so that a running header repeating the report's title on
every page, a contents page naming every kind of a bound volume, or "…的通知" in a sentence does not start a new
document. A page without a title cue that scores for the kind of the document before it (or for nothing) continues
that document: a report's second page, a standard's foreword, a certificate's annex.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from models.reading import DocumentText, FileText, PageText, Span
from pipeline.extract.aligned import advance
from pipeline.kinds import kinds
from pipeline.read.layout import TextView, rows
from pipeline.read.tables import in_ruled_grid

MIN_SCORE = 2.0
TITLE_BONUS = 3.0
# A contents page: lines that end in page numbers (dotted leaders or not).
_CONTENTS_LINE = re.compile(r"(?:[.…·．]{3,}|\s{2,}|\t)\s*\d{1,3}(?:\s*[—\-－~～至]\s*\d{1,3})?\s*$")


@dataclass
class PageVerdict:
    page: int
    type: str
    score: float
    title: bool
    cues: list[str]
    annex: bool = False  # the page opens with 附件: it continues a document of its own kind before it


# Traditional forms OCR returns for characters of titles and cues (聘任書, 國家標準化管理委員會).
_TRADITIONAL = str.maketrans("書國標準會員證號質認業機關審請務報門東華爲", "书国标准会员证号质认业机关审请务报门东华为")


def _norm(text: str) -> str:
    # OCR and layout put spaces inside words; full-width letters appear in codes.
    text = text.replace("／", "/").translate(_TRADITIONAL)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)


def _line_key(text: str) -> str:
    # digits (page numbers, times) and punctuation (a copy's specks after an ellipsis) do not tell two printings
    # of a running head apart
    return re.sub(r"[^\w#]+|_", "", re.sub(r"\d+", "#", _norm(text)))


def _running(prev: list[Span]) -> set[str]:
    """Lines of the page before: a line repeated at the top of the next page is a running header (a report's
    title, a web print's URL line), not the title of a new document."""
    return {k for k in (_line_key(s.text) for s in prev) if len(k) >= 4}


def _em(span: Span) -> float:
    """The span's type size as its characters' pitch (width per em of text)."""
    ems = sum(advance(ch) for ch in span.text.replace("\t", "").replace(" ", ""))
    return (span.bbox[2] - span.bbox[0]) / ems if ems else 0.0


def _title_zone(spans: list[Span]) -> list[Span]:
    """The page's title lines: in its top 45%, of the largest type there, and the first lines of even type that
    stand above the largest."""
    if not spans:
        return []
    top = min(s.bbox[1] for s in spans)
    bottom = max(s.bbox[3] for s in spans)
    zone = [s for s in spans if s.bbox[1] <= top + 0.45 * (bottom - top)]
    hs = [max(1.0, s.bbox[3] - s.bbox[1]) for s in spans]
    body = statistics.median(hs)
    em = {id(s): _em(s) for s in spans}  # each span's pitch, measured once
    body_em = statistics.median([e for e in em.values() if e > 0] or [0.0])
    # large by its box and by its characters' pitch: OCR boxes a line with brackets or quotes taller (“领跑者”(沪…)
    big = [s for s in zone if s.bbox[3] - s.bbox[1] >= 1.15 * body and not (body_em and em[id(s)] < 1.1 * body_em)]
    # a title's last words wrapped onto a short line (关于同意组建…委员会 / 的批复): OCR's box of a few characters is
    # lower, their pitch the title's
    taken = {id(s) for s in big}
    for s in sorted(zone, key=lambda s: s.bbox[1]):
        if id(s) in taken or not body_em or em[id(s)] < 1.1 * body_em:
            continue
        if any(0 <= s.bbox[1] - b.bbox[3] < b.bbox[3] - b.bbox[1] and em[id(s)] >= 0.85 * em[id(b)] for b in big):
            big.append(s)
            taken.add(id(s))
    first_rows = [s for r in rows(zone)[:5] for s in r]
    if big:
        # the body's first lines under a title set larger than it are no title (…获得金山区质量金奖…)
        low = max(s.bbox[3] for s in big)
        first_rows = [s for s in first_rows if s.bbox[1] < low]
    return big + [s for s in first_rows if s not in big]


def _captions() -> frozenset[str]:
    return frozenset(lb for k in kinds().values() for f in k.fields.values() for lb in f.labels)


def _under_caption(span: Span, spans: list[Span], captions: frozenset[str]) -> bool:
    """The line just above this one, over the same column, is a field's caption standing alone."""
    h = max(1.0, span.bbox[3] - span.bbox[1])
    above = [s for s in spans if s.bbox[3] <= span.bbox[1] + 0.3 * h and span.bbox[1] - s.bbox[3] < 1.5 * h
             and s.bbox[0] < span.bbox[2] and s.bbox[2] > span.bbox[0]]
    if not above:
        return False
    nearest = max(above, key=lambda s: s.bbox[3])
    return _norm(nearest.text).strip() in captions


def _is_contents(spans: list[Span]) -> bool:
    """A cover or contents page of a bound volume: 目录 over a list of the documents that follow."""
    lines = ["\t".join(_norm(s.text) for s in row) for row in rows(spans)]
    listed = sum(1 for t in lines if _CONTENTS_LINE.search(t) or re.match(r"^\d{1,2}\s*[．.、]\s*\S", t))
    return any(re.fullmatch(r"[\u4e00-\u9fff]{0,8}目\s*录", t) for t in lines) and listed >= 3


def classify_spans(page_no: int, spans: list[Span], running: set[str] = frozenset(), tables=()) -> PageVerdict:
    body = [s for s in spans if _line_key(s.text) not in running]
    text = _norm(TextView(body).text)
    # A label line (证书编号：…) carries words of titles without being one.
    # So does a value printed under its caption (荣誉名称 / 2024年度…贡献奖…).
    captions = _captions()
    # A value in a ruled grid of particulars (证件类型 | 居民身份证) is no title either.
    # Nor is a sentence (…授予“上海市市长质量奖（个人）”荣誉称号，特发此证。) at the top of a region.
    zone = [s for s in _title_zone(body) if not re.search(r"[:：]", s.text) and not _under_caption(s, body, captions)
            and not in_ruled_grid(s.page, s.bbox, tables) and not re.search(r"[，。；].", s.text)]
    head = _norm("".join(s.text for s in zone))
    ending = _norm("".join(s.text for s in sorted(zone, key=lambda s: (s.bbox[1], s.bbox[0])))).strip()
    zone_lines = {_norm("".join(s.text for s in row)).strip() for row in rows(zone)}  # 证 | 书 spaced out: 证书
    if _is_contents(body):
        return PageVerdict(page_no, "other", MIN_SCORE, True, ["目录"])
    # A page that opens with 附件 (附件2, 附件：) is an annex, whatever its title zone holds: the zone may leave the
    # word out where it is set small above a large list title.
    first = min(body, key=lambda s: (s.bbox[1], s.bbox[0]), default=None)
    annex = head.startswith("附件") or first is not None and bool(re.match(r"附\s*件", _norm(first.text)))
    best = PageVerdict(page_no, "other", 0.0, False, [])
    for k in kinds().values():
        if not k.classifiable:
            continue
        found = [c for c in k.cues if c in text]
        score = sum(k.cues[c] for c in found)
        # An annex (附件 …名单) belongs to the document it is attached to (split_and_classify: where it is of
        # the same kind).
        titles = [t for t in k.title_cues if t in head and f"{t}附件" not in ending]  # in reading order
        if titles:
            score += TITLE_BONUS
        # (a title ending in a letter's word such as …的通知 counts only where the body too has the kind's words:
        # a company's 关于聘任…的通知 is an appointment, not an award notice)
        if any(line in k.title_cues for line in zone_lines) or \
                (any(ending.endswith(c) for c in k.title_cues) and any(c not in ending for c in found)):
            # A title line that is nothing but the kind's name (证书, 营业执照), or a title that ends in it
            # (关于申请…的报告), outweighs words of the body that other kinds share (项目名称, 完成单位, 等奖 are on
            # a project certificate as on a notice; 认证证书, 金奖 in a letter listing what the applicant won).
            score += TITLE_BONUS
        if score > best.score:
            best = PageVerdict(page_no, k.kind, score, bool(titles), titles + [c for c in found if c not in titles])
    if best.score < MIN_SCORE:
        return PageVerdict(page_no, "other", best.score, False, best.cues)
    best.annex = annex
    return best


def classify_page(page: PageText, running: set[str] = frozenset()) -> PageVerdict:
    return classify_spans(page.page, page.spans, running, page.tables)


def _regions(page: PageText) -> list[tuple[str, list[Span]]]:
    """Two documents on one sheet (two certificates photocopied onto A4): the page's text falls in two blocks with a
    wide empty band between them, each with a title cue of its own. Otherwise the page is one region."""
    spans = page.spans
    if len(spans) < 6:
        return [("", spans)]
    for axis, names in ((1, ("top", "bottom")), (0, ("left", "right"))):
        lo, hi = (1, 3) if axis == 1 else (0, 2)
        extent = page.height if axis == 1 else page.width
        occupied = sorted((s.bbox[lo], s.bbox[hi]) for s in spans)
        best_gap, cut = 0.0, None
        reach = occupied[0][1]
        for a, b in occupied[1:]:
            if a - reach > best_gap and 0.25 * extent < (a + reach) / 2 < 0.75 * extent:
                best_gap, cut = a - reach, (a + reach) / 2
            reach = max(reach, b)
        if cut is None or best_gap < 0.04 * extent:
            continue
        first = [s for s in spans if (s.bbox[lo] + s.bbox[hi]) / 2 < cut]
        second = [s for s in spans if (s.bbox[lo] + s.bbox[hi]) / 2 >= cut]
        v1 = classify_spans(page.page, first, tables=page.tables)
        v2 = classify_spans(page.page, second, tables=page.tables)
        absorbed = v1.type in kinds() and any(t in _norm("".join(s.text for s in _title_zone(second)))
                                              for t in kinds()[v1.type].absorbs)
        if v1.title and v2.title and len(first) >= 3 and len(second) >= 3 and not absorbed:
            return [(names[0], first), (names[1], second)]
    return [("", spans)]


def _within(bbox, spans: list[Span]) -> bool:
    """The box's centre lies within the extent of these spans (the part of a shared page they stand on)."""
    if not spans:
        return False
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return (min(s.bbox[0] for s in spans) <= cx <= max(s.bbox[2] for s in spans)
            and min(s.bbox[1] for s in spans) <= cy <= max(s.bbox[3] for s in spans))


def split_and_classify(ft: FileText) -> list[DocumentText]:
    docs: list[DocumentText] = []
    prev_spans: list[Span] = []
    for page in ft.pages:
        running = _running(prev_spans)
        prev_spans = page.spans
        regions = _regions(page)
        for region, spans in regions:
            v = classify_spans(page.page, spans, running, page.tables)
            prev = docs[-1] if docs else None
            # Only a title cue starts a new document; any other page continues the one before it.
            # A page opening with 附件 under a title of the same kind (…获奖名单 after the notice) is that
            # document's annex; under another kind's title (附件3 then 营业执照) it is a document of its own.
            if prev is not None and (not v.title or v.annex and v.type == prev.type) and not region and \
                    prev.region is None:
                prev.pages.append(page.page)
                prev.spans.extend(spans)
                prev.tables.extend(page.tables)
                prev.seals.extend(page.seals)
                continue
            evidence = [f"第{page.page}页含“{c}”" for c in v.cues[:4]] or [f"第{page.page}页未见可识别的文书特征"]
            tables = [t for t in page.tables if not region or any(
                t.bbox[0] <= s.bbox[0] <= t.bbox[2] and t.bbox[1] <= s.bbox[1] <= t.bbox[3] for s in spans)]
            seals = [x for x in page.seals if not region or _within(x.bbox, spans)]
            docs.append(DocumentText(file=ft.file, sha256=ft.sha256, pages=[page.page], type=v.type,
                                     type_evidence=evidence, confidence=min(1.0, v.score / 6), spans=list(spans),
                                     tables=tables, seals=seals, region=region or None))
    return docs
