"""A notice printed from a government website: the site's ruled information grid (发文机关 / 成文日期 / 发文字号 /
发布日期 / 标题) above the title, no signature block, the winner list as an annex."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.classify import split_and_classify
from pipeline.extract.documents import extract_facts
from pipeline.intake import _file
from pipeline.read import read_file
from tests.docmaker import policy
from tests.pdfmaker import text_pdf

TITLE = "关于公布2024年度上海市重点产品质量攻关成果奖授奖的通知"
APPLICANT = "上海金山领先电器科技有限公司"


def _print(size: float) -> bytes:
    xs, ys = (56, 126, 296, 366, 539), (60, 82, 104, 126, 148)
    grid = [("索引号", "027265138/2024-44915", "主题分类", "市场监管"), ("发文机关", "上海市质量协会", "成文日期", "2024年11月11日"),
            ("发文字号", "沪质协〔2024〕16号", "发布日期", "2024年11月18日"), ("标题", TITLE, "", "")]
    lines = [(28, 20, "关于公布2024年度上海市重点产品质量攻关成果奖…", 8), (480, 20, "2024-11-18 17:44", 8)]
    for i, row in enumerate(grid):
        lines += [(xs[k] + 5, ys[i] + 15, v, 9.5) for k, v in enumerate(row) if v]
    lines += [(90, 190, "关于公布2024年度上海市重点产品质量攻关成果奖", size), (236, 215, "授奖的通知", size),
              (56, 250, "各会员单位，各有关单位：", 12),
              (80, 275, "经组织推荐、专家评审和社会公示，确定3个项目获得2024年度上海市重点产品质量攻关成果奖相应", 12),
              (56, 298, "等级奖励。名单见附件。", 12), (56, 340, "附件", 13),
              (150, 365, "2024年度上海市重点产品质量攻关成果奖获奖名单", 13)]
    ty = (380, 402, 424, 446, 468)
    table = [("序号", "单位名称", "项目名称", "等级"), ("1", APPLICANT, "智能低压断路器质量提升", "一等奖"),
             ("2", "上海理工大学", "速冻调制食品一致性攻关", "二等奖"), ("3", "同济大学", "纸质包装材料缺陷控制", "三等奖")]
    txs = (56, 96, 296, 483, 539)
    for i, row in enumerate(table):
        lines += [(txs[k] + 4, ty[i] + 15, v, 10) for k, v in enumerate(row)]
    rules = [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[3]) for x in xs] + \
        [(xs[0], ys[3], xs[0], ys[4]), (xs[1], ys[3], xs[1], ys[4]), (xs[-1], ys[3], xs[-1], ys[4])] + \
        [(txs[0], y, txs[-1], y) for y in ty] + [(x, ty[0], x, ty[-1]) for x in txs]
    return text_pdf([lines], rules=[rules])


@pytest.mark.parametrize("size", [16, 12.5])  # 12.5: a scan's OCR boxes make the title little larger than the rest
def test_a_web_print_is_read_from_its_information_grid_and_its_own_title(size):
    docs = split_and_classify(read_file(_file("n.pdf", _print(size))))
    assert [d.type for d in docs] == ["award_notice"]
    f = extract_facts(docs[0], policy(), date(2025, 12, 31), [APPLICANT])
    got = {k: v.value for k, v in f.fields.items()}
    assert got["title"] == TITLE  # not the grid's 标题 cell, not the annex heading
    assert got["issuer"] == "上海市质量协会"  # 发文机关, no signature block
    assert got["date"] == "2024-11-11"  # 成文日期, not 发布日期 or the print time
    assert got["doc_no"] == "沪质协〔2024〕16号"
    assert got["honour"] == "上海市重点产品质量攻关成果奖"  # …授奖的通知
    assert {"unit": APPLICANT, "rank": "一等奖", "project": "智能低压断路器质量提升"} in got["units"]




def test_a_running_head_printed_with_a_speck_more_on_the_next_page_is_the_same_line():
    # A web print repeats the page's title at the top of every page; on a copy OCR read "…" on page 1 and "…." on
    # page 2 (notice_gov_site_info_grid as copy_pdf), and the header, which names 贡献奖 (a certificate's title
    # cue), started a certificate. Punctuation and digits do not tell two printings of a running head apart.
    from pipeline.classify import _line_key, _running
    from models.reading import Span

    head = "关于2025年度中国标准创新贡献奖标准项目奖授奖…\t2026-02-25 17:16"
    prev = [Span(text=head, page=1, bbox=(28, 14, 500, 24), confidence=0.9, source="ocr")]
    assert _line_key("关于2025年度中国标准创新贡献奖标准项目奖授奖….\t2026-02-25 17:18") in _running(prev)
    assert _line_key("关于2025年度中国标准创新贡献奖标准项目奖授奖的决定") not in _running(prev)
