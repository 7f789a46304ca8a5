"""The facts of one document, read as its kind says: labelled fields by geometry, the rest by the kind's reader.

`extract_facts(doc, policy, as_of, applicant_names)` looks the document's kind up in the registry
(pipeline/kinds/*.yaml), reads every labelled field (pipeline.extract.fields), then runs the shared field readers
(title, signature block, 文号) and the kind's reader (pipeline.extract.readers). Catalog items named on the document
(award names, certification kinds) come from the spaCy phrase matcher built from the policy catalog, for the kinds
that name items. `applicant_names` are the parties anchored fields are read for (a notice's winner rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from models.facts import DocumentFacts, Fact
from models.reading import DocumentText
from pipeline.extract.fields import read_field, read_labelled_fields
from pipeline.extract.reader import DocReader
from pipeline.extract.readers import field_reader, kind_reader
from pipeline.kinds import kind as get_kind


@dataclass
class Ctx:
    """What a reader may need besides the text."""

    policy: object
    as_of: date
    items: dict[str, Fact]
    applicant_names: list[str] = field(default_factory=list)


def _family_phrases(policy, as_of) -> tuple[tuple[str, str], ...]:
    """Item names without their rank (中国标准创新贡献奖标准项目奖 for the 一/二/三等奖 items): notices name the
    award once in the title and the rank per row."""
    out = []
    for item in policy.items_as_of(as_of):
        if item.rank and item.name.endswith(item.rank):
            out.append((item.id, item.name[: -len(item.rank)]))
    return tuple(out)


def catalog_items(r: DocReader, policy, as_of) -> dict[str, Fact]:
    from pipeline.extract.nlp import ITEM_LABEL, SPAN_KEY, build_nlp, phrases_from_policy

    nlp = build_nlp(tuple(phrases_from_policy(policy, as_of)) + _family_phrases(policy, as_of))
    # Award names wrap across lines on certificates: match on the text with line breaks removed.
    keep = [i for i, ch in enumerate(r.text) if ch not in "\n\f\t"]
    compact = "".join(r.text[i] for i in keep)
    doc = nlp(compact)
    out: dict[str, Fact] = {}
    for span in doc.spans[SPAN_KEY]:
        if span.label_ != ITEM_LABEL:
            continue
        ids = span._.value if isinstance(span._.value, tuple) else (span.ent_id_,)
        start, end = keep[span.start_char], keep[span.end_char - 1] + 1
        fact = r.fact(span.text, start, end, span._.confidence or 1.0, span._.note or None)
        for item_id in ids:
            prev = out.get(item_id)
            if prev is None or len(str(prev.value)) < len(span.text):
                out[item_id] = fact
    return out


def extract_facts(doc: DocumentText, policy, as_of: date, applicant_names: Iterable[str] = ()) -> DocumentFacts:
    k = get_kind(doc.type)
    r = DocReader(doc)
    items = catalog_items(r, policy, as_of) if k.names_items and doc.spans else {}
    out: dict[str, Fact | None] = read_labelled_fields(r, k) if doc.spans else {}
    ctx = Ctx(policy=policy, as_of=as_of, items=items, applicant_names=list(applicant_names))
    if doc.spans:
        for name, spec in k.fields.items():
            fr = field_reader(spec.reader) if spec.reader else None
            if fr is not None and out.get(name) is None:
                # A printed label wins (核准日期：…); the shared reader (the signature block …) is the fallback.
                out[name] = (read_field(r, k, name) if spec.labels else None) or fr(r)
        if k.reader:
            kind_reader(k.reader)(r, k, out, ctx)
    fields = {n: (out.get(n) if out.get(n) is not None else Fact(value=None, confidence=0.0)) for n in k.fields}
    return DocumentFacts(file=doc.file, pages=doc.pages, type=doc.type, fields=fields, items=items)
