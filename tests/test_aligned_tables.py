"""Tables whose columns are only aligned: header merged by OCR, cells that wrap, two cells in one span."""

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
