"""The honour of a certificate as its sentence prints it, across line breaks, and nothing after the sentence."""

from __future__ import annotations

import pytest

from tests.docmaker import facts_of

HEAD = [(240, 80, "荣誉证书"), (120, 140, "上海金山领先电器科技有限公司：")]
FOOT = [(300, 360, "上海市市场监督管理局"), (300, 390, "二〇二五年十月二十日")]


@pytest.mark.parametrize("lines, honour, rank", [
    (["荣获2025年度上海市标准创新贡献奖", "组织奖。", "特发此证。"], "上海市标准创新贡献奖组织奖", None),
    (["荣获2025年度上海市标准创新贡献奖", "标准项目奖二等奖。", "特发此证。"], "上海市标准创新贡献奖标准项目奖", "二等奖"),
    (["荣获2025年度金山区质量金奖", "特发此证。"], "金山区质量金奖", None),
    (["荣获2025年度金山区质量金奖。", "组织奖获得者另行公布。"], "金山区质量金奖", None),
])
def test_an_honour_wrapped_onto_the_next_line_is_read_whole(lines, honour, rank):
    body = [(120, 190 + 30 * i, t) for i, t in enumerate(lines)]
    _, got = facts_of(HEAD + body + FOOT, kind="award_certificate")
    assert got["honour"] == honour
    assert got["rank"] == rank
