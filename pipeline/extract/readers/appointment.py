"""Appointments of a 首席质量官 or 标准化总监: the person, the role, the employer, the training certificate, dates."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.extract.dates import find_dates
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.choices import choose
from pipeline.extract.roles import looks_like_org, org_core, person_holder
from pipeline.extract.values import iso, squash


def read(r, kind, out: dict, ctx) -> None:
    out["role"] = choose(r, kind.fields["role"], head_first=False)
    person = read_field(r, kind, "person")
    if person is None:
        h = person_holder(r)
        person = h.fact if h else None
    if person is None:
        m = re.search(r"(?:兹聘请|兹聘任|聘任|聘请|任命)\s*(?P<n>[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3}?)\s*"
                      r"(?:同志|先生|女士)?\s*(?:[（(][^）)]*[)）])?\s*(?:为|担任)", r.text.replace("\n", ""))
        if m:
            person = Fact(value=squash(m.group("n")), evidence=[])
    out["person"] = person
    employer = read_field(r, kind, "employer")
    issuers, date = common.signature(r)
    if employer is None:
        orgs = [n for n, _ in issuers if looks_like_org(n)]
        if orgs:
            employer = Fact(value=orgs[0], evidence=[])
    if employer is None:
        m = re.search(r"(?P<e>[\u4e00-\u9fff（）()]{4,40}?(?:有限公司|股份有限公司|有限责任公司))", r.text.replace("\n", ""))
        employer = Fact(value=org_core(m.group("e")), evidence=[]) if m else None
    out["employer"] = employer
    out["training_cert_no"] = read_field(r, kind, "training_cert_no")
    out["date"] = read_field(r, kind, "date") or date
    m = re.search(r"聘期[^\n。]{0,4}?(?P<a>[^\n。至]{6,14})至(?P<b>[^。]{6,16})", r.text.replace("\n", ""))
    out["term_end"] = None
    if m:
        d = [iso(x.value) for x in find_dates(m.group("b")) if iso(x.value)]
        if d:
            out["term_end"] = Fact(value=d[0], evidence=[])
    out["doc_no"] = common.doc_no(r)
