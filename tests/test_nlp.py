"""The spaCy pipeline and the OCR-tolerant name matching, including how the thresholds were chosen."""

import random
from datetime import date

import pytest

from pipeline.extract import best_match, ocr_similarity, same_organization
from pipeline.extract.fuzzy import (
    CONFUSABLE_GROUPS,
    NEAR_MISS_THRESHOLD,
    PHRASE_MATCH_THRESHOLD,
    SAME_ORG_THRESHOLD,
    confusable,
)
from pipeline.extract.nlp import ITEM_LABEL, build_nlp, phrases_from_policy

ORGS = [
    "上海金山华源新材料有限公司", "上海石化精细化工股份有限公司", "上海金山质量技术检测中心有限公司",
    "上海亭林机械制造有限公司", "上海枫泾食品科技有限公司", "上海张堰电子设备有限公司",
    "上海漕泾热电有限责任公司", "上海朱泾纺织品有限公司", "上海山阳新能源科技有限公司",
    "上海廊下农业发展有限公司", "上海吕巷仪器仪表有限公司", "上海金卫生物医药有限公司",
]
AWARDS = [
    "中国质量奖提名奖", "上海市市长质量奖", "上海市质量金奖", "金山区区长质量奖", "金山区质量金奖",
    "中国标准创新贡献奖标准项目奖", "中国标准创新贡献奖组织奖", "上海市标准创新贡献奖标准项目奖",
    "上海市标准创新贡献奖组织奖", "上海市产业质量提升标志性项目成果", "上海市共性质量技术攻关项目成果",
    "上海市重点产品质量攻关成果奖", "产品质量可靠性创新最佳实践", "质量品牌提升示范区", "国家级标准化示范试点",
    "产业计量测试中心", "质量基础设施一站式服务试点", "检验检测机构资质认定证书", "中国合格评定国家认可委员会",
    "国家标准验证点",
]
_LOOKALIKE = {c: g for g in CONFUSABLE_GROUPS for c in g}
# Characters used to build a *different* name: common in company names, in no confusion group.
_OTHER = [c for c in "远源华鑫德盛泰恒达利嘉瑞祥丰宏博信诚隆昌兴安康" if c not in _LOOKALIKE]


def _ocr_noise(name: str, rng: random.Random, n: int) -> str:
    chars = list(name)
    def alternatives(c):
        return [a for a in _LOOKALIKE.get(c, "") if a != c and a not in "-—"]

    spots = [i for i, c in enumerate(chars) if alternatives(c)]
    for i in rng.sample(spots, min(n, len(spots))):
        chars[i] = rng.choice(alternatives(chars[i]))
    noisy = "".join(chars)
    if rng.random() < 0.5:
        k = rng.randrange(1, len(noisy))
        noisy = noisy[:k] + " " + noisy[k:]
    return noisy.replace("(", "（").replace(")", "）")


def _other_name(name: str, rng: random.Random) -> str:
    core = [i for i, c in enumerate(name[2:-4], start=2) if c not in _LOOKALIKE] or [2]
    i = rng.choice(core)
    return name[:i] + rng.choice([c for c in _OTHER if c != name[i]]) + name[i + 1 :]


def _variants(name):
    if name.endswith("股份有限公司"):
        return [name.replace("股份有限公司", "有限公司")]
    if name.endswith("有限公司") and not name.endswith("责任有限公司") and not name.endswith("有限责任公司"):
        return [name.replace("有限公司", "股份有限公司"), name[2:-4] + "（上海）有限公司"]
    return []


def test_thresholds_separate_noise_from_other_names():
    """Regenerates the numbers in pipeline/extract/fuzzy.py's docstring."""
    rng = random.Random(2025)
    noisy_org, other_org, noisy_award, other_award = [], [], [], []
    for _ in range(20):
        for name in ORGS:
            noisy_org.append(same_organization(name, _ocr_noise(name, rng, rng.choice([1, 2])))[1])
            noisy_org.extend(same_organization(name, v)[1] for v in _variants(name))
            other_org.append(same_organization(name, _other_name(name, rng))[1])
        for name in AWARDS:
            noisy_award.append(ocr_similarity(name, _ocr_noise(name, rng, rng.choice([1, 2]))))
            other_award.append(ocr_similarity(name, _other_name(name, rng)))
    print(f"org noisy {min(noisy_org)}-{max(noisy_org)}, other {min(other_org)}-{max(other_org)}; "
          f"award noisy {min(noisy_award)}-{max(noisy_award)}, other {min(other_award)}-{max(other_award)}")
    assert min(noisy_org) >= SAME_ORG_THRESHOLD > max(other_org)
    assert min(noisy_award) >= PHRASE_MATCH_THRESHOLD > max(other_award)
    # A different name is a near miss for the reviewer, not silence.
    assert min(other_award) >= NEAR_MISS_THRESHOLD


def test_plain_ratio_would_not_separate_them():
    from rapidfuzz import fuzz

    a, b = "上海金山华源新材料有限公司", "上海金山华远新材料有限公司"
    assert fuzz.ratio(a, b) > 90  # why ocr_similarity exists
    same, score = same_organization(a, b)
    assert not same and NEAR_MISS_THRESHOLD <= score < SAME_ORG_THRESHOLD


@pytest.mark.parametrize(
    "b",
    ["上海金山华源新材料股份有限公司", "上海金山华源新材科有限公司", "上海金山 华源新材料有限公司",
     "上海金山华源新材料有限公司 ", "上海金山华源新材有限公司"],
)
def test_same_organization_tolerates_ocr_and_legal_form(b):
    same, score = same_organization("上海金山华源新材料有限公司", b)
    assert same and score >= SAME_ORG_THRESHOLD


def test_same_organization_region_brackets():
    assert same_organization("华源新材料（上海）有限公司", "华源新材料(上海)有限公司") == (True, 100.0)
    assert same_organization("上海华源新材料有限公司", "华源新材料（上海）有限公司")[0]
    assert not same_organization("上海华源新材料有限公司", "华源新材料（中国）有限公司")[0]


def test_confusable_table_is_symmetric():
    assert confusable("己", "已") and confusable("已", "己")
    assert not confusable("源", "远")


def test_best_match():
    cands = ["中国质量奖", "中国质量奖提名奖", "上海市质量金奖", "金山区质量金奖"]
    assert best_match("中国质量奖提名奬", cands) == ("中国质量奖提名奖", 97.0)
    assert best_match("金山区质量金奖", cands) == ("金山区质量金奖", 100.0)
    assert best_match("上海市标准创新贡献奖", cands) is None


# --- the spaCy pipeline -------------------------------------------------------------------------------

PHRASES = [
    ("art05-2-shanghai-quality-gold-award-org", "上海市质量金奖"),
    ("art06-1-china-standard-innovation-project", "中国标准创新贡献奖标准项目奖"),
    ("art11-shanghai-brand", "上海品牌"),
    ("art05-1-china-quality-award-org", "中国质量奖"),
    ("art05-1-china-quality-award-individual", "中国质量奖"),
    ("art05-1-china-quality-award-nomination-org", "中国质量奖提名奖"),
]
TEXT = (
    "上海金山华源新材料有限公司\n统一社会信用代码：91110108551385082Q\n"
    "本公司于二〇二四年十二月荣获上海市质量金奬，并获得中国标准创新贡献奖标准项目奖二等奖，奖励30万元。\n"
    "主导制定 GB/T 44112—2024。资质认定证书编号：240912345678；CNAS L2954。中国质量奖提名奖。国家级。"
)


def _ents(doc):
    return [(e.label_, e.text) for e in doc.ents]


def test_pipeline_entities():
    doc = build_nlp(PHRASES)(TEXT)
    ents = {(e.label_, e.text): e for e in doc.ents}
    assert ents[("USCC", "91110108551385082Q")]._.value == "91110108551385082Q"
    assert ents[("DATE", "二〇二四年十二月")]._.value == (2024, 12)
    assert ents[("MONEY", "30万元")]._.value == 300_000
    assert ents[("STD_CODE", "GB/T 44112—2024")]._.value == "GB/T 44112—2024"
    assert ents[("CERT_NO", "240912345678")]._.value == "240912345678"
    assert ents[("CERT_NO", "CNAS L2954")]._.value == "CNAS L2954"
    assert ents[("RANK", "二等奖")]._.value == 2
    assert ents[("LEVEL", "国家级")]._.value == "national"
    award = ents[(ITEM_LABEL, "上海市质量金奬")]  # 奬 for 奖: found, with a lower confidence and a note
    assert award.ent_id_ == "art05-2-shanghai-quality-gold-award-org"
    assert 0.9 <= award._.confidence < 1.0 and "上海市质量金奖" in award._.note
    exact = ents[(ITEM_LABEL, "中国标准创新贡献奖标准项目奖")]
    assert exact._.confidence == 1.0 and exact._.note == ""
    # The longer catalog name wins over the shorter one inside it.
    nomination = ents[(ITEM_LABEL, "中国质量奖提名奖")]
    assert nomination._.value == ("art05-1-china-quality-award-nomination-org",)


def test_shared_phrase_keeps_every_item_id():
    doc = build_nlp(PHRASES)("荣获中国质量奖")
    (item,) = [e for e in doc.ents if e.label_ == ITEM_LABEL]
    assert item._.value == ("art05-1-china-quality-award-individual", "art05-1-china-quality-award-org")


def test_overlaps_kept_in_span_group():
    doc = build_nlp(PHRASES)("上海市质量金奖")
    assert _ents(doc) == [(ITEM_LABEL, "上海市质量金奖")]
    assert ("LEVEL", "上海市") in [(s.label_, s.text) for s in doc.spans["extract"]]


def test_short_names_are_not_fuzzy_matched():
    doc = build_nlp(PHRASES)("上海市金山区")
    assert [e for e in doc.ents if e.label_ == ITEM_LABEL] == []


def test_different_award_is_not_matched():
    doc = build_nlp(PHRASES)("获得金山区质量金奖")
    assert [e for e in doc.ents if e.label_ == ITEM_LABEL] == []


def test_pipeline_is_cached_per_phrase_set():
    assert build_nlp(PHRASES) is build_nlp(list(reversed(PHRASES)))
    assert build_nlp(PHRASES) is not build_nlp(PHRASES[:1])


def test_jieba_segmenter_offline():
    doc = build_nlp(PHRASES, segmenter="jieba")("2024年12月20日获得上海市质量金奖")
    labels = {e.label_ for e in doc.ents}
    assert {"DATE", ITEM_LABEL} <= labels
    assert [e._.value for e in doc.ents if e.label_ == "DATE"] == [date(2024, 12, 20)]


def test_unknown_segmenter():
    with pytest.raises(ValueError, match="char"):
        build_nlp(PHRASES, segmenter="pkuseg")


def test_phrases_from_policy():
    policy = pytest.importorskip("pipeline.policy").load_policy()
    phrases = phrases_from_policy(policy)
    assert all(isinstance(i, str) and p for i, p in phrases)
    doc = build_nlp(phrases)("荣获上海市市长质量奖")
    assert any(e.label_ == ITEM_LABEL for e in doc.ents)
