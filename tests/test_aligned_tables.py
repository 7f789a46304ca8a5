"""Tables read by their layout: columns only aligned (header merged by OCR, cells that wrap, two cells in one span)
and ruled tables whose cells a stray rule cut in two."""

from models.reading import Span
from pipeline.extract.aligned import aligned_tables
from pipeline.extract.geometry import Row

H = 20  # type height in points; CJK characters are 20 wide, Latin ones about 11
COLS = [50, 110, 300, 560, 710]  # 序号 | 编号 | 名称 | 原单位 | 调整后单位


def span(text: str, x: float, y: float) -> Span:
    width = sum(H if ord(ch) > 0x2000 else 0.55 * H for ch in text)
    return Span(text=text, page=1, bbox=(x, y, x + width, y + H), confidence=0.99, source="ocr")


def row(y: float, *cells: tuple[str, float]) -> Row:
    return Row(page=1, spans=[span(t, x, y) for t, x in cells])


def test_cells_that_wrap_and_cells_joined_by_ocr_are_cut_at_the_columns():
    rows = [
        row(100, ("序号", COLS[0]), ("编号", COLS[1]), ("名称", COLS[2]), ("原秘书处承担单调整后秘书处承", COLS[3])),
        row(125, ("位", COLS[3] + 5 * H), ("担单位", COLS[4] + 3 * H)),
        # OCR joined the code with the name (a narrow gap) and the old holder with the new one
        row(160, ("1", COLS[0]), ("SAC/TC 562/WG 3 全国增材制造标准化技术委", COLS[1]), ("上海盛弘化学有山东普瑞智能装", COLS[3])),
        row(185, ("员会金属增材制造工作组", COLS[2]), ("限公司", COLS[3]), ("备有限公司", COLS[4])),
        row(220, ("2", COLS[0]), ("SAC/TC 228", COLS[1]), ("全国电工合金标准化技术委", COLS[2]),
            ("山东弘正电气有沁禾（上海）精", COLS[3])),
        row(245, ("员会", COLS[2]), ("限公司", COLS[3]), ("密模具有限公司", COLS[4])),
        row(300, ("国家标准化管理委员会", 400)),
        row(330, ("2025年3月4日", 420)),
    ]
    tables = aligned_tables(rows)
    assert len(tables) == 1
    t = tables[0]
    assert t.head == ["序号", "编号", "名称", "原秘书处承担单位", "调整后秘书处承担单位"]
    assert [r.cells for r in t.rows] == [
        ["1", "SAC/TC 562/WG 3", "全国增材制造标准化技术委员会金属增材制造工作组", "上海盛弘化学有限公司", "山东普瑞智能装备有限公司"],
        ["2", "SAC/TC 228", "全国电工合金标准化技术委员会", "山东弘正电气有限公司", "沁禾（上海）精密模具有限公司"],
    ]  # the signature block under the table is not a row's continuation
    assert t.column("调整后", "承担单位") == 4


def test_no_header_no_table():
    rows = [row(100, ("1", COLS[0]), ("全国包装标准化技术委员会", COLS[2])),
            row(130, ("2", COLS[0]), ("全国橡胶标准化技术委员会", COLS[2]))]
    assert aligned_tables(rows) == []


def test_a_rule_found_inside_a_cell_does_not_split_its_text():
    """A ruled winner table whose 主要完成单位 cell was cut in two by a stray vertical line: the columns under
    the one header cell are read again as one cell, line by line (the applicant's name spans the cut)."""
    from types import SimpleNamespace

    from models.reading import Cell, Table
    from pipeline.extract.readers.table_rows import _merged_by_header

    def cell(r_, c, x0, x1, text):
        return Cell(row=r_, col=c, bbox=(x0, 100 + 60 * r_, x1, 160 + 60 * r_), text=text)

    # the cut at x=400 runs through both lines of row 1's units cell
    cells = [cell(0, 0, 50, 100, "序号"), cell(0, 1, 100, 300, "项目名称"), cell(0, 2, 300, 400, "主要完成单位"),
             cell(0, 3, 400, 600, ""), cell(0, 4, 600, 700, "奖励等级"),
             cell(1, 0, 50, 100, "10"), cell(1, 1, 100, 300, "预制菜生产企业质量安全管理规范"),
             cell(1, 2, 300, 400, "北京九州申食上海凯澍汽"), cell(1, 3, 400, 600, "品股份有限公司、车零部件制造有限公司"),
             cell(1, 4, 600, 700, "二等奖")]
    table = Table(page=1, bbox=(50, 100, 700, 220), n_rows=2, n_cols=5, cells=cells, source="image_rules")
    spans = [span("北京九州申食品股份有限公司、", 305, 170), span("上海凯澍汽车零部件制造有限公司", 305, 192)]
    grid = _merged_by_header(SimpleNamespace(doc=SimpleNamespace(spans=spans)), table, table.grid())
    assert grid[0] == ["序号", "项目名称", "主要完成单位", "奖励等级"]
    assert grid[1][2] == "北京九州申食品股份有限公司、上海凯澍汽车零部件制造有限公司"
    assert grid[1][3] == "二等奖"
