"""Who applies: the organisation on the business licence (or credit report), or the person on the ID card, the
personal credit report or the certificate ("XXX同志").

The applicant's 统一社会信用代码 is the code as printed on the first identity document. A code that fails its
check is never replaced by a guess: it is replaced only by a valid code read on *another* document about the
applicant that explains the reading by OCR confusions alone (pipeline/extract/uscc.py `could_be`), and the draft
says which documents agree (`CodeAgreement`, the check `identity_code_consistent`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.draft import Applicant as ApplicantOut
from models.draft import Evidence
from models.facts import DocumentFacts
from pipeline.decide.context import Applicant
from pipeline.extract.uscc import check_char, could_be, looks_like_id_card, passes, printed_form
from pipeline.kinds import kind as get_kind
from pipeline.kinds import label as kind_label

# Identity documents in the order they are trusted for each field.
_ORDER = {"business_licence": 0, "id_card": 1, "credit_report": 2}


@dataclass
class CodeReading:
    doc: DocumentFacts
    code: str  # as printed
    valid: bool

    @property
    def where(self) -> str:
        return f"{kind_label(self.doc.type)}（{self.doc.file}）"


@dataclass
class CodeAgreement:
    """What the documents of a packet say the applicant's code is, and whether they agree."""

    code: str | None = None
    # verified: valid and printed alike on ≥ 2 documents; single: valid, on one document; repaired: a failing
    # reading explained by a valid code on another document; unconfirmed: fails its check, nothing confirms it;
    # conflict: documents print different valid codes; none: no code read.
    status: str = "none"
    agreeing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("verified", "single", "repaired")


def _holder(f: DocumentFacts) -> str | None:
    k = get_kind(f.type)
    name = f.get(k.holder_field) if k.holder_field else None
    return name or f.get("name") or f.get("subject")


def _about(f: DocumentFacts, name: str | None) -> bool:
    from pipeline.extract.fuzzy import same_organization

    holder = _holder(f)
    return not holder or not name or same_organization(str(holder), name)[0]


def _diff(read: str, code: str) -> str:
    a = printed_form(read)
    return "、".join(f"第{i + 1}位“{x}”应为“{y}”" for i, (x, y) in enumerate(zip(a, code)) if x != y)


def agree_codes(all_facts: list[DocumentFacts], name: str | None, first: DocumentFacts | None) -> CodeAgreement:
    """The applicant's code from every document about the applicant that prints one (licence ↔ credit report ↔
    certificate), with the sentences that say which documents agree."""
    readings = [CodeReading(f, printed_form(str(f.get("uscc"))), passes(printed_form(str(f.get("uscc")))))
                for f in all_facts if f.get("uscc") and _about(f, name)]
    named = {id(r.doc) for r in readings if _holder(r.doc) and name}
    if not readings:
        return CodeAgreement()
    readings.sort(key=lambda r: (r.doc is not first, _ORDER.get(r.doc.type, 9)))
    primary = readings[0]
    valid = list(dict.fromkeys(r.code for r in readings if r.valid))
    out = CodeAgreement()
    if primary.valid:
        out.code = primary.code
    else:
        # A valid code on another document explains the reading when the characters that differ are ones OCR
        # confuses; one other character too when both documents name the applicant (a document about the same
        # applicant printing a code one character away is that code, misread).
        explains = [c for c in valid if any(
            r.code == c and could_be(primary.code, c, max_other=1 if {id(r.doc), id(primary.doc)} <= named else 0)
            for r in readings)]
        if len(explains) == 1:
            out.code, out.status = explains[0], "repaired"
            by = [r.where for r in readings if r.code == out.code]
            how = "仅差OCR易混字符" if could_be(primary.code, out.code) else "仅差一个字符"
            out.notes.append(f"{primary.where}上读到统一社会信用代码 {primary.code}，校验位不符；{'、'.join(by)}上为 "
                             f"{out.code}，两者{how}（{_diff(primary.code, out.code)}），按{'、'.join(by)}采用 "
                             f"{out.code}，请核对原件")
        else:
            out.code, out.status = primary.code, "unconfirmed"
            why = f"校验位应为{check_char(primary.code[:17])}" if len(primary.code) == 18 and \
                all(c in "0123456789ABCDEFGHJKLMNPQRTUWXY" for c in primary.code) else "含代码中不应出现的字符或长度不符"
            also = f"；{'、'.join(explains)} 均可解释该读数，无法确定" if explains else ""
            out.notes.append(f"{primary.where}上的统一社会信用代码 {primary.code} 校验位不符（{why}），"
                             f"其他材料无一致的代码可印证{also}，请核对原件")
    for r in readings:
        if r.code == out.code:
            out.agreeing.append(r.where)
        elif r.valid:
            out.status = "conflict"
            out.notes.append(f"{r.where}上的统一社会信用代码 {r.code} 与 {out.code} 不一致，请核对是否为同一主体")
        elif out.code and passes(out.code) and could_be(r.code, out.code, max_other=1 if id(r.doc) in named else 0):
            out.agreeing.append(f"{r.where}（读作 {r.code}）")
        else:
            out.notes.append(f"{r.where}上读到 {r.code}，校验位不符且与 {out.code} 不一致，请核对原件")
            if out.status != "conflict":
                out.status = "unconfirmed" if out.status != "repaired" else out.status
    if out.status == "none":
        out.status = "verified" if len(out.agreeing) >= 2 else "single"
    out.evidence = [e for r in readings for e in r.doc.evidence("uscc")]
    return out


# ---------------------------------------------------------------- individuals
_PERSON_TITLE = re.compile(r"自然人|个人")


def mask_id(number: str | None) -> str | None:
    """An ID number as the draft shows it: the first six and the last four characters (310228********2416).
    A number already masked is kept as printed."""
    if not number:
        return None
    n = printed_form(str(number)).replace("＊", "*")
    if "*" in n or len(n) != 18:
        return n
    return n[:6] + "*" * 8 + n[-4:]


def _is_individual(licence, cards, reports, all_facts) -> bool:
    if licence:
        return False
    if cards:
        return True
    if reports:
        # A personal credit report names a person and carries no credit code.
        return not any(r.get("uscc") for r in reports) and (
            any(r.get("id_masked") for r in reports) or any(r.get("subject_kind") == "individual" for r in reports))
    # No identity document: the certificates' wording ("XXX同志", a person's name as recipient).
    kinds = [f.get("recipient_kind") for f in all_facts if f.get("recipient_kind")]
    return bool(kinds) and all(k == "individual" for k in kinds)


def find_applicant(all_facts: list[DocumentFacts]) -> Applicant:
    ids = sorted((f for f in all_facts if f.type in _ORDER), key=lambda f: _ORDER[f.type])
    licence = [f for f in ids if f.type == "business_licence"]
    cards = [f for f in ids if f.type == "id_card"]
    reports = [f for f in ids if f.type == "credit_report"]
    individual = _is_individual(licence, cards, reports, all_facts)
    a = Applicant(kind="individual" if individual else "organization", facts=ids)
    for f in ids:
        name = f.get("name") or f.get("subject")
        if name and a.name is None:
            a.name = name
            a.evidence += f.evidence("name") or f.evidence("subject")
        if f.get("address") and a.address is None:
            a.address = f.get("address")
            a.evidence += f.evidence("address")
    if individual:
        _person(a, cards, reports, all_facts)
    else:
        first = next((f for f in ids if f.get("uscc")), None)
        a.codes = agree_codes(all_facts, a.name, first)
        a.uscc = a.codes.code
        a.evidence += [e for e in a.codes.evidence if e not in a.evidence][:2]
    return a


def _person(a: Applicant, cards, reports, all_facts) -> None:
    """Name, ID number (kept only in memory, shown masked), employer of an individual applicant."""
    card = next((f for f in cards if f.get("id_number")), None)
    if card is not None:
        a.id_number = printed_form(str(card.get("id_number")))  # kept in memory only; the draft shows it masked
    report = next((f for f in reports if f.get("id_masked")), None)
    a.id_masked = mask_id(a.id_number) or (mask_id(report.get("id_masked")) if report else None)
    honours = [f for f in all_facts if f.get("recipient_kind") == "individual"]
    if a.name is None:
        for f in honours:
            if f.get("recipient"):
                a.name = f.get("recipient")
                a.evidence += f.evidence("recipient")
                break
    for f in [*reports, *honours]:
        if f.get("employer") and a.employer is None:
            a.employer = f.get("employer")
            a.evidence += f.evidence("employer")


def person_agreement(a: Applicant, all_facts: list[DocumentFacts]) -> CodeAgreement:
    """Whether the ID card's number and the personal credit reports' masked numbers are one person's."""
    out = CodeAgreement(code=a.id_masked)
    cards = [f for f in a.facts if f.type == "id_card" and f.get("id_number")]
    reports = [f for f in all_facts if f.type == "credit_report" and f.get("id_masked") and _about(f, a.name)]
    for f in cards:
        n = printed_form(str(f.get("id_number")))
        if looks_like_id_card(n):
            out.agreeing.append(f"{kind_label(f.type)}（{f.file}）")
        else:
            out.status = "unconfirmed"
            out.notes.append(f"{kind_label(f.type)}（{f.file}）上的公民身份号码 {mask_id(n)} 校验位不符，请核对原件")
        out.evidence += _masked_evidence(f.evidence("id_number"))
    for f in reports:
        printed = printed_form(str(f.get("id_masked"))).replace("＊", "*")
        shown = mask_id(printed)
        if a.id_number and not _codes_match(a.id_number, printed):
            out.status = "conflict"
            out.notes.append(f"{kind_label(f.type)}（{f.file}）所示证件号码 {shown} 与身份证号码 {a.id_masked} 不符，"
                             f"请核对是否为同一人")
        else:
            out.agreeing.append(f"{kind_label(f.type)}（{f.file}，{shown}）")
        out.evidence += f.evidence("id_masked")
    if out.status == "none":
        out.status = "verified" if len(out.agreeing) >= 2 else ("single" if out.agreeing else "none")
    return out


def _masked_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence of an ID number with its text masked: the draft and the case store never hold the number."""
    from pipeline.privacy import mask

    out = []
    for e in evidence:
        text = mask(e.text)
        for n in re.findall(r"\d{17}[\dXx]", text):
            text = text.replace(n, mask_id(n))
        out.append(e.model_copy(update={"text": text}))
    return out


def _codes_match(a: str, b: str) -> bool:
    """Codes compared character by character; personal reports mask the middle of an ID number with '*'.
    OCR loses how many stars were printed: a masked number is compared by its visible head and tail."""
    a, b = a.upper(), b.upper()
    if len(a) == len(b):
        return all(x == y or "*" in (x, y) for x, y in zip(a, b))
    m = re.fullmatch(r"([0-9X]*)\*+([0-9X]*)", b) or re.fullmatch(r"([0-9X]*)\*+([0-9X]*)", a)
    full = a if m and m.string == b else b
    return bool(m) and full.startswith(m.group(1)) and full.endswith(m.group(2))


def applicant_out(a: Applicant) -> ApplicantOut:
    return ApplicantOut(name=a.name, uscc=a.uscc if a.kind == "organization" else None, kind=a.kind,
                        address=a.address, evidence=a.evidence,
                        id_masked=a.id_masked if a.kind == "individual" else None,
                        employer=a.employer if a.kind == "individual" else None)
