"""The registry of issuing bodies: who signs certificates, notices, reports and licences, and at what level.

A name that is a known issuer is never the holder of an honour; the issuer of a document is the body in its
signature block or title line; an honour's level is checked against its issuer's level. Data, not code: a new
body or a new printed form of one is a line in `issuing_bodies.yaml`. Names match OCR-tolerantly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from models.kinds import IssuingBodies, IssuingBody
from pipeline.policy.errors import PolicyError
from pipeline.policy.yaml_strict import read_yaml

__all__ = ["BODIES_FILE", "IssuerError", "bodies", "find_issuer", "fix_region", "is_issuer", "issuer_names",
           "load_bodies", "load_registry", "regions", "ring_reading", "seal_body", "spelling_distance"]

BODIES_FILE = Path(__file__).resolve().parent / "issuing_bodies.yaml"
# Generic forms of an authority's name: a government body is never an applicant's name.
_AUTHORITY = re.compile(
    r"(?:人民政府|市场监督管理(?:总)?局|质量技术监督局|标准化管理委员会|认证认可监督管理委员会|认可委员会|"
    r"公共信用信息(?:服务)?中心|质量工作领导小组(?:办公室)?|税务局|税务所|执法局|消防救援支队|生态环境局|"
    r"应急管理局|人力资源和社会保障局)$")


class IssuerError(PolicyError):
    pass


def load_registry(path: Path = BODIES_FILE) -> IssuingBodies:
    try:
        return IssuingBodies.model_validate(read_yaml(path))
    except PolicyError as exc:
        raise IssuerError(exc.message, file=path, key=exc.key) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise IssuerError(msg, file=path, key=".".join(map(str, first["loc"]))) from exc


def load_bodies(path: Path = BODIES_FILE) -> tuple[IssuingBody, ...]:
    return load_registry(path).bodies


@lru_cache(maxsize=1)
def _registry() -> IssuingBodies:
    return load_registry()


def bodies() -> tuple[IssuingBody, ...]:
    return _registry().bodies


def regions() -> tuple[str, ...]:
    """The registry's place names, longest first."""
    return tuple(sorted(_registry().regions, key=len, reverse=True))


def fix_region(name: str | None) -> tuple[str | None, str | None]:
    """(name, note): a name whose place name is read one look-alike character off a registered one (土海市金山区…)
    with that place name put right, and the note saying so; any other name as it is, without a note."""
    if not name or any(name.startswith(p) for p in regions()):
        return name, None
    from pipeline.extract.fuzzy import confusable

    for p in regions():
        head = name[:len(p)]
        diff = [(a, b) for a, b in zip(head, p) if a != b]
        if len(head) == len(p) and len(diff) == 1 and confusable(*diff[0]):
            fixed = p + name[len(p):]
            return fixed, f"“{name}”按地名更正为“{fixed}”（OCR 易混字），请核对原件"
    return name, None


def _key(name: str) -> str:
    return re.sub(r"[\s（）()·]", "", name or "")


@lru_cache(maxsize=1)
def _index() -> dict[str, IssuingBody]:
    out = {}
    for b in bodies():
        for n in (b.name, *b.aliases):
            out[_key(n)] = b
    return out


def issuer_names() -> list[str]:
    return sorted(_index(), key=len, reverse=True)


def find_issuer(name: str | None, tolerant: bool = True) -> IssuingBody | None:
    """The registered body this name is (exactly, or with an OCR slip or two)."""
    if not name:
        return None
    k = _key(name)
    hit = _index().get(k)
    if hit or not tolerant or len(k) < 4:
        return hit
    from pipeline.extract.fuzzy import ocr_similarity

    best = max(_index().items(), key=lambda kv: ocr_similarity(k, kv[0]))
    return best[1] if ocr_similarity(k, best[0]) >= 90 and abs(len(k) - len(best[0])) <= 2 else None


def registered_form(name: str) -> tuple[str, str | None]:
    """(name, note): a registered body's name as the registry writes it where OCR dropped or changed its brackets
    (no note: nothing else differs) or lost its first character at a copy's edge (家标准化管理委员会, with a note); any
    other name as printed, without a note."""
    k = _key(name)
    body = _index().get(k)
    if body is not None and _key(body.name) == k:
        return body.name, None
    if len(k) >= 6:
        for b in _registry().bodies:
            if len(_key(b.name)) == len(k) + 1 and _key(b.name).endswith(k):
                return b.name, f"原件读作“{name}”（首字未识别），按登记的发证机构记为“{b.name}”，请核对原件"
    if len(k) >= 8:
        # one character OCR read as another (信焦 for 信息) in a long name: only where exactly one body is that close
        near = {b.name for b in _registry().bodies
                if len(kb := _key(b.name)) == len(k) and sum(x != y for x, y in zip(kb, k)) == 1}
        if len(near) == 1:
            (full,) = near
            return full, f"原件读作“{name}”（一字疑为误识），按登记的机构名称记为“{full}”，请核对原件"
    return name, None


def cut_short(name: str) -> tuple[str, str] | None:
    """(registered name, note) for a name whose last characters were lost (a seal over them on a copy, the
    scan's edge): it begins exactly one registered body and lacks at most three characters of it."""
    k = _key(name)
    if len(k) < 8:
        return None
    fits = {b.name for b in _registry().bodies if _key(b.name).startswith(k) and 1 <= len(_key(b.name)) - len(k) <= 3}
    if len(fits) != 1:
        return None
    (full,) = fits
    return full, f"原件读作“{name}”（末尾未识别），按登记的机构名称记为“{full}”，请核对原件"


def is_issuer(name: str | None) -> bool:
    """A registered issuing body, or a name in the form of a government authority."""
    if not name:
        return False
    return find_issuer(name) is not None or bool(_AUTHORITY.search(_key(name)))


def _substring_distance(name: str, text: str) -> int:
    """Edits that turn `name` into some stretch of `text` (Sellers: a match may start and end anywhere)."""
    prev = [0] * (len(text) + 1)
    for i, a in enumerate(name, 1):
        cur = [i] + [0] * len(text)
        for j, b in enumerate(text, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b))
        prev = cur
    return min(prev)


def spelling_distance(name: str, text: str) -> int:
    """Edits between a body's name and the closest stretch of a ring's reading (Chinese characters, round)."""
    return _substring_distance(_key(name), _cjk(text) * 2)


def ring_reading(name: str, text: str) -> str:
    """A seal's reading turned round to begin where the body's name begins (the ring may have been unrolled from
    the middle of the name)."""
    from rapidfuzz.distance import Levenshtein

    if not text:
        return text
    key = _key(name)
    turns = [text[i:] + text[:i] for i in range(len(text))]
    return min(turns, key=lambda t: Levenshtein.distance(key, t[:len(key)]))  # the first of equally close turns


def _cjk(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]", text or ""))  # a seal's serial digits and stray marks left out


def seal_body(readings: tuple[str, ...] | list[str]) -> tuple[IssuingBody, int] | None:
    """The registered body whose name a seal's readings (one per band, see pipeline.ocr.seals) spell round the
    ring, with the edits it took in its best reading; None when no body fits clearly.

    Every reading counts: a body fits when, in half the readings or more, one of its names is found within one
    edit in six characters, and every other body that fits a reading takes at least one edit more per reading
    (summed over the readings) — so two districts' bureaus that differ in one character (金山区, 宝山区) are
    told apart by the readings, or the seal is not named."""
    # a ring's text goes round: read from wherever the unrolling began, the name may continue from its end to
    # its start, so each reading is searched doubled
    texts = [_cjk(t) * 2 for t in readings if len(_cjk(t)) >= 4]
    if not texts:
        return None
    scores = []
    for b in bodies():
        names = [_key(n) for n in (b.name, *b.aliases) if len(_key(n)) >= 5]
        if not names:
            continue
        per = [[(_substring_distance(n, t), len(n)) for n in names] for t in texts]
        fits = sum(1 for ds in per if any(d <= max(1, n // 6) for d, n in ds))
        closest = [min(d for d, _ in ds) for ds in per]
        scores.append((sum(closest), fits, min(closest), b))
    if not scores:
        return None
    scores.sort(key=lambda s: (s[0], -len(s[3].name)))  # a body whose name holds another's (…办公室) first
    total, fits, edits, best = scores[0]
    held = {_key(n) for n in (best.name, *best.aliases)}
    # a body that fits no reading is no spelling of this seal; one whose name the best's holds is found with it
    rivals = [s for s in scores[1:]
              if s[1] and not any(_key(n) in h for n in (s[3].name, *s[3].aliases) for h in held)]
    if fits * 2 < len(texts) or (rivals and rivals[0][0] - total < len(texts)):
        return None
    return best, edits
