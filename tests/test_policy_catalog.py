"""The catalog against the policy text: every amount both ways, every citation verbatim, readings written down."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import pytest

from models.policy import LEVEL_ORDER, Item
from pipeline.policy import load_policy
from pipeline.policy.text import articles

SUPPORT_ARTICLES = range(5, 23)  # 第二章 支持项目
ON = date(2025, 6, 1)

# "最高 100 万元", "最高100万、50万元": every number followed by 万 is an amount in units of 10,000 yuan.
_AMOUNT = re.compile(r"(\d+)万")


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def amounts_in_text(article_texts: dict[int, str]) -> dict[int, set[int]]:
    return {a: {int(n) * 10_000 for n in _AMOUNT.findall(article_texts[a])} for a in SUPPORT_ARTICLES}


def amounts_in_catalog(items: Iterable[Item]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {a: set() for a in SUPPORT_ARTICLES}
    for item in items:
        if item.amount_yuan is not None:
            out[item.article].add(item.amount_yuan)
    return out


def amount_mismatches(text: dict[int, set[int]], catalog: dict[int, set[int]]) -> list[str]:
    problems = []
    for article in SUPPORT_ARTICLES:
        for missing in sorted(text[article] - catalog[article]):
            problems.append(f"第{article}条: 条文有 {missing} 元，目录没有")
        for extra in sorted(catalog[article] - text[article]):
            problems.append(f"第{article}条: 目录有 {extra} 元，条文没有")
    return problems


def test_every_amount_of_the_text_is_in_the_catalog_and_no_other(policy):
    text = amounts_in_text(articles(policy.source_text))
    assert sum(len(v) for v in text.values()) > 40, "the amount pattern stopped matching the policy text"
    assert amount_mismatches(text, amounts_in_catalog(policy.items)) == []


def test_the_amount_comparison_catches_a_dropped_and_an_invented_amount(policy):
    text = amounts_in_text(articles(policy.source_text))
    items = [i for i in policy.items if i.id != "art06-1-china-standard-innovation-project-second"]  # 40万
    invented = policy.item("art19-cma-first-certification").model_copy(update={"amount_yuan": 60_000})
    problems = amount_mismatches(text, amounts_in_catalog([*items, invented]))
    assert "第6条: 条文有 400000 元，目录没有" in problems
    assert "第19条: 目录有 60000 元，条文没有" in problems


def test_every_support_article_has_items(policy):
    assert {i.article for i in policy.items} == set(SUPPORT_ARTICLES)


@pytest.mark.parametrize("kind", ["items", "parameters", "in_force"])
def test_citations_are_verbatim_sentences_of_their_own_article(policy, kind):
    texts = articles(policy.source_text)
    if kind == "items":
        citations = [(i.id, i.citation) for i in policy.items]
    elif kind == "parameters":
        citations = [(n, v.citation) for n, p in policy.parameters.items() for v in p.values]
    else:
        citations = [("in_force", policy.header.in_force.citation)]
    for name, citation in citations:
        assert citation.text in texts[citation.article], f"{name}: {citation.text!r} not in article {citation.article}"
        # A cited clause must be quoted from that clause, not from a sibling.
        if citation.clause is not None:
            assert citation.text in policy.citation_for(citation.article, citation.clause).text, name


def test_each_amount_is_stated_in_its_own_citation_with_the_right_kind(policy):
    for item in policy.items:
        if item.amount_yuan is None:
            continue
        assert item.amount_yuan % 10_000 == 0
        assert f"{item.amount_yuan // 10_000}万" in item.citation.text, item.id
        # "给予最高…" is a ceiling; "给予30万元", "每次奖励2万元" are fixed.
        expected = "ceiling" if "最高" in item.citation.text else "fixed"
        assert item.amount_kind == expected, item.id


def test_district_awards_have_no_amount_and_go_to_a_reviewer(policy):
    district = [i for i in policy.items if i.article == 5 and i.clause == 3]
    assert len(district) == 3
    for item in district:
        assert (item.amount_yuan, item.amount_kind, item.needs_review) == (None, "none", True)
        assert item.review_reason


def test_chief_quality_officer_items_ask_the_reviewer_about_free_training(policy):
    art22 = [i for i in policy.items if i.article == 22]
    assert art22 and all(i.needs_review and "公益培训" in (i.review_reason or "") for i in art22)
    assert all("excludes_government_free_training" in i.conditions for i in art22)


def test_items_per_clause_match_the_paid_things_of_the_text(policy):
    count = defaultdict(int)
    for item in policy.items:
        count[(item.article, item.clause)] += 1
    # Art. 6(1): three ranks, organisation award, individual; Art. 16: two stages x two levels; Art. 21: five.
    assert count[(6, 1)] == 5 and count[(6, 2)] == 5
    assert count[(16, None)] == 4
    assert count[(21, None)] == 5
    assert count[(13, 1)] == 3 and count[(13, 2)] == 3 and count[(13, 3)] == 2


def test_only_art14_counts_towards_the_five_standards_rule_and_art12_says_why(policy):
    standards = {i.article for i in policy.items if i.category == "standard"}
    assert standards == {14}
    assert "不计入" in (policy.item("art12-shanghai-standard").interpretation or "")
    for item in policy.items:
        if item.article == 14:
            assert "revision_allowed" in item.conditions and "series_mergeable" in item.conditions, item.id


def test_each_project_spans_levels_and_tells_the_reviewer_the_reading(policy):
    projects = defaultdict(set)
    for item in policy.items:
        if item.project:
            assert item.recipient == "organization", f"{item.id}: Art. 23(2) speaks of organisations"
            assert item.interpretation, f"{item.id}: a project grouping is a reading; write it down"
            projects[item.project].add(item.level)
    assert projects, "no Art. 23(2) projects"
    for project, levels in projects.items():
        assert len(levels) >= 2 and None not in levels, f"{project}: levels {levels}"


def test_levels_order_matches_the_parameter(policy):
    assert tuple(policy.param("level_order", ON).value) == LEVEL_ORDER
    assert policy.level_rank("international", ON) > policy.level_rank("national", ON) > policy.level_rank(
        "municipal", ON
    ) > policy.level_rank("district", ON)


def test_parameters_state_the_numbers_their_citations_state(policy):
    expect = {
        "annual_cap_yuan": (1_000_000, "100万元"),
        "max_standard_projects": (5, "不超过5个"),
        "revision_ratio": (0.5, "50%"),
        "credit_lookback_years": (3, "三年内"),
    }
    for name, (value, phrase) in expect.items():
        p = policy.param(name, ON)
        assert p.value == value and phrase in p.citation.text, name
    assert policy.param("highest_level_only", ON).value is True
    assert policy.param("no_double_benefit", ON).citation.label == "第二十三条第（三）项"
    assert len(policy.param("required_materials", ON).value) == 3


def test_every_item_has_aliases_for_the_phrase_matcher(policy):
    for item in policy.items:
        assert item.aliases, item.id
    aliases = policy.aliases()
    assert "art05-2-shanghai-quality-gold-award-org" in aliases["上海质量金奖"]
    assert "art19-cma-first-certification" in aliases["CMA"]
    assert "art20-cnas-first-accreditation" in aliases["CNAS"]
