"""Reading a kind's labelled fields, from the kind's data: labels, value type and where the value stands.

For each field the printed label variants (most specific first) are looked for in the document's ruled tables
(the value is the next cell right, or the cell under a header) and on its rows (`pipeline.extract.geometry`); the
first place whose text is a valid value of the field's type wins. `position: anywhere` fields fall back on the
value's own pattern (a USCC, an ID number) where no label is printed. Fields a kind reads with code (`reader:`)
are left to that reader; a reader may still call `read_field` for its labelled fields.
"""

from __future__ import annotations

import re

from models.draft import Evidence
from models.facts import Fact
from models.kinds import DocumentKind, FieldSpec
from pipeline.extract import geometry as geo
from pipeline.extract.reader import DocReader
from pipeline.extract.values import complete, continues, normalise, squash, unbalanced


def _label_cell(text: str, label: str) -> bool:
    t = squash(text).strip(" ：:")
    t = re.sub(r"\s*[A-Za-z][A-Za-z ./()&-]*$", "", t)  # bilingual labels: 证书编号 Certificate No.
    t = re.sub(r"[（(][^（()）]{1,6}[)）]$", "", t).strip(" ：:")  # a form's note on the label: 申报单位（盖章）
    return t == label or (t.startswith(label) and len(t) <= len(label) + 2)


def _from_tables(r: DocReader, spec: FieldSpec, labels: tuple[str, ...]) -> Fact | None:
    for t in r.tables:
        cells = sorted(t.cells, key=lambda c: (c.row, c.col))
        for lb in labels:
            for c in cells:
                if not _label_cell(c.text, lb):
                    continue
                right = [x for x in cells if x.row == c.row and x.col > c.col]
                # The cell under a label holds its value only where the label heads a column (a header row).
                below = [x for x in cells if x.col == c.col and x.row == c.row + 1] if c.row == 0 else []
                for target in ([min(right, key=lambda x: x.col)] if right else []) + below[:1]:
                    got = normalise(spec.value, target.text)
                    if got is None:
                        continue
                    value, note = got
                    ev = r.cell_evidence(t.page, target.bbox, target.text)
                    return Fact(value=value, confidence=min(e.confidence for e in ev), evidence=ev, note=note)
    return None


def _done(spec: FieldSpec, text: str) -> bool:
    """Whether a value needs no more lines: a bracket left open always does; free text only when multiline."""
    if unbalanced(text):
        return False
    if spec.value == "text":
        return not spec.multiline
    return complete(spec.value, text)


def _from_rows(r: DocReader, spec: FieldSpec, labels: tuple[str, ...], others: tuple[str, ...],
               skewed: bool = False) -> Fact | None:
    """`skewed`: only the value beside a lone label, half a line off (a skewed photo; tried when nothing else
    was found)."""
    for lb in labels:
        for i, m in geo.find_label(r.rows, lb):
            for pos in spec.position:
                if skewed:
                    v = geo.value_beside(r.rows, i, m, others) if pos == "right" else None
                elif pos == "right":
                    v = geo.value_right(r.rows, i, m, others)
                elif pos in ("below", "above"):
                    v = geo.value_below(r.rows, i, m, others, above=pos == "above")
                else:
                    continue
                if v is None:
                    continue
                v = geo.continue_lines(r.rows, i, v, others, complete=lambda t: _done(spec, t),
                                       continues=lambda t, line: continues(spec.value, t, line),
                                       skip=tuple(r.rows[i].spans) if skewed else ())
                got = normalise(spec.value, v.text)
                if got is None:
                    continue
                value, note = got
                return r.fact_spans(value, v.spans, note=note)
    return None


def _anywhere(r: DocReader, spec: FieldSpec) -> Fact | None:
    from pipeline.extract.uscc import find_usccs

    if spec.value == "uscc":
        found = find_usccs(r.text)
        if found:
            u = found[0]
            return r.fact(u.value, u.start, u.end, u.confidence, u.note or None)
    if spec.value == "address":
        return _address_line(r, spec)
    if spec.value == "id_number":
        m = re.search(r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}[0-9]{7}[0-9Xx](?![0-9A-Za-z])", r.text) or \
            re.search(r"(?<![0-9A-Za-z*])[0-9]{1,6}\*{6,16}[0-9]{0,4}[0-9Xx](?![0-9A-Za-z*])", r.text)
        if m:
            return r.fact(m.group().upper(), m.start(), m.end())
    return None


# A whole line that is an address: province or city first, a door number, building, floor or room last.
_ADDRESS_LINE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:省|市|自治区)[\u4e00-\u9fff0-9A-Za-z（）()\-—]{4,60}?"
                           r"(?:号|室|幢|弄|楼|层|座|栋|单元)(?:[0-9A-Za-z]+(?:号楼|幢|栋|楼|层|室|单元|号|座))*")


def _pieces_of(labels) -> set[str]:
    return {lb[:k] for lb in labels for k in range(1, len(lb))} | {lb[k:] for lb in labels for k in range(1, len(lb))}


def _address_line(r: DocReader, spec: FieldSpec) -> Fact | None:
    """A letter-spaced label that OCR read only in part (住 or 所 of 住　所, the rest lost under a stamp) with an
    address right after it: the piece of the label is one of the field's own labels cut short, the rest of the
    line an address."""
    pieces = _pieces_of(spec.labels)
    for i, row in enumerate(r.rows):
        t = squash(row.text.replace("\t", ""))
        nxt = r.rows[i + 1] if i + 1 < len(r.rows) else None
        tail = squash(nxt.text.replace("\t", "")) if nxt is not None and nxt.page == row.page else ""
        for k in (1, 2):
            if t[:k] not in pieces:
                continue
            value = t[k:].lstrip("：:")
            spans = [s for s in row.spans if squash(s.text) not in pieces] or row.spans
            if not _ADDRESS_LINE.fullmatch(value) and len(tail) <= 3 and _ADDRESS_LINE.fullmatch(value + tail):
                value, spans = value + tail, spans + list(nxt.spans)  # the room wrapped alone (106 / 室)
            if _ADDRESS_LINE.fullmatch(value):
                return r.fact_spans(value, spans, note=_PART_READ_ADDRESS)
        # the same in the right column of a two-column page (经营范围… | 所上海市…): a span of its own
        for s in row.spans[1:]:
            st = squash(s.text)
            if st[:1] in pieces and _ADDRESS_LINE.fullmatch(st[1:].lstrip("：:")):
                return r.fact_spans(st[1:].lstrip("：:"), [s], note=_PART_READ_ADDRESS)
    return None


_PART_READ_ADDRESS = "标签未完整识别，按地址格式读取，请核对原件"
_PART_READ_ORG = "标签未完整识别，按单位名称格式读取，请核对原件"


def _org_after_piece(r: DocReader, spec: FieldSpec, others: tuple[str, ...]) -> Fact | None:
    """The same for an organisation's name: a line opening with a piece of one of the field's labels and its
    colon (称：… of 名　称：, the 名 lost), the rest a whole organisation's name. A piece that could belong to
    another field's label says nothing and is passed over."""
    theirs = _pieces_of(others) | set(others)
    pieces = {p for p in _pieces_of(spec.labels) if p not in theirs}
    for row in r.rows:
        t = squash(row.text.replace("\t", ""))
        m = re.match(r"([\u4e00-\u9fff]{1,4})[：:]", t)
        if not m or m.group(1) not in pieces:
            continue
        got = normalise(spec.value, t[m.end():])
        if got is not None and complete(spec.value, t[m.end():]):
            return r.fact_spans(got[0], list(row.spans), note=_PART_READ_ORG)
    return None


def _from_signature(r: DocReader, spec: FieldSpec) -> Fact | None:
    """The registered body over the signature block's date (登记机关 printed apart from it: the label on its own,
    the body and the date under it further right)."""
    from pipeline.bodies import find_issuer
    from pipeline.extract.readers.common import signature

    names, _ = signature(r)
    for name, spans in names:
        b = find_issuer(name)
        if b is not None and b.name == squash(name):
            return r.fact_spans(b.name, spans)
    return None


def _from_seal(r: DocReader, spec: FieldSpec, labels: tuple[str, ...]) -> Fact | None:
    """The registered body a round seal on the document names; with two, the one nearest the field's label."""
    from pipeline.bodies import ring_reading, seal_body, spelling_distance

    found = []
    for seal in r.doc.seals:
        hit = seal_body(seal.readings)
        if hit is not None:
            found.append((seal, *hit))
    if not found:
        return None
    if len({b.name for _, b, _ in found}) > 1:
        near = [s for s in r.doc.spans if any(squash(s.text).startswith(lb) for lb in labels)]
        if not near:
            return None
        lb = near[0]
        found.sort(key=lambda f: (f[0].page != lb.page, abs(f[0].bbox[0] + f[0].bbox[2] - lb.bbox[0] - lb.bbox[2])
                                  + abs(f[0].bbox[1] + f[0].bbox[3] - lb.bbox[1] - lb.bbox[3])))
    seal, body, edits = found[0]
    read = ring_reading(body.name, min(seal.readings, key=lambda t: spelling_distance(body.name, t)))
    ev = Evidence(file=r.doc.file, page=seal.page, text=f"印章：{read}", bbox=seal.bbox, confidence=seal.confidence,
                  source="seal")
    how = "与名录一致" if edits == 0 else f"与名录中“{body.name}”相差{edits}字"
    return Fact(value=body.name, confidence=round(min(seal.confidence, 0.9), 3), evidence=[ev],
                note=f"{spec.label}仅见于印章，按印章文字（识读为“{read}”，{how}）读取，请核对印章")


def label_order(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The kind file's order (most wanted first), except that a label comes right after any longer label that
    begins with it: 生产企业名称 is read as itself, not as 生产企业 followed by a value "名称：…"."""
    def key(lb: str) -> tuple[int, int]:
        return min(i for i, x in enumerate(labels) if x.startswith(lb)), -len(lb)

    return tuple(sorted(labels, key=key))


def read_field(r: DocReader, kind: DocumentKind, name: str) -> Fact | None:
    spec = kind.fields[name]
    if not spec.labels and "anywhere" not in spec.position:
        return None
    others = tuple(lb for n, s in kind.fields.items() if n != name for lb in s.labels)
    labels = label_order(spec.labels)
    fact = _from_tables(r, spec, labels) or _from_rows(r, spec, labels, others)
    if fact is None and "anywhere" in spec.position:
        fact = _anywhere(r, spec)
    if fact is None and "right" in spec.position:
        fact = _from_rows(r, spec, labels, others, skewed=True)
    if fact is None and spec.value in ("org", "party") and "right" in spec.position:
        fact = _org_after_piece(r, spec, others)
    if fact is None and spec.signature:
        fact = _from_signature(r, spec)
    if fact is None and spec.seal:
        fact = _from_seal(r, spec, labels)
    if fact is not None and spec.completes:
        fact = _completed(fact, spec.completes)
    return fact


def _completed(fact: Fact, values: tuple[str, ...]) -> Fact:
    """A value cut short at its end, completed to the one entry of the closed list it begins (at most three
    characters added); anything else stays as read."""
    v = squash(str(fact.value))
    w = v.replace("(", "（").replace(")", "）")  # brackets as the list prints them
    if w in values:
        return fact
    fixed = w.replace("，", "、").replace(",", "、")  # OCR reads the 顿号 inside the brackets as a comma
    if fixed in values:
        return fact.model_copy(update={"value": fixed, "note": f"原件读作“{v}”，按类型名录记为“{fixed}”，请核对原件"})
    fits = [x for x in values if x.startswith(w) and len(x) - len(w) <= 3]
    if len(v) < 4 or len(fits) != 1:
        return fact
    return fact.model_copy(update={"value": fits[0], "note": f"原件读作“{v}”，按类型名录补全为“{fits[0]}”，请核对原件"})


def read_labelled_fields(r: DocReader, kind: DocumentKind) -> dict[str, Fact | None]:
    """Every field the kind reads by label alone (no `reader:`)."""
    return {name: read_field(r, kind, name) for name, spec in kind.fields.items() if spec.reader is None}
