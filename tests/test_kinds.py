"""Document kinds as data: one strict loader, one registry, and new label variants as a data change only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline.kinds as registry
from pipeline.kinds import KINDS_DIR, KindError, kind, kind_names, kinds, load_kinds, of_role
from tests.docmaker import facts_of


def test_every_kind_of_the_issue_is_registered_with_label_role_and_fields():
    expected = {"business_licence", "id_card", "credit_report", "award_certificate", "award_notice", "certification",
                "standard", "approval", "appointment", "application_form", "other"}
    assert expected <= set(kind_names())
    for k in kinds().values():
        assert k.label and k.role in ("identity", "honour", "other")
        for name in (k.holder_field, k.date_field, k.issuer_field):
            assert name is None or name in k.fields
    assert set(of_role("identity")) == {"business_licence", "id_card", "credit_report"}
    assert kind("business_licence").fields["uscc"].labels[0] == "统一社会信用代码"


def test_an_unknown_kind_is_an_error_listing_the_known_ones():
    with pytest.raises(KindError) as exc:
        kind("diploma")
    assert "diploma" in str(exc.value) and "business_licence" in str(exc.value) and "standard" in str(exc.value)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "kinds"
    shutil.copytree(KINDS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_an_unknown_key_is_an_error_naming_the_file_and_the_key(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "standard.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(KindError) as exc:
        load_kinds(folder)
    assert "standard.yaml" in str(exc.value) and "colour" in str(exc.value) and "unknown key" in str(exc.value)


def test_a_field_key_typo_and_a_duplicate_key_are_errors(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "id_card.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: person", "valeu: person"), encoding="utf-8")
    with pytest.raises(KindError) as exc:
        load_kinds(folder)
    assert "id_card.yaml" in str(exc.value) and "valeu" in str(exc.value)
    folder = _copy(tmp_path / "b")
    path = folder / "other.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "label: 又一个\n", encoding="utf-8")
    with pytest.raises(KindError) as exc:
        load_kinds(folder)
    assert "duplicate key" in str(exc.value)


def test_a_role_field_must_be_one_of_the_fields(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "standard.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date_field: publish_date", "date_field: published"),
                    encoding="utf-8")
    with pytest.raises(KindError) as exc:
        load_kinds(folder)
    assert "published" in str(exc.value)


LICENCE = [(80, 80, "营业执照"), (80, 140, "统一社会信用代码：91310116MA1FL2K3X9"),
           (80, 180, "企业全称：上海金山恒达新材料科技有限公司"), (80, 220, "类型：有限责任公司（自然人投资或控股）"),
           (80, 260, "法定代表人：陈建国"), (80, 300, "住所：上海市金山区亭林镇林盛路88号3幢")]


def test_a_new_label_variant_is_a_data_change(tmp_path, monkeypatch):
    """A licence that prints 企业全称 for its name: not read until the variant is added to business_licence.yaml."""
    _, before = facts_of(LICENCE)
    assert before["name"] is None and before["uscc"] == "91310116MA1FL2K3X9"
    folder = _copy(tmp_path)
    path = folder / "business_licence.yaml"
    text = path.read_text(encoding="utf-8")
    assert "labels: [名称, 企业名称" in text
    path.write_text(text.replace("labels: [名称, 企业名称", "labels: [名称, 企业全称, 企业名称"), encoding="utf-8")
    monkeypatch.setattr(registry, "_registry", lambda: load_kinds(folder))
    _, after = facts_of(LICENCE)
    assert after["name"] == "上海金山恒达新材料科技有限公司"
    assert after["address"] == "上海市金山区亭林镇林盛路88号3幢"


def test_an_address_whose_label_ocr_read_only_in_part_is_read_and_says_so():
    """住　所 with 所 lost under a stamp: the 住 and a whole address line after it give the address, with a note;
    a line that is not an address after the same piece gives none."""
    lines = [(80, 80, "营业执照"), (80, 140, "统一社会信用代码：91310116MA1FL2K3X9"),
             (80, 180, "名称：上海金山恒达新材料科技有限公司"), (80, 220, "住　上海市金山区朱泾镇张涟路2878号2幢5层"),
             (80, 260, "法定代表人：陈建国")]
    facts, values = facts_of(lines, kind="business_licence")
    assert values["address"] == "上海市金山区朱泾镇张涟路2878号2幢5层"
    assert "按地址格式读取" in (facts.fields["address"].note or "")
    not_an_address = [*lines[:3], (80, 220, "住　上海市金山区科技发展有限公司"), lines[4]]
    assert facts_of(not_an_address, kind="business_licence")[1]["address"] is None
    # the other piece, its colon kept, and the room wrapped alone onto the next line
    tail_only = [*lines[:3], (140, 220, "所：上海市金山区亭林镇通卫路3265号5号楼106"), (80, 250, "室"), lines[4]]
    assert facts_of(tail_only, kind="business_licence")[1]["address"] == "上海市金山区亭林镇通卫路3265号5号楼106室"


def test_a_company_type_cut_short_is_completed_from_the_kinds_list_and_says_so():
    """类型 read as 有限责任公司（自然人投资或控股 (OCR lost the closing bracket): the one entry of the kind file's list it
    begins, with a note; a reading that begins no entry, or more than one, stays as read."""
    def kind_of(text):
        facts, values = facts_of([*LICENCE[:3], (80, 220, f"类型：{text}"), *LICENCE[4:]], kind="business_licence")
        return values["kind"], facts.fields["kind"].note or ""

    value, note = kind_of("有限责任公司（自然人投资或控股")
    assert value == "有限责任公司（自然人投资或控股）" and "按类型名录补全" in note
    assert kind_of("有限责任公司（自然人投资或控股）") == ("有限责任公司（自然人投资或控股）", "")
    assert kind_of("有限责任公司（外") == ("有限责任公司（外", "")  # 外商投资… or 外国法人…: not one entry
    assert kind_of("农民专业合作社")[0] == "农民专业合作社"
