"""The strict loader: bad catalogs fail naming file and key; a good one answers "as of" a date."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from models.draft import Citation
from pipeline.policy import POLICIES_DIR, PolicyError, PolicyLookupError, load_policy, normalise

REAL = POLICIES_DIR / "jinshan-quality-2025"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A copy of the real catalog to break."""
    root = tmp_path / "catalog"
    shutil.copytree(REAL, root)
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def load_error(root: Path) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load_policy(path=root)
    return info.value


def test_the_copy_loads(catalog):
    assert len(load_policy(path=catalog).items) == len(load_policy().items)


def test_unknown_key_names_file_and_key(catalog):
    edit(catalog / "items/art19.yaml", "  amount_kind: ceiling\n", "  amount_kind: ceiling\n  amout: 5\n")
    err = load_error(catalog)
    assert err.file.endswith("art19.yaml") and "amout" in err.key and "unknown key" in str(err)
    assert "art19-cma-first-certification" in err.key


def test_unknown_key_in_parameters_and_header(catalog):
    edit(catalog / "parameters.yaml", "  unit: yuan\n", "  unit: yuan\n  units: yuan\n")
    err = load_error(catalog)
    assert err.file.endswith("parameters.yaml") and err.key == "annual_cap_yuan.units"
    shutil.copy(REAL / "parameters.yaml", catalog / "parameters.yaml")
    edit(catalog / "policy.yaml", "issuer:", "issuer_name: x\nissuer:")
    err = load_error(catalog)
    assert err.file.endswith("policy.yaml") and err.key == "issuer_name"


def test_duplicate_key_names_file_and_key(catalog):
    edit(catalog / "items/art19.yaml", "  amount_yuan: 50000\n", "  amount_yuan: 50000\n  amount_yuan: 60000\n")
    err = load_error(catalog)
    assert err.file.endswith("art19.yaml") and err.key == "amount_yuan" and "duplicate" in str(err)


def test_missing_citation_names_file_and_key(catalog):
    path = catalog / "items/art20.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "citation:")
    del lines[start : start + 5]  # the key and its four fields
    path.write_text("".join(lines), encoding="utf-8")
    err = load_error(catalog)
    assert err.file.endswith("art20.yaml") and err.key.endswith(".citation") and "missing" in str(err)


@pytest.mark.parametrize("bad", ["2025/04/01", "2025-4-1", "20250401", "2025年4月1日", "2025-02-30"])
def test_non_iso_date_names_file_and_key(catalog, bad):
    edit(catalog / "items/art08.yaml", "valid_from: '2025-04-01'", f"valid_from: '{bad}'")
    err = load_error(catalog)
    assert err.file.endswith("art08.yaml") and err.key.endswith("valid_from"), err


def test_unquoted_non_iso_date_is_refused_too(catalog):
    edit(catalog / "parameters.yaml", "valid_from: 2025-04-01", "valid_from: 2025/04/01")
    err = load_error(catalog)
    assert err.file.endswith("parameters.yaml") and err.key.endswith("values[0].valid_from")


def test_citation_not_in_the_policy_text_is_refused(catalog):
    edit(catalog / "items/art12.yaml", "给予30万元的一次性奖励", "给予40万元的一次性奖励")
    err = load_error(catalog)
    assert err.file.endswith("art12.yaml") and err.key.endswith("citation.text")


def test_citation_label_must_match_the_article(catalog):
    edit(catalog / "items/art12.yaml", "label: 第十二条", "label: 第十三条")
    err = load_error(catalog)
    assert err.file.endswith("art12.yaml") and "第十二条" in str(err)


def test_condition_outside_the_vocabulary_is_refused(catalog):
    edit(catalog / "items/art19.yaml", "conditions: [first_time]", "conditions: [first_tme]")
    err = load_error(catalog)
    assert err.file.endswith("art19.yaml") and "conditions" in err.key


def test_item_id_used_twice_is_refused(catalog):
    edit(catalog / "items/art21.yaml", "id: art21-low-carbon-product-certification", "id: art21-energy-saving-product-certification")
    err = load_error(catalog)
    assert err.file.endswith("art21.yaml") and err.key == "items[1] (art21-energy-saving-product-certification).id"
    assert "already used" in str(err)


def test_overlapping_parameter_values_are_refused(catalog):
    edit(
        catalog / "parameters.yaml",
        "      value: 1000000\n",
        "      value: 1000000\n      citation:\n        article: 23\n        clause: 2\n"
        "        label: 第二十三条第（二）项\n        text: 每家组织年度享受质量发展专项资金支持最高不超过100万元\n"
        "    - valid_from: 2026-01-01\n      valid_to: 2030-12-31\n      value: 800000\n",
    )
    err = load_error(catalog)
    assert err.file.endswith("parameters.yaml") and err.key.startswith("annual_cap_yuan")


def test_a_dated_change_of_a_parameter_is_answered_as_of(catalog):
    edit(
        catalog / "parameters.yaml",
        "annual_cap_yuan:\n  description: 每家组织年度享受质量发展专项资金支持的上限（元）\n  unit: yuan\n  values:\n"
        "    - valid_from: 2025-04-01\n      valid_to: 2030-12-31\n",
        "annual_cap_yuan:\n  description: 每家组织年度享受质量发展专项资金支持的上限（元）\n  unit: yuan\n  values:\n"
        "    - valid_from: 2027-01-01\n      valid_to: 2030-12-31\n      value: 800000\n      citation:\n"
        "        article: 23\n        clause: 2\n        label: 第二十三条第（二）项\n"
        "        text: 每家组织年度享受质量发展专项资金支持最高不超过100万元\n"
        "    - valid_from: 2025-04-01\n      valid_to: 2026-12-31\n",
    )
    policy = load_policy(path=catalog)
    assert policy.param("annual_cap_yuan", date(2026, 12, 31)).value == 1_000_000
    assert policy.param("annual_cap_yuan", date(2027, 1, 1)).value == 800_000


def test_nothing_is_in_force_outside_the_policy_period():
    policy = load_policy()
    start, end = policy.in_force
    assert (start, end) == (date(2025, 4, 1), date(2030, 12, 31))
    assert policy.items_as_of(date(2025, 3, 31)) == []
    assert policy.items_as_of(date(2031, 1, 1)) == []
    assert len(policy.items_as_of(start)) == len(policy.items_as_of(end)) == len(policy.items)
    for day in (date(2025, 3, 31), date(2031, 1, 1)):
        with pytest.raises(PolicyLookupError):
            policy.param("annual_cap_yuan", day)
    assert policy.param("annual_cap_yuan", end).value == 1_000_000


def test_lookups():
    policy = load_policy()
    assert (policy.id, policy.document_number) == ("jinshan-quality-2025", "金市监质〔2025〕10号")
    item = policy.item("art14-2-national-standard-led")
    assert (item.amount_yuan, item.amount_kind, item.level, item.category) == (300_000, "ceiling", "national", "standard")
    with pytest.raises(LookupError):
        policy.item("art99-nothing")
    with pytest.raises(PolicyLookupError, match="known:"):
        policy.param("annual_cap", date(2025, 6, 1))
    cap = policy.param("annual_cap_yuan", date(2025, 6, 1))
    assert isinstance(cap.citation, Citation) and cap.citation.label == "第二十三条第（二）项"
    assert [i.id for i in policy.items_in_project("standard-leader")] == [
        "art09-national-standard-leader",
        "art09-municipal-standard-leader",
    ]
    assert policy.ref().document_number == policy.document_number


def test_citation_for_a_clause_and_a_whole_article():
    policy = load_policy()
    c = policy.citation_for(14, 2)
    assert c.label == "第十四条第（二）项" and c.text.startswith("对主导制订国家标准的组织") and "（三）" not in c.text
    whole = policy.citation_for(22)
    assert whole.label == "第二十二条" and whole.text.endswith("除外。")
    with pytest.raises(PolicyLookupError):
        policy.citation_for(5, 4)


def test_normalise_removes_layout_but_keeps_spaces_between_latin_words():
    assert normalise("给予最高 100 万元的") == "给予最高100万元的"
    assert normalise("给予最高 50\n\n万元") == "给予最高50万元"
    assert normalise("第二十条（CNAS 认可）") == "第二十条（CNAS认可）"
    assert normalise("ISO  9001\n认证") == "ISO 9001认证"


def test_missing_directory_is_named(tmp_path):
    err = load_error(tmp_path / "nope")
    assert err.file.endswith("nope")
