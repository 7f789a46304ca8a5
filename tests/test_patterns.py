"""Every extraction pattern, clean and OCR-noisy, with the near misses that must not match."""

from datetime import date

import pytest

from pipeline.extract import (
    check_uscc,
    find_amounts,
    find_cert_numbers,
    find_dates,
    find_levels,
    find_ranks,
    find_replaces,
    find_standard_codes,
    find_usccs,
    find_years,
    fold,
)
from pipeline.extract.uscc import check_char, looks_like_id_card, org_code_ok


def values(matches):
    return [m.value for m in matches]


# --- dates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年12月20日", date(2024, 12, 20)),
        ("于2024年12月颁发", (2024, 12)),
        ("二〇二四年十二月", (2024, 12)),
        ("二○二五年一月二十日", date(2025, 1, 20)),
        ("二OO五年三月三十一日", date(2005, 3, 31)),
        ("二零二三年十月", (2023, 10)),
        ("2024-12-20", date(2024, 12, 20)),
        ("2024.12.20", date(2024, 12, 20)),
        ("2024/12/20", date(2024, 12, 20)),
        ("2024—12—20", date(2024, 12, 20)),
        ("2025 年 4 月 1日", date(2025, 4, 1)),
        ("２０２５年１２月３日", date(2025, 12, 3)),
        ("2024／12／20", date(2024, 12, 20)),
        ("2024－12－20", date(2024, 12, 20)),
        ("2024‒12‒20", date(2024, 12, 20)),
        ("2024 - 12 - 20", date(2024, 12, 20)),
        ("2021.11-13", date(2021, 11, 13)),  # OCR reads a short dash as a dot and back
        ("2021-1.3", date(2021, 1, 3)),
    ],
)
def test_dates_clean_and_folded(text, expected):
    found = find_dates(text)
    assert values(found) == [expected]
    assert found[0].confidence == 1.0
    assert found[0].precision == ("day" if isinstance(expected, date) else "month")


@pytest.mark.parametrize(
    "text, expected",
    [("2O24年1O月l日", date(2024, 10, 1)), ("2024年l月5日", date(2024, 1, 5)), ("2O25-O3-15", date(2025, 3, 15))],
)
def test_dates_with_ocr_lookalikes_are_corrected_with_lower_confidence(text, expected):
    (m,) = find_dates(text)
    assert m.value == expected
    assert m.confidence < 1.0 and "OCR" in m.note


def test_date_offsets_point_into_the_original_text():
    text = "发证日期：２０２５年１月３日（盖章）"
    (m,) = find_dates(text)
    assert text[m.start : m.end] == m.text == "２０２５年１月３日"


def test_date_ranges_give_both_dates():
    assert values(find_dates("有效期：2024.1.1～2027.12.31")) == [date(2024, 1, 1), date(2027, 12, 31)]


@pytest.mark.parametrize(
    "text",
    ["联系电话：021-57921234", "手机 13912345678", "2025年度", "2024年13月", "2024年2月30日", "GB/T 1234—2008",
     "1999.12万元", "第2024号", "2021/11-13"],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_year_of_account():
    assert values(find_years("2025年度质量发展专项资金")) == [2025]
    assert values(find_years("2O25 年度")) == [2025]
    assert find_years("2025年12月") == []


# --- amounts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("给予最高30万元的一次性奖励", 300_000),
        ("30 万 元", 300_000),
        ("30.5万元", 305_000),
        ("1,000,000元", 1_000_000),
        ("￥300000", 300_000),
        ("¥ 20,000.00", 20_000),
        ("壹佰万元整", 1_000_000),
        ("人民币叁拾万元整", 300_000),
        ("贰万伍仟元", 25_000),
        ("三十万元", 300_000),
        ("１００万元", 1_000_000),
        ("1亿元", 100_000_000),
    ],
)
def test_amounts(text, expected):
    assert values(find_amounts(text)) == [expected]


def test_amount_with_ocr_zero():
    (m,) = find_amounts("奖励3O万元")
    assert m.value == 300_000 and m.confidence < 1.0 and "O→0" in m.note


def test_amount_list_with_implied_yuan():
    assert values(find_amounts("分别给予最高 100 万、50 万元")) == [1_000_000, 500_000]


@pytest.mark.parametrize("text", ["二元醇", "2024年12月", "电话021-57921234", "万元以下", "第三条"])
def test_not_amounts(text):
    assert find_amounts(text) == []


# --- 统一社会信用代码 --------------------------------------------------------------------------------------

VALID = ["91110000600037341L", "91110108551385082Q"]


def test_check_char_matches_published_examples():
    for code in VALID:
        assert org_code_ok(code)
        assert check_char(code[:17]) == code[17]
        assert check_uscc(code).valid and check_uscc(code).confidence == 1.0


@pytest.mark.parametrize(
    "read, printed",
    [
        ("9111OOOO6OOO37341L", "9111OOOO6OOO37341L"),  # O is never in a code: flagged, not "fixed" to 0
        ("9I11000060003734lL", "9I11000060003734lL"),  # I and lower-case l stay as read
        ("911101085513855O82Q", "911101085513855O82Q"),  # 19 characters: a length error
        ("91110108551385O82Q", "91110108551385O82Q"),
        ("91S10108551385082Q", "91S10108551385082Q"),
        ("91110108551385D82Q", "91110108551385D82Q"),  # D is valid: a wrong character, no guess
    ],
)
def test_uscc_failing_codes_stay_as_printed(read, printed):
    r = check_uscc(read)
    assert not r.valid and r.code == printed and r.note and r.confidence < 1.0


@pytest.mark.parametrize("read, printed", [
    ("９１１１０１０８５５１３８５０８２Ｑ", "91110108551385082Q"),  # full width is the same character
    ("9111 0108 5513 8508 2Q", "91110108551385082Q"),  # spaces
    ("91110108551385082q", "91110108551385082Q"),  # letter case
])
def test_uscc_normalising_is_not_repairing(read, printed):
    r = check_uscc(read)
    assert r.valid and r.code == printed and r.confidence == 1.0


def test_uscc_failing_check_is_reported_not_dropped():
    r = check_uscc("91110000600037341A")
    assert not r.valid and "校验位不符，请核对原件" in r.note
    (m,) = find_usccs("统一社会信用代码：91110000600037341A")
    assert m.value == "91110000600037341A" and m.confidence < 1.0 and "校验位不符" in m.note


def test_could_be_explains_a_reading_by_ocr_confusions_only():
    from pipeline.extract.uscc import could_be

    assert could_be("9111OOOO6OOO37341L", "91110000600037341L")
    assert could_be("91110108551385D82Q", "91110108551385082Q")
    assert could_be("911101085513B5082Q", "91110108551385082Q")
    assert not could_be("91110108551385782Q", "91110108551385082Q")  # 7 for 0 is no OCR confusion
    assert not could_be("91110108551385082Q", "91110108551385082Q")  # identical: nothing to explain
    assert not could_be("91110108551385D82Q", "91110108551385D82Q")  # the other code must pass its check


def test_find_usccs_labelled_and_bare():
    text = "名称：某公司\n统一社会信用代码：9111OOOO6OOO37341L\n另见代码91110108551385082Q。"
    found = find_usccs(text)
    assert values(found) == ["9111OOOO6OOO37341L", "91110108551385082Q"]
    assert text[found[0].start : found[0].end] == "9111OOOO6OOO37341L"
    assert "校验位不符" in found[0].note and found[1].note == ""


def test_a_chinese_year_whose_first_er_a_copy_lost_is_of_this_century_with_a_note():
    (m,) = find_dates("〇二四年十月七日")
    assert m.value == date(2024, 10, 7) and "二〇二四" in m.note and m.confidence < 1.0
    assert find_dates("〇〇四年十月七日") == []


def test_specks_between_a_uscc_label_and_its_code_are_not_the_code():
    assert values(find_usccs("统一社会信用代码：..91310116MA15AYXMUH")) == ["91310116MA15AYXMUH"]


def _id_card(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def test_id_card_number_is_not_a_uscc():
    card = _id_card("31011619900101123")
    assert looks_like_id_card(card)
    assert find_usccs(f"法定代表人身份证号：{card}") == []
    assert not looks_like_id_card(VALID[0])


@pytest.mark.parametrize("text", ["报告编号 ABCDEF1234567890XY", "订单号 123456789012345678", "91110000600037341"])
def test_stray_runs_are_not_usccs(text):
    assert find_usccs(text) == []


# --- standard codes and 代替 ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, value, category, year",
    [
        ("GB/T 44112—2024", "GB/T 44112—2024", "national", 2024),
        ("GB／T 44112－2024", "GB/T 44112—2024", "national", 2024),
        ("GBT 44112-2024", "GB/T 44112—2024", "national", 2024),
        ("GB/ T 44112—2024", "GB/T 44112—2024", "national", 2024),
        ("GB/丅 44112一2024", "GB/T 44112—2024", "national", 2024),
        ("GB 3100-93", "GB 3100—1993", "national", 1993),
        ("GB/T 2O24—2O15", "GB/T 2024—2015", "national", 2015),
        ("HG/T 2345—2010", "HG/T 2345—2010", "industry", 2010),
        ("JB/T 1234.2-2015", "JB/T 1234.2—2015", "industry", 2015),
        ("QB/T 4567—2019", "QB/T 4567—2019", "industry", 2019),
        ("DB31/T 1234—2020", "DB31/T 1234—2020", "local", 2020),
        ("DB 31/T 1234—2020", "DB31/T 1234—2020", "local", 2020),
        ("T/CAS 123—2024", "T/CAS 123—2024", "group", 2024),
        ("T/SHQAP 001-2023", "T/SHQAP 001—2023", "group", 2023),
        ("ISO 9001:2015", "ISO 9001:2015", "international", 2015),
        ("ISO/IEC 17025：2017", "ISO/IEC 17025:2017", "international", 2017),
        ("ISO 14644-1:2015", "ISO 14644-1:2015", "international", 2015),
        ("DIN EN 1234:2010", "DIN EN 1234:2010", "foreign", 2010),
    ],
)
def test_standard_codes(text, value, category, year):
    (m,) = find_standard_codes(text)
    assert (m.value, m.category, m.year) == (value, category, year)


def test_noisy_standard_code_lowers_confidence():
    assert find_standard_codes("GB/丅 44112—2024")[0].confidence < 1.0
    assert find_standard_codes("GB/T 44112—2024")[0].confidence == 1.0


@pytest.mark.parametrize("text", ["GB/T", "国家标准化管理委员会", "SH2023001", "NO 123", "CNAS L2954"])
def test_not_standard_codes(text):
    assert find_standard_codes(text) == []


def test_replaces_one_and_several():
    (r,) = find_replaces("本文件代替GB/T 1234—2008。")
    assert r.value == ("GB/T 1234—2008",)
    (r,) = find_replaces("代替 GB/T 1234—2008、GB/T 5678—2010 和 GB/T 9-1988")
    assert r.value == ("GB/T 1234—2008", "GB/T 5678—2010", "GB/T 9—1988")
    (r,) = find_replaces("代 替：HG／T 1－1999")
    assert r.value == ("HG/T 1—1999",)


def test_replaces_stops_at_unrelated_text():
    (r,) = find_replaces("代替GB/T 1234—2008。本文件参考了GB/T 5678—2010")
    assert r.value == ("GB/T 1234—2008",)
    assert find_replaces("GB/T 44112—2024 发布") == []


# --- certificate numbers -----------------------------------------------------------------------------

def test_cma_number_needs_its_label():
    (m,) = find_cert_numbers("检验检测机构资质认定证书\n证书编号：240912345678")
    assert (m.kind, m.value, m.confidence) == ("CMA", "240912345678", 1.0)
    (m,) = find_cert_numbers("证书编号：24O912345678 CMA")
    assert m.value == "240912345678" and m.confidence < 1.0
    assert find_cert_numbers("编号：240912345678") == []
    (m,) = find_cert_numbers("资质认定 编号 249912345678")
    assert m.confidence < 0.9 and "请核对" in m.note


def test_cnas_cqc_and_brand_numbers():
    assert [(m.kind, m.value) for m in find_cert_numbers("注册号：CNAS L2954")] == [("CNAS", "CNAS L2954")]
    (m,) = find_cert_numbers("CNAS NO. l2954")
    assert m.value == "CNAS L2954" and m.confidence < 1.0
    assert values(find_cert_numbers("CNAS No.C123")) == ["CNAS C123"]
    assert values(find_cert_numbers("证书编号：CQC24701412345")) == ["CQC24701412345"]
    assert values(find_cert_numbers("证书编号：CQC247O1412345")) == ["CQC24701412345"]
    (m,) = find_cert_numbers("上海品牌认证证书\n证书编号：SHPP-2024-0012")
    assert (m.kind, m.value) == ("上海品牌", "SHPP-2024-0012")
    assert find_cert_numbers("手机13912345678 编号：SHPP-2024-0012") == []


# --- levels and ranks --------------------------------------------------------------------------------

def test_levels():
    text = "获评国家级、市级“标准领跑者”；全国专业标准化技术委员会；国际标准；上 海 市质量金奖；金山区区长质量奖；区级"
    assert values(find_levels(text)) == [
        "national", "municipal", "national", "international", "municipal", "district", "district"
    ]


def test_ranks_clean_and_noisy():
    found = find_ranks("一等奖、二 等 奖、特等奖、3等奖、叁等奖")
    assert values(found) == [1, 2, 0, 3, 3]
    assert all(m.confidence == 1.0 for m in found)
    (m,) = find_ranks("标准项目奖—等奖")
    assert m.value == 1 and m.confidence < 1.0 and "一" in m.note
    assert find_ranks("三等品 等级 奖励") == []


def test_chinese_year_that_lost_its_zero_under_a_seal():
    from datetime import date

    from pipeline.extract.dates import find_dates

    [m] = find_dates("上海市市场监督管理局\n二二五年十月二十日")
    assert m.value == date(2025, 10, 20)
    assert m.confidence < 1.0 and "〇" in m.note
    assert find_dates("三二五年十月二十日") == []  # only 二X五 years are repaired
