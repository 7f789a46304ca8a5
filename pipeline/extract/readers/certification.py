"""Certification, accreditation and 资质认定 certificates: holder, kind, number, dates, type, issuer."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.bodies import is_issuer
from pipeline.extract.dates import find_dates
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.choices import choose
from pipeline.extract.roles import holder_on_page
from pipeline.extract.values import iso, squash

_RENEWAL = re.compile(r"再认证|再次认证|复评|换证|延续|重新认可|复审|再认可")
_INITIAL = re.compile(r"初次认证|首次认证|首次认可|初次认可|首次发证|初次发证|首次获证|初次获证")


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


def read(r, kind, out: dict, ctx) -> None:
    out["kind"] = choose(r, kind.fields["kind"])
    out["number"] = _number(r, kind)
    labelled = read_field(r, kind, "holder")
    h = holder_on_page(r, labelled)
    out["holder"] = h.fact if h else None
    out["issue_date"] = read_field(r, kind, "issue_date") or out.get("first_issue_date")
    out["valid_until"] = _valid_until(r, kind, out)
    text = squash(r.text.replace("\n", ""))
    label = read_field(r, kind, "certification_type")
    src = str(label.value) if label else text
    if _RENEWAL.search(src):
        m = _RENEWAL.search(r.text)
        out["certification_type"] = Fact(value="renewal", evidence=r.evidence(m.start(), m.end()) if m else [])
    elif _INITIAL.search(src):
        m = _INITIAL.search(r.text)
        out["certification_type"] = Fact(value="initial", evidence=r.evidence(m.start(), m.end()) if m else [])
    else:
        out["certification_type"] = None
    if out.get("first_issue_date") is None and out["certification_type"] is not None and \
            out["certification_type"].value == "initial" and out.get("issue_date") is not None:
        out["first_issue_date"] = out["issue_date"]
    # Issuer: the body in the signature block, or a registered body printed anywhere near the foot.
    issuers, _ = common.signature(r)
    names = [n for n, _ in issuers if is_issuer(n) or n.endswith(("认证中心", "有限公司", "委员会", "局", "中心"))]
    if not names:
        m = re.search(r"发证机[关构][:：]\s*(?P<v>[\u4e00-\u9fff（）()]{4,30})", r.text)
        if m:
            out["issuer"] = r.fact(m.group("v"), m.start("v"), m.end("v"))
        else:
            cands = [row for row in r.rows[len(r.rows) // 2:]
                     for c in row.text.split("\t")
                     if re.fullmatch(r"[\u4e00-\u9fff（）()]{6,30}(?:认证中心有限公司|认证有限公司|认证中心|审核中心|认可委员会|监督管理局|认证集团有限公司)",
                                     squash(c))
                     and (out["holder"] is None or squash(c) != out["holder"].value)]
            if cands:
                row = cands[0]
                c = next(squash(c) for c in row.text.split("\t") if re.search(r"(?:中心|公司|委员会|局)$", squash(c)))
                out["issuer"] = r.fact_spans(c, row.spans)
            else:
                out["issuer"] = None
    else:
        out["issuer"] = r.fact_spans("、".join(names), [s for n, ss in issuers if n in names for s in ss])
    out["models"] = None
    m = re.search(r"(?:型号规格|产品型号|型号)[:：\t ]*(?P<v>[^\n]+)", r.text)
    if m:
        models = [x for x in re.split(r"[、，,；;\s]+", m.group("v")) if re.search(r"\d", x)]
        if models:
            out["models"] = r.fact(models, m.start("v"), m.end("v"))
