"""Readers shared by every kind: the document's title, its signature block (issuer and date), its 文号.

Where a document states who issued it and when is a matter of position, not of words: the title is the largest
text at the top of the first page; the signature block is the last date of the document with the issuing bodies
on the lines just over it (or beside each other over one date, for joint issuers), under or beside the seal.
"""

from __future__ import annotations

import re
import statistics

from models.facts import Fact
from pipeline.bodies import find_issuer, is_issuer, registered_form
from pipeline.extract.aligned import advance
from pipeline.extract.dates import find_dates
from pipeline.extract.geometry import Row, span_height
from pipeline.extract.reader import DocReader
from pipeline.read.tables import in_ruled_grid
from pipeline.extract.values import ORG_SUFFIXES, iso, squash, year_brackets

# A speck OCR read as a dot may stand after the year's bracket (〔2024〕.691号).
DOC_NO = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,14}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】][\s.．·]*(?:第\s*)?[0-9A-Za-z\-]+\s*号")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）()·]{4,40}$")


def _h(row: Row) -> float:
    return statistics.median(max(1.0, s.bbox[3] - s.bbox[1]) for s in row.spans)


def _em(row: Row) -> float:
    """The row's type size as its characters' pitch: OCR's boxes of large type are relatively tighter than of
    small type, so box heights alone make a 20 pt title and a 12 pt heading under it look alike."""
    ems = sum(advance(ch) for s in row.spans for ch in s.text.replace("\t", "").replace(" ", ""))
    return sum(s.bbox[2] - s.bbox[0] for s in row.spans) / ems if ems else 0.0


def _same_type(row: Row, first: Row) -> bool:
    return abs(_h(row) - _h(first)) < 0.3 * _h(first) and _em(row) >= 0.75 * _em(first)


def is_org_line(text: str) -> bool:
    t = squash(text).strip("：: ")
    return bool(_ORG_LINE.match(t)) and (t.endswith(ORG_SUFFIXES) or is_issuer(t))


def _completes(group: list[Row], line: str, cues: tuple[str, ...]) -> bool:
    """Whether a line finishes a title cue the group has begun (…授奖的 + 决定), whatever its type size."""
    text = squash("".join(x.text.replace("\t", "") for x in group))
    return any(c not in text and c in text + line for c in cues)


_RED_HEAD = re.compile(r"文件$|^[\u4e00-\u9fff]{4,20}(?:局|委员会|政府|中心)$")


def title(r: DocReader, cues: tuple[str, ...] = ()) -> Fact | None:
    """The document's title: the large lines at the top of the first page (a title wrapped over two lines, even in
    slightly smaller type, is joined), skipping a red-head issuer line (……文件), the 文号 and the addressee. With
    `cues`, the first such group that carries one of them; failing that, a top line that carries one."""
    first_page = min((x.page for x in r.rows), default=1)
    first = [row for row in r.rows if row.page == first_page]
    if not first:
        return None
    page_h = max(x.bottom for x in first)
    body = statistics.median(_h(x) for x in first)
    # the body's type as characters' pitch too: a scanned table's cell boxes are tall, and make a title's box
    # height look like the body's
    body_em = statistics.median([e for e in (_em(x) for x in first) if e > 0] or [0.0])

    def usable(row: Row) -> bool:
        t = squash(row.text.replace("\t", ""))
        return len(t) >= 2 and not DOC_NO.fullmatch(t) and not t.endswith(("：", ":")) and \
            not re.fullmatch(r"[\d\s:/.\-]+", t)

    # a ruled grid's cells are no title (a web page's information grid repeats the title in its 标题 cell)
    top = [x for x in first if x.top <= 0.55 * page_h and not in_ruled_grid(
        x.page, (min(s.bbox[0] for s in x.spans), x.top, max(s.bbox[2] for s in x.spans), x.bottom), r.tables)]

    def starts(row: Row) -> bool:
        t = squash(row.text.replace("\t", ""))
        return len(t) >= 3 and (_h(row) >= 1.25 * body or (body_em > 0 and _em(row) >= 1.3 * body_em) or
                                any(c in t for c in cues) and not is_org_line(t))

    def heads(row: Row, above: Row | None) -> bool:
        """The line right above a title's first line that begins it (法人和非法人组织 / 公共信用信息报告): the same
        type, centred alike, no sentence, label, name or 文号 of its own."""
        if above is None or not usable(above) or not _same_type(above, row) or row.top - above.bottom > 1.5 * _h(row):
            return False
        a = squash(above.text.replace("\t", ""))
        mid = lambda x: (min(s.bbox[0] for s in x.spans) + max(s.bbox[2] for s in x.spans)) / 2  # noqa: E731
        return len(a) <= 20 and abs(mid(above) - mid(row)) < _h(row) and not re.search(r"[。：:，,]", a) and \
            not is_org_line(a) and not _RED_HEAD.search(a) and not any(c in a for c in cues)

    def with_cue(gs: list[list[Row]]) -> bool:
        return not cues or any(c in squash("".join(x.text for x in g)) for g in gs for c in cues)

    groups: list[list[Row]] = []
    for i, row in enumerate(top):
        prev = top[i - 1] if i else None
        t = squash(row.text.replace("\t", ""))
        if groups and with_cue(groups) and t.endswith("。"):
            break  # the body has begun: an annex heading further down (…获奖名单) is no title
        # a title's last character wrapped alone onto the next line (…授奖的决 / 定) continues it
        if not usable(row) and not (groups and prev is groups[-1][-1] and re.fullmatch(r"[\u4e00-\u9fff]", t)):
            continue
        done = groups and any(squash("".join(x.text for x in groups[-1])).endswith(c) for c in cues)
        if groups and not done and prev is groups[-1][-1] and row.top - prev.bottom < 1.5 * _h(prev) and \
                len(t) <= 40 and not re.search(r"[。：:]$", squash(prev.text) + t) and \
                not re.match(r"[\u4e00-\u9fff]{1,8}[：:]", t) and (
                    _same_type(row, groups[-1][0]) or _completes(groups[-1], t, cues)):
            groups[-1].append(row)  # a title wrapped onto the next line
        elif starts(row):
            lead = [prev] if prev is not None and not any(prev in g for g in groups) and heads(row, prev) else []
            groups.append(lead + [row])

    def cells_of(g: list[Row]) -> list:
        """The title's own spans: on a row shared with a running header (a date, the issuer's name), only the
        span that carries the cue, and the spans under it."""
        first_spans = g[0].spans
        if len(first_spans) > 1 and cues:
            hit = [s for s in first_spans if any(c in squash(s.text) for c in cues)]
            if hit:
                x0, x1 = min(s.bbox[0] for s in hit), max(s.bbox[2] for s in hit)
                return hit + [s for x in g[1:] for s in x.spans if s.bbox[2] > x0 and s.bbox[0] < x1]
        return [s for x in g for s in x.spans]

    def text_of(g: list[Row]) -> str:
        return squash("".join(s.text for s in cells_of(g)))

    groups = [g for g in groups if not _RED_HEAD.search(text_of(g)) or any(c in text_of(g) for c in cues)]
    chosen = None
    if cues:
        with_cue = [g for g in groups if any(c in text_of(g) for c in cues)]
        # the largest type: a title, not a bar; type within a fifth of the largest is as large (a phone's app bar
        # over the report's own title), and then the line that carries the more specific cue is the title
        largest = max((_h(g[0]) for g in with_cue), default=0.0)
        near = [g for g in with_cue if _h(g[0]) >= 0.8 * largest]
        chosen = max(near, key=lambda g: (max(len(c) for c in cues if c in text_of(g)), _h(g[0])), default=None)
        if chosen is None:
            for row in top[:4]:
                for cell in row.text.split("\t"):
                    c = squash(cell)
                    if any(q in c for q in cues) and len(c) >= 4 and not is_org_line(c):
                        spans = [s for s in row.spans if squash(s.text) == c] or row.spans
                        return r.fact_spans(c, spans)
    if chosen is None and groups:
        chosen = max(groups, key=lambda g: _h(g[0]))
    if chosen is None:
        return None
    text, note = text_of(chosen), None
    # 干 is OCR's 于: a notice's title has 关于 (国家市场监督管理总局关于授予…), never 关干 (but 相关干部, 有关干部)
    fixed = re.sub(r"(?<![相有])关干", "关于", text)
    if fixed != text:
        text, note = fixed, f"原件读作“{text}”，“关干”按“关于”记录"
    return r.fact_spans(text, cells_of(chosen), note=note)


def doc_no(r: DocReader) -> Fact | None:
    # on its own printed line first: the reflowed text joins a letterhead (……文件) to the 文号 under it
    for row in r.rows:
        for cell in row.text.split("\t"):
            m = DOC_NO.search(cell)
            if m:
                spans = [s for s in row.spans if m.group() in s.text] or row.spans
                return r.fact_spans(year_brackets(squash(m.group())), spans)
    m = DOC_NO.search(r.text)
    if not m:
        return None
    return r.fact(year_brackets(squash(m.group())), m.start(), m.end())


def _dated_rows(r: DocReader) -> list[tuple[int, object]]:
    out = []
    for i, row in enumerate(r.rows):
        for d in find_dates(row.text):
            if iso(d.value):
                out.append((i, d))
    return out


_NOT_SIGNATURE = re.compile(r"印发|抄送|打印|有效期|发布日期|来源|查询期间|报告编号|第\s*\d+\s*页|^[-—\s]*\d+[-—\s]*$|https?://")


def _close_spans_joined(row: Row) -> str:
    """The row's text with spans less than a character apart joined (OCR split 二〇二五年十月二十 | 二日), others
    apart by a tab."""
    out = row.spans[0].text
    for a, b in zip(row.spans, row.spans[1:]):
        out += ("" if b.bbox[0] - a.bbox[2] < span_height(b) else "\t") + b.text
    return out


# A labelled date that is the document's date of issue (登记日期 | 2025-02-21 under 登记机关), not another field's.
_ISSUED = re.compile(r"登记|核准|发证|发照|签发|颁发|批准|出具|发布|印发|落款|签署")


def _date_rows(r: DocReader, page: int, anywhere: bool = False) -> list[tuple[int, object]]:
    """Dated lines that stand on their own (not in a sentence, a table, the 印发 line), in the lower part of the
    page unless `anywhere` (a document's last page may end high up)."""
    rows = [(i, x) for i, x in enumerate(r.rows) if x.page == page]
    if not rows:
        return []
    page_top = min(x.top for _, x in rows)
    page_bottom = max(x.bottom for _, x in rows)
    cut = page_top if anywhere else page_top + 0.35 * (page_bottom - page_top)
    out = []
    for i, row in rows:
        if row.top < cut:
            continue
        # a cell of the row that is no signature (a URL at the far left of the date's row) is left out; a row
        # that is nothing else is passed over
        text = "\t".join(c for c in _close_spans_joined(row).split("\t") if not _NOT_SIGNATURE.search(c))
        if not text.strip():
            continue
        for d in find_dates(text):
            if not iso(d.value):
                continue
            before = squash(text[:d.start].split("\t")[-1])
            if re.search(r"(?:日期|时间|期限|有效期|期)[:：]?$", before):
                continue  # a labelled date (成立日期 2011年…) is a field, not the signature's date
            cells = text[:d.start].split("\t")
            label = squash(cells[-2]) if len(cells) >= 2 and not squash(cells[-1]) else ""
            if re.search(r"(?:日期|期限|有效期|时间)[:：]?$", label) and not _ISSUED.search(label):
                continue  # the date in the cell right of another field's label (成立日期 | 1999年11月7日)
            if re.search(r"[至~～—-]$", before) or re.match(r"\s*[至~～—-]", text[d.end:]):
                continue  # a range's ends (营业期限 | 1999年11月7日至2019年11月6日) are no signature's date
            rest = squash(text.replace(d.text, "")).strip("\t ：:")
            if re.search(r"[，。；,;]", rest):
                continue  # a date inside a sentence (……已于2024年4月2日移出。)
            if len(rest) <= 14 or re.fullmatch(r"[\u4e00-\u9fff（）()、\t]{4,40}", rest):
                out.append((i, d))
    return out


def _in_table(r: DocReader, row: Row) -> bool:
    """The row stands inside a ruled table (over it, not merely beside it: a QR code's modules found as a table
    at the row's height, left of a signing body, do not count)."""
    x0, x1 = min(s.bbox[0] for s in row.spans), max(s.bbox[2] for s in row.spans)
    return any(t.page == row.page and t.bbox[1] - 1 <= row.top and row.bottom <= t.bbox[3] + 1
               and t.bbox[0] < x1 and x0 < t.bbox[2] for t in r.tables)


def _pieces_joined(spans: list) -> list[tuple[str, list]]:
    """A row's spans with the pieces of one name that OCR split (上海麒骏纺织科技（集团） | 有限公司, cut at a seal's
    edge) joined: a piece that does not end a name and the span just after it, less than two characters apart."""
    out: list[tuple[str, list]] = []
    for s in sorted(spans, key=lambda x: x.bbox[0]):
        if out:
            text, ss = out[-1]
            gap = s.bbox[0] - ss[-1].bbox[2]
            if not is_org_line(text) and gap < 2 * span_height(s) and is_org_line(text + s.text):
                out[-1] = (text + s.text, [*ss, s])
                continue
        out.append((s.text, [s]))
    return out


# A signing line's label before the name (委托单位（盖章）：…, 申报单位（公章）：…) and a person signing for the body.
_SIGN_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}单位(?:[（(](?:盖章|公章|签章)[)）][:：]?|[:：])\s*")  # OCR may drop the colon
_SIGNATORY = re.compile(r"(?:法定代表人|负责人|经办人|委托代理人|受托人|授权代表|单位负责人)(?:[（(](?:签字|签名|签章|盖章)[)）])?"
                        r"[:：]?[\u4e00-\u9fff·]{0,5}")
_LATIN_LINE = re.compile(r"[A-Za-z][A-Za-z0-9 \t,.'’&()\-]*")


def _names_over(r: DocReader, i: int, dspan, page: int) -> list[tuple[str, list]]:
    """Organisation names on the date's row or the rows just above it, in the date's column (or on a row with
    one that is: joint issuers side by side)."""
    x0, x1 = (dspan.bbox[0], dspan.bbox[2]) if dspan is not None else (0.0, 1e9)
    w = max(1.0, x1 - x0)
    issuers: list[tuple[str, list]] = []
    below = None
    for j in range(min(i, len(r.rows) - 1), max(-1, i - 5), -1):
        rr = r.rows[j]
        if rr.page != page or _NOT_SIGNATURE.search(rr.text) or _in_table(r, rr):
            break
        if below is not None and below.top - rr.bottom > 2.5 * _h(rr):
            break  # a wide gap: the block has ended (a table or the body text is above it)
        below = rr
        if _LATIN_LINE.fullmatch(rr.text.strip()) or _SIGNATORY.fullmatch(squash(rr.text.replace("\t", ""))):
            continue  # a bilingual block's English name of the body above; the person who signs for it
        pieces = [(_SIGN_LABEL.sub("", squash(t)), ss) for t, ss in _pieces_joined([s for s in rr.spans
                                                                                    if s is not dspan])]
        orgs = [(t, ss) for t, ss in pieces if is_org_line(t)]
        if issuers:
            # Over a signing body only another body signs with it: a company named above an authority's signature
            # is the holder (a plaque, a certificate whose name stands just over the seal).
            orgs = [(t, ss) for t, ss in orgs if is_issuer(squash(t))]
        near = [ss for _, ss in orgs if ss[0].bbox[0] < x1 + 0.8 * w and ss[-1].bbox[2] > x0 - 0.8 * w]
        if near:
            issuers = [(squash(t).strip("：: "), ss) for t, ss in orgs] + issuers
        elif j < i and (issuers or len(squash(rr.text)) > 4) and \
                not re.fullmatch(r"[二〇○零一三四五六七八九十\d年月日号.\-]+", squash(rr.text)):
            break  # the block is the names right over the date (a seal's few OCR'd characters may stand between)
    return issuers


def signer(r: DocReader) -> Fact | None:
    """The organisation that signs a letter (情况说明, 承诺书): the signature block's name that is an organisation's
    and no issuing body's."""
    from pipeline.extract.roles import looks_like_org

    names, _ = signature(r)
    for name, spans in names:
        if looks_like_org(name) and not is_issuer(name):
            return r.fact_spans(name, spans)
    return None


def signature(r: DocReader) -> tuple[list[tuple[str, list]], Fact | None]:
    """(issuers with their spans, date) of the signature block: the last date standing on a line of its own in the
    lower part of a page, with the organisation names just above it or beside it. The last page that has such a
    block wins (a notice's annex follows its signature); a block without a date at the very end of the document
    (a report's last line) gives its names and no date."""
    if not r.rows:
        return [], None
    pages = sorted({x.page for x in r.rows}, reverse=True)
    fallback = None
    for page in pages:
        for i, d in reversed(_date_rows(r, page, anywhere=page == pages[0])):
            row = r.rows[i]
            dspan = next((s for s in row.spans if d.text.strip()[:4] in s.text), row.spans[0])
            date_fact = r.fact_spans(iso(d.value), [dspan], note=d.note or None)
            names = _names_over(r, i, dspan, page)
            if names:
                return names, date_fact
            fallback = fallback or ([], date_fact)
        if page == pages[0] and fallback is None:
            # No date: the names that end the document (a report's issuing centre on its last line).
            last = [i for i, x in enumerate(r.rows) if x.page == page and not _NOT_SIGNATURE.search(x.text)]
            # a labelled name (完成单位：…, the last entry of an annex list) is a field, not the signing body; a
            # labelled date (出具日期：…) under the body is the block's own
            labelled = re.match(r"[\u4e00-\u9fff]{2,8}[:：](?P<v>.*)$", squash(r.rows[last[-1]].text)) if last else None
            if last and not (labelled and not find_dates(labelled.group("v"))):
                end = _names_over(r, last[-1], None, page)
                if end:
                    fallback = (end, None)
    if fallback is None or fallback[1] is None:
        # The date is there but unreadable (a copy lost characters of it: 二六年一月三十日): the names over it
        # still sign the document, and the date is left empty rather than guessed.
        for page in pages:
            for i, row in reversed([(i, x) for i, x in enumerate(r.rows) if x.page == page]):
                if _DAMAGED_DATE.fullmatch(squash(row.text.replace("\t", ""))) and not find_dates(row.text):
                    names = _names_over(r, i, row.spans[0], page)
                    if names:
                        return names, None
    return fallback or ([], None)


_DAMAGED_DATE = re.compile(r"[〇○零一二三四五六七八九十\d]{1,4}年[〇○零一二三四五六七八九十\d]{0,3}月"
                           r"[〇○零一二三四五六七八九十\d]{0,3}日")


def bodies_fact(r: DocReader, found: list[tuple[str, list]]) -> Fact:
    """Signing bodies as one value (joined by 、), each as the registry writes it where OCR dropped its brackets or
    lost its first character (registered_form, with the note)."""
    named = [registered_form(n) for n, _ in found]
    notes = "；".join(note for _, note in named if note)
    return r.fact_spans("、".join(n for n, _ in named), [s for _, ss in found for s in ss], note=notes or None)


def issuer(r: DocReader, title_fact: Fact | None = None) -> Fact | None:
    """The signature block's bodies (joint issuers joined by 、); failing that, the letterhead (a registered body
    on the first line, ……文件) or a registered body named in the title line (上海市市场监督管理局关于……的通知)."""
    found, _ = signature(r)
    if found:
        return bodies_fact(r, found)
    if r.rows:
        head = squash(r.rows[0].text.replace("\t", ""))
        head = re.sub(r"文件$", "", head)
        b = find_issuer(head)
        if b is not None:
            return r.fact_spans(b.name, r.rows[0].spans)
    if title_fact is not None:
        t = str(title_fact.value)
        m = re.match(r"^(.{4,30}?)(?:关于|印发|颁发)", t)
        if m and (find_issuer(m.group(1)) or m.group(1).endswith(ORG_SUFFIXES)):
            b = find_issuer(m.group(1))
            return Fact(value=b.name if b else m.group(1), confidence=title_fact.confidence,
                        evidence=title_fact.evidence)
    return None


def signature_date(r: DocReader) -> Fact | None:
    """The signature block's date; failing that, the date of the 印发 line at the foot of an official letter
    (the seal stands where the date would be)."""
    d = signature(r)[1]
    if d is not None:
        return d
    for row in reversed(r.rows):
        if "印发" in row.text:
            for m in find_dates(row.text):
                if iso(m.value):
                    return r.fact_spans(iso(m.value), row.spans, note="落款日期未读出，按印发日期")
    return None
