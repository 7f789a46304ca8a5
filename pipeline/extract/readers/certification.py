"""Certification, accreditation and 资质认定 certificates: holder, kind, number, dates, type, issuer."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.bodies import is_issuer, registered_form
from pipeline.extract.codes import find_standard_codes, with_prefixes_read_right
from pipeline.extract.dates import find_dates
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.choices import choose
from pipeline.extract.roles import holder_on_page
from pipeline.extract.values import iso, squash

_RENEWAL = re.compile(r"再认证|再次认证|复评|换证|延续|重新认可|复审|再认可")
_INITIAL = re.compile(r"初次认证|首次认证|首次认可|初次认可|首次发证|初次发证|首次获证|初次获证|首次颁发")


def _number(r, kind) -> Fact | None:
    f = read_field(r, kind, "number")
    if f is not None:
        v = re.sub(r"^[:：]", "", str(f.value))
        return f.model_copy(update={"value": v})
    m = re.search(r"CNAS\s*[A-Z]\s*\d{3,6}", r.text)
    if m:
        return r.fact(re.sub(r"\s+", " ", m.group()).replace("CNAS", "CNAS ").replace("  ", " ").strip(),
                      m.start(), m.end())
    m = re.search(r"(?<!\d)\d{12}(?!\d)", r.text)  # a CMA number printed under the mark, unlabelled
    return r.fact(m.group(), m.start(), m.end()) if m else None


def _valid_until(r, kind, out) -> Fact | None:
    f = read_field(r, kind, "valid_until")
    if f is not None:
        # "有效期 2024-07-08至2027-07-07": a range ends on its second date.
        for e in f.evidence:
            dates = [iso(d.value) for d in find_dates(e.text) if iso(d.value)]
            if len(dates) >= 2 and dates[0] == f.value:
                return f.model_copy(update={"value": dates[-1]})
        return f
    m = re.search(r"有效期[^\n]{0,12}?(?:至|到)\s*(?P<d>[^\n]{6,16})", r.text)
    if m:
        d = [iso(x.value) for x in find_dates(m.group("d")) if iso(x.value)]
        if d:
            return r.fact(d[0], m.start("d"), m.end("d"))
    return None


def _validity_start(r, kind) -> Fact | None:
    """A validity printed as a range (2024年5月30日至2027年5月29日) starts on the issue date."""
    f = read_field(r, kind, "valid_until")
    if f is None:
        return None
    for e in f.evidence:
        dates = [iso(d.value) for d in find_dates(e.text) if iso(d.value)]
        if len(dates) >= 2:
            return f.model_copy(update={"value": dates[0], "note": "按证书有效期起始日期"})
    return None


def read(r, kind, out: dict, ctx) -> None:
    out["kind"] = choose(r, kind.fields["kind"])
    out["number"] = _number(r, kind)
    labelled = read_field(r, kind, "holder")
    h = holder_on_page(r, labelled)
    out["holder"] = h.fact if h else None
    out["valid_until"] = _valid_until(r, kind, out)
    out["issue_date"] = read_field(r, kind, "issue_date") or _validity_start(r, kind) or out.get("first_issue_date")
    text = squash(r.text.replace("\n", ""))
    label = read_field(r, kind, "certification_type")
    src = str(label.value) if label else text
    # 初次认可 inside a date's label (初次认可日期) says which date is the first, not that this is the first.
    initial = next((m for m in _INITIAL.finditer(src) if not re.match(r"\s*(?:日期|时间)", src[m.end():])), None)
    dated = out.get("first_issue_date") is not None and out.get("issue_date") is not None
    if _RENEWAL.search(src):
        m = _RENEWAL.search(r.text)
        out["certification_type"] = Fact(value="renewal", evidence=r.evidence(m.start(), m.end()) if m else [])
    elif initial is not None and not (dated and str(out["first_issue_date"].value) < str(out["issue_date"].value)):
        m = _INITIAL.search(r.text)
        out["certification_type"] = Fact(value="initial", evidence=r.evidence(m.start(), m.end()) if m else [])
    elif dated:
        # Issued after its first issue: a renewal; issued on it: the first certification.
        first, this = str(out["first_issue_date"].value), str(out["issue_date"].value)
        out["certification_type"] = Fact(value="renewal" if first < this else "initial",
                                         evidence=out["first_issue_date"].evidence + out["issue_date"].evidence,
                                         note="按首次发证日期与本次发证日期推定")
    else:
        out["certification_type"] = _unstated(kind.fields["certification_type"], out)
    if out.get("first_issue_date") is None and out["certification_type"] is not None and \
            out["certification_type"].value == "initial" and out.get("issue_date") is not None:
        t = out["certification_type"]
        out["first_issue_date"] = out["issue_date"] if t.note is None or t.confidence >= 1 else \
            out["issue_date"].model_copy(update={"confidence": t.confidence, "note": t.note})
    out["issuer"] = _issuer(r, kind, out)
    out["standard"] = _standard(r, kind)
    out["models"] = _models(r, kind)


def _unstated(spec, out: dict) -> Fact | None:
    """The type a certificate that prints no wording for it has, where its sort prints the other one (data:
    the field's `unstated`); below full confidence and with the reason, so the claim asks the reviewer."""
    rule, issued = spec.unstated, out.get("issue_date")
    if rule is None or issued is None or out.get("first_issue_date") is not None:
        return None
    if not all(out.get(f) is not None and out[f].value in values for f, values in rule.when.items()):
        return None
    return Fact(value=rule.value, confidence=0.8, evidence=issued.evidence, note=rule.note)


# Certification bodies by the form of their names (a body not yet in the registry of issuing bodies).
_CERT_BODY = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:认证中心有限公司|认证有限公司|认证中心|审核中心|认可委员会|监督管理局|"
                        r"认证集团有限公司|检验认证集团股份有限公司|认证股份有限公司)$")


def _issuer(r, kind, out) -> Fact | None:
    """The labelled issuer (签发：…, 发证机构：…), else the signature block, else a certification body printed in
    the lower half of the page (beside the dates, under the seal) that is not the holder."""
    f = read_field(r, kind, "issuer")
    if f is not None:
        return f
    issuers, _ = common.signature(r)
    holder = out["holder"].value if out.get("holder") else None
    names = [(n, ss) for n, ss in issuers if n != holder and (is_issuer(n) or _CERT_BODY.match(n))]
    if names:
        return common.bodies_fact(r, names)
    lower = r.rows[len(r.rows) // 3:]
    for row in lower:
        for s in row.spans:
            t = squash(s.text)
            if t != holder and (_CERT_BODY.match(t) or (is_issuer(t) and len(t) >= 6)):
                name, note = registered_form(t)
                return r.fact_spans(name, [s], note=note)
    return None


def _standard(r, kind) -> Fact | None:
    """The standard certified against: labelled, or the line under "…符合下列标准" (management systems)."""
    f = read_field(r, kind, "standard")
    if f is not None:
        return f.model_copy(update={"value": with_prefixes_read_right(str(f.value))})
    for i, row in enumerate(r.rows[:-1]):
        m = re.search(r"符合(?:下列|以下)?标准|符合下述标准|conforms", squash(row.text))
        if m:
            rest = re.sub(r"^[\s:：]+", "", squash(row.text.replace("\t", " "))[m.end():])
            if find_standard_codes(rest):  # …符合标准：GB/T 19001—2016/ISO 9001:2015 on its own line
                return r.fact_spans(with_prefixes_read_right(rest), row.spans)
            nxt = r.rows[i + 1]
            text = squash(nxt.text.replace("\t", " "))
            if find_standard_codes(text):
                return r.fact_spans(with_prefixes_read_right(text), nxt.spans)
    return None


def _models(r, kind) -> Fact | None:
    """Models: the 型号 column of a table under its header, or a labelled list (型号：A、B、C)."""
    words = kind.fields["models"].labels
    for t in r.tables:
        grid = t.grid()
        for ri, row in enumerate(grid):
            col = next((ci for ci, c in enumerate(row) if any(w in squash(c) for w in words) and len(squash(c)) <= 8),
                       None)
            if col is None or sum(1 for c in row if c) < 2:
                continue
            vals = [squash(x[col]) for x in grid[ri + 1:] if col < len(x) and re.search(r"\d", x[col] or "")]
            if vals:
                return Fact(value=vals, evidence=r.cell_evidence(t.page, t.bbox, "、".join(vals)))
    for i, row in enumerate(r.rows):
        cells = [squash(c) for c in row.text.split("\t")]
        col = next((k for k, c in enumerate(cells) if any(w == c for w in words)), None)
        if col is None or len(cells) < 2:
            continue
        x0 = row.spans[col].bbox[0]
        h = max(1.0, row.spans[col].bbox[3] - row.spans[col].bbox[1])
        vals, spans = [], []
        for nxt in r.rows[i + 1:i + 30]:
            hit = [s for s in nxt.spans if abs(s.bbox[0] - x0) <= 2 * h]
            if not hit or not re.search(r"\d", hit[0].text):
                break
            vals.append(squash(hit[0].text))
            spans.append(hit[0])
        if vals:
            return r.fact_spans(vals, spans)
    labels = "|".join(sorted(words, key=len, reverse=True))
    m = re.search(rf"(?:{labels})[:：\t ]*(?P<v>[^\n]+)", r.text)
    if m:
        models = [x for x in re.split(r"[、，,；;\s]+", m.group("v")) if re.search(r"\d", x)]
        if models:
            return r.fact(models, m.start("v"), m.end("v"))
    return None
