"""Credit reports: 上海 市场主体专用信用报告, 信用中国 公共信用信息报告, 查询结果告知书, 自然人信用报告."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.bodies import fix_region
from pipeline.extract.fields import read_field
from pipeline.extract.readers import common
from pipeline.extract.readers.records import read_report
from pipeline.extract.dates import find_dates
from pipeline.extract.values import ORG_SUFFIXES, iso, squash



def _masked(value: str | None) -> str | None:
    """A masked ID number as printed; OCR loses how many stars it had, an ID number has 18 characters."""
    if not value:
        return value
    v = value.replace(" ", "").replace("＊", "*")
    m = re.fullmatch(r"([0-9]*)\*+([0-9Xx]*)", v) or re.fullmatch(r"([0-9]*)\*[\s*]*\*?([0-9Xx]*)", v)
    if m and len(m.group(1)) + len(m.group(2)) < 18:
        return m.group(1) + "*" * (18 - len(m.group(1)) - len(m.group(2))) + m.group(2).upper()
    return v.upper()


def _masked_row(r, kind) -> Fact | None:
    """A masked number OCR split into cells (证件号码 | 310* | ***449X): every code-like cell after the label."""
    labels = kind.fields["id_masked"].labels
    for row in r.rows:
        cells = row.text.split("\t")
        for i, c in enumerate(cells):
            if squash(c).rstrip("：:") in labels:
                parts = []
                for nxt in cells[i + 1:]:
                    v = squash(nxt).replace("＊", "*")
                    if not re.fullmatch(r"[0-9*Xx]+", v):
                        break
                    parts.append(v)
                joined = "".join(parts)
                if "*" in joined and len(joined) >= 6:
                    spans = row.spans[i:i + 1 + len(parts)]
                    return r.fact_spans(_masked(joined), spans)
    return None


def _addressee(r) -> Fact | None:
    """A letter's addressee line (XX有限公司：) names its subject."""
    for row in r.rows[:12]:
        t = squash(row.text.replace("\t", ""))
        m = re.fullmatch(r"(?P<v>[\u4e00-\u9fff（）()·]{4,40})[：:]", t)
        if m and m.group("v").endswith(ORG_SUFFIXES):
            return r.fact_spans(m.group("v"), row.spans)
    return None


def read(r, kind, out: dict, ctx) -> None:
    out["title"] = common.title(r, kind.title_cues)
    if out.get("subject") is None:
        out["subject"] = _addressee(r)
    if out.get("report_no") is None:
        out["report_no"] = common.doc_no(r)
    issuers, sig_date = common.signature(r)
    if out.get("report_date") is None:
        out["report_date"] = sig_date
    if out.get("report_date") is None:
        # A letter's own date may be lost under its seal; it says when it queried: 本中心于2025年2月28日通过……查询.
        m = re.search(r"(?:本中心|我中心|本机构)?于(?P<d>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:通过|对|出具|查询)", r.compact)
        if m:
            out["report_date"] = r.compact_fact(iso(find_dates(m.group("d"))[0].value), m.start("d"), m.end("d"),
                                                note="按告知书所述查询日期")
    if issuers:
        out["issuer"] = common.bodies_fact(r, issuers)  # as the registry writes it, OCR's slips noted
    else:
        m = re.search(r"(?:数据来源|出具机构|出具单位)[:：]\s*(?P<v>[\u4e00-\u9fff]{4,30}?(?:中心|局|委员会))", r.text)
        out["issuer"] = r.fact(m.group("v"), m.start("v"), m.end("v")) if m else read_field(r, kind, "issuer")
    if out.get("id_masked") is not None:
        f = out["id_masked"]
        out["id_masked"] = f.model_copy(update={"value": _masked(str(f.value))})
    split = _masked_row(r, kind)
    visible = lambda f: len(str(f.value).replace("*", ""))  # noqa: E731
    if split is not None and (out.get("id_masked") is None or visible(split) > visible(out["id_masked"])):
        out["id_masked"] = split
    title = str(out["title"].value) if out.get("title") else ""
    individual = bool(re.search(r"自然人|个人", title)) or (out.get("id_masked") is not None and out.get("uscc") is None)
    out["subject_kind"] = Fact(value="individual" if individual else "organization",
                               evidence=out["title"].evidence if out.get("title") else [])
    report = read_report(r)
    for name in ("penalties", "dishonest", "abnormal", "other_records"):
        values, evidence = report[name]
        notes = []
        for rec in values:
            if rec.get("authority"):
                rec["authority"], note = fix_region(rec["authority"])
                notes += [note] if note else []
        out[name] = Fact(value=values, evidence=evidence, note="；".join(notes) or None)
    for name in ("sections", "summary"):
        out[name] = Fact(value=report[name], evidence=[])
