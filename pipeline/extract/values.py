"""What a value of each type looks like: one normaliser per `ValueType` of the kind files.

`normalise(kind, text)` returns (value, note) or None when the text cannot be a value of that type (a date field
whose text holds no date), so the field reader can try the next place the label appears. `complete(kind, text)`
says whether a value needs no continuation line (an organisation name that ends in 有限公司).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from pipeline.extract.dates import find_dates, find_years
from pipeline.extract.levels import find_levels, find_ranks
from pipeline.extract.uscc import find_usccs

ORG_SUFFIXES = ("有限公司", "有限责任公司", "股份有限公司", "集团", "研究院", "研究所", "中心", "协会", "学会",
                "大学", "学院", "医院", "厂", "局", "委员会", "站", "所", "公司", "办公室", "政府", "联合会",
                "促进会", "商会", "联盟", "实验室", "分公司", "总局", "支队", "大队", "领导小组", "部", "厅", "院",
                "检测中心", "合作社", "事务所")
_ADDRESS_END = re.compile(r"(?:号|室|幢|弄|楼|层|座|栋|单元|号院|[0-9A-Za-z]区)$")
_TRIM = " \t\u3000：:，,。；;、.．·"
RANK_NAMES = {0: "特等奖", 1: "一等奖", 2: "二等奖", 3: "三等奖"}


def _trim(text: str) -> str:
    """The value without the punctuation and the marks around it: a box or tick OCR read for the dot or rule
    between a label and its value (类型☑其他有限责任公司) is a symbol, never part of a name."""
    v = squash(text).strip(_TRIM)
    while v and (unicodedata.category(v[0]) == "So" or unicodedata.category(v[-1]) == "So"):
        v = (v[1:] if unicodedata.category(v[0]) == "So" else v[:-1]).strip(_TRIM)
    return v


def iso(value) -> str | None:
    """A date or a (year, month) pair as compared and shown: YYYY-MM-DD or YYYY-MM."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[0]:04d}-{value[1]:02d}"
    return None


def squash(text: str) -> str:
    """Spaces OCR and letter-spacing put between CJK characters go; spaces between Latin words stay."""
    text = text.replace("\u3000", " ").strip()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def _org(text: str):
    """An organisation's name: it ends like one (有限公司, 研究院, 局 …) or is a registered issuing body."""
    from pipeline.bodies import cut_short, find_issuer

    v = _trim(text)
    v = re.sub(r"^(?:兹授予|授予|兹证明|兹聘请|兹聘任)", "", v)
    v = re.sub(r"[（(](?:盖章|公章|签章)[)）]$", "", v)
    if len(v) < 4 or not re.search(r"[\u4e00-\u9fff]", v) or re.search(r"\d{4}\s*年|[，。；]", v):
        return None
    if not v.endswith(ORG_SUFFIXES) and find_issuer(v) is None:
        return cut_short(v)  # a registered body's name with its end lost under a seal, or nothing
    return v, None


def _party(text: str):
    """An organisation, or a person (individual applicants, 自然人 reports)."""
    return _org(text) or _person_only(text)


# A person's name as printed: two to four 汉字 (· in transliterated names).
PERSON_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")


def _person_only(text: str):
    v = _trim(text)
    v = re.sub(r"(?:同志|先生|女士)$", "", v)
    return (v, None) if PERSON_NAME.fullmatch(v) else None


def _person(text: str):
    v = _trim(text)
    v = re.sub(r"(?:同志|先生|女士)$", "", v)
    m = re.match(r"^[\u4e00-\u9fff·]{2,5}", v)
    return (m.group(), None) if m else None


def _date(text: str):
    found = find_dates(text)
    for d in found:
        v = iso(d.value)
        if v:
            return v, d.note or None
    return None


def _uscc(text: str):
    # The value stands at its label (right of it or under it): read it as a labelled code, which is reported
    # even when a check fails (flagged), not as a stray 18-character run.
    found = find_usccs(f"统一社会信用代码：{text}")
    return (found[0].value, found[0].note or None) if found else None


def _id_number(text: str):
    m = re.search(r"[0-9]{1,6}[0-9*＊xX]{8,16}[0-9xX*]", text.replace("＊", "*"))
    return (m.group().upper(), None) if m else None


def _money(text: str):
    v = _trim(text)
    return (v, None) if re.search(r"\d", v) and re.search(r"[万元]", v) else None


_ROUND = set("（()）")  # a bracket's kind: round or square, whatever its width
_YEAR_IN_BRACKETS = re.compile(r"(?P<o>[（(〔\[［【])\s*(?P<y>(?:19|20)\d{2})\s*(?P<c>[）)〕\]］】])")


_SPECK_AFTER_YEAR = re.compile(r"(?<=(?:19|20)\d{2}[）)〕\]］】])[\s.．·]+(?=\d)")


_PAIRS = {"〔": "〕", "[": "]", "［": "］", "【": "】"}


def year_brackets(number: str) -> str:
    """A 文号 whose year stands between a round and a square bracket (金环罚（2024〕2757号: OCR took one 〔 for （), or
    between two square brackets that are no pair (〔2024]), is written with 〔〕, the form GB/T 9704 gives; brackets
    of one kind stay as printed, round ones whatever their widths. A speck OCR read as a dot after the year's
    bracket (〔2024〕.691号) goes."""
    def fix(m: re.Match[str]) -> str:
        o, c = m.group("o"), m.group("c")
        if (o in _ROUND and c in _ROUND) or _PAIRS.get(o) == c:
            return m.group()
        return f"〔{m.group('y')}〕"

    number = _YEAR_IN_BRACKETS.sub(fix, number)
    return _SPECK_AFTER_YEAR.sub("", number)  # 〔2024〕.691号: a speck read as a dot is not the number's


def _code(text: str):
    # spaces round a number's brackets are spacing, not an end (编号: ZDGG [2024] 29号)
    v = re.sub(r"\s*([〔〕\[\]【】（）()])\s*", r"\1", _trim(text))
    v = re.sub(r"^(?:No|NO)(?:\s*[.．:：]\s*|\s+)(?=[A-Za-z0-9])", "", v)  # No. is a label (证书编号：No.20241234)
    m = re.match(r"^[A-Za-z0-9\u4e00-\u9fff\-－—/（）()〔〕\[\]【】._·]+", v)
    if not m or not re.search(r"\d", m.group()):
        return None
    return year_brackets(m.group()), None


def _text(text: str):
    v = _trim(text)
    return (v, None) if v else None


# A stray mark OCR put between a date and 至 (1997.02.26.至…: a speck read as a full stop) is not the term's.
_AROUND_TO = re.compile(r"(?<=\d)[.．。，,、·]+(?=\s*至)|(?<=至)\s*[.．。，,、·]+(?=\s*\d)")


def _term(text: str):
    """A period of validity (营业期限): two dates joined by 至, or 长期 / 无固定期限 after 至."""
    v = _AROUND_TO.sub("", _trim(text))
    # a date in Chinese numerals is printed with 〇; OCR reads it as the circle ○ or a capital O at times
    v = re.sub(r"[○◯OＯ](?=[〇○◯OＯ一二三四五六七八九]*年)", "〇", v)
    return (v, None) if v else None


def _address(text: str):
    v = _trim(text)
    return (v, None) if len(v) >= 4 else None


def _year(text: str):
    ys = find_years(text)
    return (int(ys[0].value), None) if ys else None


def _level(text: str):
    found = find_levels(text)
    return (found[0].value, None) if found else None


def _rank(text: str):
    found = find_ranks(text)
    return (RANK_NAMES.get(found[0].value, found[0].text), found[0].note or None) if found else None


NORMALISERS = {
    "text": _text, "title": _text, "org": _org, "party": _party, "person": _person, "address": _address,
    "date": _date, "uscc": _uscc, "id_number": _id_number, "money": _money, "code": _code, "doc_no": _code,
    "year": _year, "level": _level, "rank": _rank, "honour": _text, "list": _text, "term": _term,
}


def normalise(kind: str, text: str):
    fn = NORMALISERS.get(kind, _text)
    return fn(text)


def unbalanced(text: str) -> bool:
    """A bracket left open, or a date cut before its day (…2061年11月26): the value wraps onto the next line."""
    t = squash(text)
    return t.count("（") + t.count("(") > t.count("）") + t.count(")") or bool(re.search(r"年\d{1,2}月\d{1,2}$", t))


def complete(kind: str, text: str) -> bool:
    """Whether a value of this type looks whole, so the line under it is not part of it."""
    t = squash(text)
    if unbalanced(t):
        return False  # a bracket left open: the value wraps onto the next line
    if kind == "party" and PERSON_NAME.fullmatch(t):
        return True  # a person's name
    if kind in ("org", "party"):
        return t.endswith(ORG_SUFFIXES) and not t.endswith(("（", "("))
    if kind == "address":
        return bool(_ADDRESS_END.search(t))
    if kind == "date":
        return _date(t) is not None
    if kind == "text":
        return False
    if kind == "term":
        return not t.endswith(("至", "-", "—"))  # the end of the period wrapped onto the next line
    return True


_ADDRESS_TAIL = re.compile(r"^[0-9A-Za-z一二三四五六七八九十]+(?:号楼|幢|栋|楼|层|室|单元|号|座|区)")


_SUB_UNIT_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:分公司|分厂|检测中心|实验室|分中心|研究所|事业部)$")


def continues(kind: str, text: str, line: str) -> bool:
    """Whether `line` (the line under a value) carries on a value that already looks whole: an address whose
    building and room (2号楼433室) wrapped onto the next line, a company whose branch (金山分公司) did."""
    if kind == "address":
        return bool(_ADDRESS_TAIL.match(squash(line)))
    if kind in ("org", "party"):
        return bool(_SUB_UNIT_TAIL.match(squash(line)))
    return False
