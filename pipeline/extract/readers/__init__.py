"""Readers of code, for what a kind's labels cannot express: one per kind that needs one, and a few per field.

A kind file names its reader (`reader: credit_report`); a field names a shared field reader (`reader: title`,
`issuer`, `signature_date`, `doc_no`). Everything else a kind reads by its labels (pipeline.extract.fields).
"""

from __future__ import annotations

from importlib import import_module

# kind reader name → module with read(r, kind, out, ctx)
KIND_READERS = {
    "credit_report": "pipeline.extract.readers.credit",
    "award_certificate": "pipeline.extract.readers.honours:read_certificate",
    "award_notice": "pipeline.extract.readers.honours:read_notice",
    "standard": "pipeline.extract.readers.standard",
    "certification": "pipeline.extract.readers.certification",
    "approval": "pipeline.extract.readers.approval",
    "appointment": "pipeline.extract.readers.appointment",
    "application_form": "pipeline.extract.readers.form",
}


def kind_reader(name: str):
    target = KIND_READERS.get(name)
    if target is None:
        raise KeyError(f"no reader '{name}'; known readers: {', '.join(sorted(KIND_READERS))}")
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr or "read")


def field_reader(name: str):
    from pipeline.extract.readers import common

    from pipeline.kinds import kind

    # a title carries one of its kind's title cues where one does (申报材料目录 in plain type over a table)
    table = {"title": lambda r: common.title(r, kind(r.doc.type).title_cues),
             "issuer": lambda r: common.issuer(r, common.title(r)),
             "signature_date": common.signature_date, "doc_no": common.doc_no, "signer": common.signer}
    return table.get(name)
