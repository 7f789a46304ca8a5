"""Appointments of a 首席质量官 or 标准化总监: the person, the role, the employer, the training certificate, dates.

The role is the one the person is appointed to (聘任…为/担任 X), not another role the page names (a 标准化总监
training number, a 首席质量官 regulation). A page that also carries a copy of the training certificate is read in
two parts at that certificate's title: the appointment's signature gives the employer and the date, the
certificate's gives the training body and its date. The term ends N years after the start, less a day, when the
letter says 聘期三年 / 任期三年.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.facts import Fact
from pipeline.extract.cnnum import cn_to_int
from pipeline.extract.dates import find_dates
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.choices import choose
from pipeline.extract.roles import looks_like_org, org_core, person_holder
from pipeline.extract.values import iso, squash

_TRAINING_TITLE = re.compile(r"^(?:培训合格证书|岗位培训证书|培训证书|合格证书)$")
_NO = re.compile(r"(?:培训合格证书编号|培训证书编号|岗位培训证书号|培训证书号|培训编号|证书编号|证书号)(?:[:：]|为|是)\s*"
                 r"(?P<v>[\u4e00-\u9fff]{1,4}[（(〔\[]\s*\d{4}\s*[）)〕\]]\s*第?\s*\d+\s*号|[A-Za-z0-9\-－—]{4,40})")


def _split(r):
    """(appointment rows, training-certificate rows): the page parted at the training certificate's title."""
    for i, row in enumerate(r.rows):
        if i > 0 and _TRAINING_TITLE.match(squash(row.text.replace("\t", ""))):
            return r.rows[:i], r.rows[i:]
    return r.rows, []


def _sub(r, rows):
    """A reader over some rows of the document (for its signature block)."""
    sub = object.__new__(type(r))
    sub.__dict__.update(r.__dict__)
    sub.rows = rows
    return sub


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28) - timedelta(days=1)


def read(r, kind, out: dict, ctx) -> None:
    compact = r.compact
    m = re.search(r"(?:为|担任|任命为|聘为)[^。，,]{0,20}?(首席质量官|标准化总监)", compact)
    out["role"] = r.compact_fact(m.group(1), m.start(1), m.end(1)) if m \
        else choose(r, kind.fields["role"], head_first=False)
    person = read_field(r, kind, "person")
    if person is None:
        m = re.search(r"(?:兹聘请|兹聘任|决定聘请|决定聘任|聘任|聘请|任命)\s*(?P<n>[\u4e00-\u9fff]{2,4}?)\s*(?:同志|先生|女士)?"
                      r"\s*(?:[（(][^）)]*[)）])?\s*(?:为|担任)", compact)
        if m:
            person = r.compact_fact(squash(m.group("n")), m.start("n"), m.end("n"))
    if person is None:
        h = person_holder(r)
        person = h.fact if h else None
    out["person"] = person
    first, training = _split(r)
    issuers, date_fact = common.signature(_sub(r, first))
    employer = read_field(r, kind, "employer")
    if employer is None:
        orgs = [n for n, _ in issuers if looks_like_org(n)]
        if orgs:
            employer = r.fact_spans(orgs[0], [s for n, ss in issuers if n == orgs[0] for s in ss])
    if employer is None:
        m = re.search(r"(?P<e>[\u4e00-\u9fff（）()]{4,40}?(?:有限公司|股份有限公司|有限责任公司))", compact)
        employer = r.compact_fact(org_core(m.group("e")), m.start("e"), m.end("e")) if m else None
    out["employer"] = employer
    cert = read_field(r, kind, "training_cert_no")
    if cert is None:
        m = _NO.search(compact)
        cert = r.compact_fact(squash(m.group("v")), m.start("v"), m.end("v")) if m else None
    out["training_cert_no"] = cert
    # The appointment takes effect on the first day of its term when the term is printed (a board's meeting date
    # before it is not the appointment's date); else the signature date.
    start, _ = _term(r, compact)
    m = re.search(r"自(?P<s>[^起。，]{6,16})起", compact)
    if start is None and m:
        ds = [d for d in find_dates(m.group("s")) if iso(d.value)]
        start = r.compact_fact(iso(ds[0].value), m.start("s") + ds[0].start, m.start("s") + ds[0].end) if ds else None
    out["date"] = read_field(r, kind, "date") or start or date_fact
    if training:
        t_issuers, t_date = common.signature(_sub(r, training))
        out["training_issuer"] = r.fact_spans("、".join(n for n, _ in t_issuers),
                                              [s for _, ss in t_issuers for s in ss]) if t_issuers else None
        out["training_issue_date"] = t_date
    out["term_end"] = _term_end(r, compact, out["date"])
    out["doc_no"] = common.doc_no(r)


def _term(r, compact: str) -> tuple[Fact | None, Fact | None]:
    """(start, end) of a term printed as two dates: 聘期：2024年3月1日至2027年2月28日, 2024.4.15—2026.4.14."""
    m = re.search(r"[聘任]期[:：]?\s*(?:自)?(?P<t>[^。，；]{12,40})", compact)
    if not m:
        return None, None
    dates = [d for d in find_dates(m.group("t")) if iso(d.value)]
    if len(dates) < 2:
        return None, None
    s, e = dates[0], dates[1]
    base = m.start("t")
    return (r.compact_fact(iso(s.value), base + s.start, base + s.end),
            r.compact_fact(iso(e.value), base + e.start, base + e.end))


def _term_end(r, compact: str, appointed: Fact | None) -> Fact | None:
    _, end = _term(r, compact)
    if end is not None:
        return end
    m = re.search(r"[聘任]期(?:自(?P<s>[^起。]{6,16})起)?(?P<n>[一二三四五六七八九十\d]{1,2})年", compact) or \
        re.search(r"[聘任]期[^。]{0,20}?(?P<n>[一二三四五六七八九十\d]{1,2})年", compact)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else cn_to_int(m.group("n"))
    start_text = m.group("s") if "s" in m.groupdict() and m.group("s") else None
    if start_text is None:
        near = re.search(r"自(?P<s>[^起。]{6,16})起", compact)
        start_text = near.group("s") if near else None
    start = None
    if start_text:
        ds = [x.value for x in find_dates(start_text) if isinstance(x.value, date)]
        start = ds[0] if ds else None
    if start is None and appointed is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(appointed.value)):
        start = date.fromisoformat(str(appointed.value))
    if start is None or not n:
        return None
    return r.compact_fact(_add_years(start, n).isoformat(), m.start(), m.end(), note=f"按聘期{n}年推算")
