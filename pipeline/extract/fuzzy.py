"""Names read through OCR: award/item names and organisation names.

Plain edit-distance ratios cannot tell an OCR slip from a different name: 上海金山华源新材料有限公司 and
上海金山华远新材料有限公司 score 92 with rapidfuzz's ratio, as high as a genuine misreading. So the score
here is 100 minus a cost per edit, where an edit between characters OCR is known to confuse (0/O,
己/已, 奖/奬 …) is cheap and any other substitution is expensive:

    known confusion   3 points      (CONFUSION_COST)
    other substitution 15 points    (SUBSTITUTION_COST)
    inserted/dropped character 12   (INDEL_COST)

How the thresholds were chosen (tests/test_nlp.py::test_thresholds_separate_noise_from_other_names
regenerates this, run with -s to print): for 12 organisation names and 20 catalog-style award names we
generated OCR-noisy variants (1-2 known confusions, a space, full-width brackets, 有限公司/股份有限公司
and （上海） variants) and "other" names (one substitution by a character outside the confusion table).
Noisy variants scored 94-100, the other names 85. A single dropped character scores 88. So
SAME_ORG_THRESHOLD = 88 (a dropped character is still the same company, a changed one is not) and
PHRASE_MATCH_THRESHOLD = 90 sit between the two groups; NEAR_MISS_THRESHOLD = 70 keeps two unexplained
edits visible. A score between NEAR_MISS_THRESHOLD and the match threshold is a near miss: kept with a lower
confidence and a note, never silently accepted or dropped. Re-check on samples/ when packets exist.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ._text import fold

CONFUSION_COST = 3
SUBSTITUTION_COST = 15
INDEL_COST = 12
FORM_PENALTY = 4  # 有限公司 vs 股份有限公司: usually the same company renamed, but say so
REGION_PENALTY = 4  # "（上海）" on one side only

SAME_ORG_THRESHOLD = 88
PHRASE_MATCH_THRESHOLD = 90
NEAR_MISS_THRESHOLD = 70
MIN_FUZZY_LENGTH = 5  # shorter phrases (上海品牌) are matched exactly only: one slip changes them too much
SHORT_PHRASE = 8  # below this length a near miss is not reported: one slip changes the meaning

# Characters OCR confuses with each other. Extend it when samples show a new confusion.
CONFUSABLE_GROUPS = (
    "0OoD〇○零", "1lI|丨", "2Z", "5S", "8B", "己已巳", "未末", "上土士", "人入八", "日曰目", "于千干", "天夭",
    "王玉主", "大太犬", "木本术", "贝见", "住往", "微徽", "侯候", "析折", "拔拨", "戍戌成", "免兔", "冶治",
    "准淮", "采釆", "奖奬獎", "质貭質", "量景", "标杯", "牌脾", "品晶", "材村", "料科", "司同",
    "限恨", "华毕", "新薪", "金全", "区匹", "市币", "级纽", "认从", "证正", "检捡", "测侧",
    "体休", "项顶", "奋夺", "单革", "工エ", "口ロ", "力カ", "二ニ", "一-—",
)
_CONFUSABLE = {c: i for i, g in enumerate(CONFUSABLE_GROUPS) for c in g}

_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉、,，.。·・:：;；]")
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
_REGION_PAREN = re.compile(r"\((上海|中国|上海市)\)")
_REGION_PREFIX = re.compile(r"^(上海市|上海)")


def normalize(s: str) -> str:
    """Fold full-width forms, unify brackets, drop spaces and punctuation."""
    return _PUNCT.sub("", fold(s)).replace("【", "(").replace("】", ")")


def confusable(a: str, b: str) -> bool:
    return a in _CONFUSABLE and _CONFUSABLE.get(b) == _CONFUSABLE[a]


def ocr_similarity(a: str, b: str) -> float:
    """100 for equal (after normalize), minus the edit costs above; 0 at worst."""
    a, b = normalize(a), normalize(b)
    cost = 0
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            cost += CONFUSION_COST if confusable(a[op.src_pos], b[op.dest_pos]) else SUBSTITUTION_COST
        else:
            cost += INDEL_COST
        if cost >= 100:
            return 0.0
    return float(100 - cost)


def best_match(text: str, candidates, threshold: float = PHRASE_MATCH_THRESHOLD) -> tuple[str, float] | None:
    """The candidate closest to `text` (a whole name, e.g. an award name cell), if it scores ≥ threshold."""
    best: tuple[str, float] | None = None
    for cand in candidates:
        score = ocr_similarity(text, cand)
        if score >= threshold and (best is None or score > best[1]):
            best = (cand, score)
    return best


def _split_org(name: str) -> tuple[str, str, str]:
    """(core, legal form, region) of a company name."""
    n = normalize(name)
    region = ""
    m = _REGION_PAREN.search(n)
    if m:
        region, n = "上海" if "上海" in m.group(1) else m.group(1), n[: m.start()] + n[m.end() :]
    m = _REGION_PREFIX.match(n)
    if m:
        region, n = "上海", n[m.end() :]
    form = next((f for f in _LEGAL_FORMS if n.endswith(f)), "")
    return n[: len(n) - len(form)], form, region


def organization_similarity(a: str, b: str) -> float:
    """The better of a whole-name comparison and a core-name one that forgives form/region variants.

    Both are needed: the split fails when OCR garbles the legal form itself (有恨公同)."""
    return max(ocr_similarity(a, b), _core_similarity(a, b))


def _core_similarity(a: str, b: str) -> float:
    core_a, form_a, region_a = _split_org(a)
    core_b, form_b, region_b = _split_org(b)
    score = ocr_similarity(core_a, core_b)
    if form_a != form_b:
        score -= FORM_PENALTY if form_a and form_b else INDEL_COST
    if region_a != region_b:
        score -= REGION_PENALTY if not (region_a and region_b) else SUBSTITUTION_COST
    return max(0.0, score)


def same_organization(a: str, b: str) -> tuple[bool, float]:
    """Whether two names (e.g. the applicant and the name on a certificate) are the same organisation.

    True only when every difference is explainable by OCR noise or by a legal-form/region variant; a
    single other character (华源 / 华远) gives False with a score just below the threshold.
    """
    score = organization_similarity(a, b)
    return score >= SAME_ORG_THRESHOLD, score


def find_fuzzy(text: str, phrase: str, threshold: float = NEAR_MISS_THRESHOLD, limit: int = 5) -> list[tuple[int, int, float]]:
    """Where `phrase` occurs in `text` despite OCR noise: (start, end, score) with score ≥ threshold.

    rapidfuzz's partial alignment proposes a window; windows a few characters wider or narrower are
    then scored with ocr_similarity and the best kept. Found windows are masked and the search repeated.
    """
    target = normalize(phrase)
    if len(target) < MIN_FUZZY_LENGTH:
        return []
    if len(target) < SHORT_PHRASE:
        threshold = max(threshold, PHRASE_MATCH_THRESHOLD)
    work = fold(text)
    out: list[tuple[int, int, float]] = []
    for _ in range(limit):
        al = fuzz.partial_ratio_alignment(target, work, score_cutoff=50)
        if al is None:
            break
        best: tuple[int, int, float] | None = None
        for s in range(max(0, al.dest_start - 2), min(len(work), al.dest_start + 3)):
            for e in range(max(s + len(target) - 1, al.dest_end - 2), min(len(work), al.dest_end + 3) + 1):
                window = work[s:e]
                if "\x00" in window or _edge_space(window):
                    continue
                score = ocr_similarity(target, window)
                if best is None or score > best[2] or (score == best[2] and e - s < best[1] - best[0]):
                    best = (s, e, score)
        if best is None or best[2] < threshold:
            break
        out.append(best)
        work = work[: best[0]] + "\x00" * (best[1] - best[0]) + work[best[1] :]
    return sorted(out)


def _edge_space(window: str) -> bool:
    return window[:1].isspace() or window[-1:].isspace()
