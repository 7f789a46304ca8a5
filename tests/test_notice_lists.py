"""Winner lists of notices as OCR and text layers give them: a numbered entry whose units hold a bracketed name and
whose rank wraps after its dash, a table without rules whose cells OCR ran together, a rank printed once for its
group, a title whose last character wrapped alone."""

from __future__ import annotations

from datetime import date

from models.reading import DocumentText, Span
from pipeline.extract.documents import extract_facts
from tests.docmaker import policy

H = 20  # line height in pixels


def _row(y: float, *cells: tuple[float, str]) -> list[Span]:
    # about H px per 汉字 and half that per Latin letter or digit, as a page prints them
    out = []
    for x, text in cells:
        w = sum(H / 2 if ord(c) < 0x80 else H for c in text)
        out.append(Span(text=text, page=1, bbox=(x, y, x + w, y + H), confidence=0.95, source="ocr"))
    return out


def _facts(rows: list[list[Span]], names):
    doc = DocumentText(file="notice.jpg", sha256="x", pages=[1], type="award_notice",
                       spans=[s for r in rows for s in r])
    f = extract_facts(doc, policy(), date(2025, 12, 31), names)
    return f, {k: v.value for k, v in f.fields.items()}


HEAD = [_row(40, (300, "上海市质量协会")), _row(80, (330, "沪质协〔2024〕165号")),
        [Span(text="关于2024年度上海市重点产品质量攻关成果奖授奖的决", page=1, bbox=(80, 120, 1000, 156), confidence=0.95,
              source="ocr")],
        [Span(text="定", page=1, bbox=(520, 160, 556, 196), confidence=0.95, source="ocr")],
        _row(220, (60, "各会员单位，各有关单位：")),
        _row(250, (90, "经组织评审并公示，决定授予下列项目2024年度上海市重点产品质量攻关成果奖相应等级奖励："))]


def test_a_numbered_entry_with_a_bracketed_unit_and_its_rank_wrapped_after_the_dash():
    rows = HEAD + [
        _row(290, (90, "1．特种纸关键工艺质量攻关（完成单位：上海德康精细化工（集团）有限公司）——一等奖")),
        _row(320, (90, "2．工业用水性涂料缺陷控制技术攻关（完成单位：上海宸新机器人有限公司、国")),
        _row(350, (60, "家电子元器件质量检验检测中心（上海）、上海蓝达智能装备有限公司）——")),
        _row(380, (60, "三等奖")),
        _row(420, (90, "希望受表彰单位珍惜荣誉，发挥示范带动作用。")),
    ]
    f, got = _facts(rows, ["上海蓝达智能装备有限公司"])
    assert got["title"] == "关于2024年度上海市重点产品质量攻关成果奖授奖的决定"
    assert got["units"] == [{"unit": "上海蓝达智能装备有限公司", "rank": "三等奖", "project": "工业用水性涂料缺陷控制技术攻关"}]


def test_a_table_whose_cells_ocr_ran_together_and_whose_rank_is_printed_once_per_group():
    x_rank, x_seq, x_project, x_units = 60, 160, 220, 520
    rows = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (x_project, "项目名称"), (x_units, "完成单位")),
        _row(330, (x_rank, "二等奖"), (x_seq, "4"), (x_project, "智能水表远传数据接口要求"), (x_units, "上海市计量测试技术研究院")),
        # the project's cell and the unit's cell read as one span, crossing the column's edge
        _row(360, (x_seq, "5"), (x_project, "T/SHBZ051—2020《工业阀门密封性上海市金山区航晴电子科技有限公司")),
        _row(390, (x_project, "能分级》"), (x_units, "国家电子元器件质量检验检测中心（上海）上海理工大学")),
        _row(420, (x_seq, "6"), (x_project, "纸质包装材料可回收性评价"), (x_units, "上海海浩传感技术股份有限公司")),
        _row(450, (x_rank, "三等奖"), (x_seq, "7"), (x_project, "光伏组件背板耐候性试验方法"), (x_units, "同济大学")),
    ]
    _, got = _facts(rows, ["上海市金山区航晴电子科技有限公司", "上海理工大学", "上海海浩传感技术股份有限公司"])
    by_unit = {u["unit"]: u for u in got["units"]}
    assert by_unit["上海市金山区航晴电子科技有限公司"]["project"] == "T/SHBZ051—2020《工业阀门密封性能分级》"
    assert {u: v["rank"] for u, v in by_unit.items()} == {
        "上海市金山区航晴电子科技有限公司": "二等奖", "上海理工大学": "二等奖", "上海海浩传感技术股份有限公司": "二等奖"}


def test_a_sequence_number_glued_to_its_project_and_a_column_no_span_starts_in():
    """OCR ran each row's 序号 into its project (9智能水表…): the project column's edge comes from the few rows whose
    project stands apart, the glued spans are cut where digits meet 汉字, and each numbered row is a row."""
    x_rank, x_seq, x_project, x_units = 60, 110, 165, 380
    rows = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (400, "完成单位")),
        _row(330, (x_rank, "三等奖"), (x_seq, "8"), (x_project, "工业机器人质量提升"), (x_units, "安徽荣铭传感技术有限公司")),
        _row(360, (x_seq + 4, "9智能水表一致性攻关"), (x_units, "上海博科仪器仪表有限公司")),
        _row(390, (x_units, "浙江远华电子科技有限公司")),
        _row(420, (x_seq, "10"), (x_project, "精密轴承寿命提升项目"), (x_units, "江苏博宁新能源科技有限公司")),
        _row(450, (x_seq + 4, "11速冻调制食品一致性攻关"), (x_units, "上海应用技术大学")),
    ]
    _, got = _facts(rows, ["上海博科仪器仪表有限公司", "上海应用技术大学"])
    assert sorted((u["unit"], u["rank"], u["project"]) for u in got["units"]) == [
        ("上海博科仪器仪表有限公司", "三等奖", "智能水表一致性攻关"), ("上海应用技术大学", "三等奖", "速冻调制食品一致性攻关")]


def test_the_act_in_a_notices_title_is_not_part_of_the_honour():
    rows = [_row(40, (300, "上海市市场监督管理局")), _row(80, (330, "沪市监标技〔2025〕103号")),
            [Span(text="关于2025年度上海市企业标准“领跑者”认定的决定", page=1, bbox=(80, 120, 900, 156),
                  confidence=0.95, source="ocr")],
            _row(220, (60, "各区市场监管局，各有关企业：")),
            _row(250, (90, "经组织评审并公示，决定授予下列项目2025年度上海市企业标准“领跑者”称号："))]
    _, got = _facts(rows, [])
    assert got["honour"] == "上海市企业标准“领跑者”"


def test_a_row_whose_number_ocr_lost_starts_with_a_standard_code():
    x_rank, x_seq, x_project, x_units = 60, 110, 165, 560
    rows = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (580, "完成单位")),
        _row(330, (x_rank, "二等奖"), (x_seq, "3"), (x_project, "不锈钢管件晶间腐蚀试验方法"), (x_units, "上海鑫宏流体设备（集团）有限公司")),
        _row(360, (x_project, "GB/T42804—2024《医用防护口罩过"), (x_units, "上海金山凯奕印务股份有限公司")),
        _row(390, (x_project, "滤效率检测规范》"), (x_units, "上海海凯电气设备（集团）有限公司")),
        _row(420, (x_seq, "5"), (x_project, "光伏组件背板耐候性试验方法"), (x_units, "上海理工大学")),
    ]
    _, got = _facts(rows, ["上海金山凯奕印务股份有限公司"])
    assert got["units"] == [{"unit": "上海金山凯奕印务股份有限公司", "rank": "二等奖",
                             "project": "GB/T42804—2024《医用防护口罩过滤效率检测规范》"}]


def test_a_row_whose_number_was_lost_under_the_header_repeated_on_the_next_page():
    """Row 8 ends page 1; page 2 repeats the header, and OCR lost row 9's 序号: row 10 follows, so the first line
    under the repeated header starts row 9 rather than continuing row 8."""
    x_rank, x_seq, x_project, x_units = 60, 110, 165, 480
    page1 = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (500, "完成单位")),
        _row(330, (x_rank, "三等奖"), (x_seq, "8"), (x_project, "医用防护口罩缺陷控制技术攻关"), (x_units, "上海凯懿电子科技有限公司")),
    ]
    page2 = [_row(40, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (500, "完成单位")),
             _row(70, (x_project, "不锈钢管件质量提升"), (x_units, "上海市产品质量监督检验研究院")),
             _row(100, (x_units, "彤信（上海）涂料有限公司")),
             _row(130, (x_seq, "10"), (x_project, "冷链物流包装箱关键工艺质量攻关"), (x_units, "安徽盛力仪器仪表有限公司"))]
    page2 = [[s.model_copy(update={"page": 2}) for s in r] for r in page2]
    doc = DocumentText(file="notice.pdf", sha256="x", pages=[1, 2], type="award_notice",
                       spans=[s for r in page1 + page2 for s in r])
    got = extract_facts(doc, policy(), date(2025, 12, 31), ["上海凯懿电子科技有限公司", "彤信（上海）涂料有限公司"]).get("units")
    assert sorted((u["unit"], u["project"]) for u in got) == [
        ("上海凯懿电子科技有限公司", "医用防护口罩缺陷控制技术攻关"), ("彤信（上海）涂料有限公司", "不锈钢管件质量提升")]


def test_units_one_per_line_and_a_name_wrapped_in_its_cell():
    """A units cell holds one unit per line with no 、 between them: a line that ends a name (…检测中心（上海）) ends
    that unit, while a name wrapped in its cell (…精密机械有 / 限公司) stays one."""
    x_rank, x_seq, x_project, x_units = 60, 110, 165, 420
    rows = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (440, "完成单位")),
        _row(330, (x_rank, "二等奖"), (x_seq, "5"), (x_project, "电动汽车充电连接器插拔寿命试验"),
             (x_units, "国家电子元器件质量检验检测中心（上海）")),
        _row(360, (x_units, "岳明（上海）金属制品有限公司")),
        _row(390, (x_seq, "6"), (x_project, "智能水表远传数据接口要求"), (x_units, "上海金山天澜精密机械有")),
        _row(420, (x_units, "限公司")),
    ]
    _, got = _facts(rows, ["岳明（上海）金属制品有限公司", "上海金山天澜精密机械有限公司"])
    assert sorted((u["unit"], u["rank"]) for u in got["units"]) == [
        ("上海金山天澜精密机械有限公司", "二等奖"), ("岳明（上海）金属制品有限公司", "二等奖")]


def test_a_header_ocr_ran_over_two_cells_is_cut_into_its_columns():
    """等级 and 序号 read as one span (等级序号): each header word keeps its column, so ranks and numbers stay apart."""
    x_rank, x_seq, x_project, x_units = 60, 110, 165, 480
    rows = HEAD + [
        _row(300, (x_rank, "等级序号"), (200, "项目名称"), (500, "完成单位")),
        _row(330, (x_rank, "一等奖"), (x_seq, "1"), (x_project, "工业用水性涂料安全要求"), (x_units, "上海应用技术大学")),
        _row(360, (x_seq, "2"), (x_project, "色纺纱线能效限定值及能效等级"), (x_units, "越宸（上海）光电科技有限公司")),
        _row(390, (x_rank, "二等奖"), (x_seq, "3"), (x_project, "纸质包装材料可回收性评价"), (x_units, "上海骏升新材料科技有限公司")),
    ]
    _, got = _facts(rows, ["越宸（上海）光电科技有限公司", "上海骏升新材料科技有限公司"])
    assert sorted((u["unit"], u["rank"], u["project"]) for u in got["units"]) == [
        ("上海骏升新材料科技有限公司", "二等奖", "纸质包装材料可回收性评价"),
        ("越宸（上海）光电科技有限公司", "一等奖", "色纺纱线能效限定值及能效等级")]


def test_entries_numbered_with_a_middle_dot_ocr_read_for_the_full_stop():
    rows = HEAD + [
        _row(290, (90, "5·精细化工园区缺陷控制技术攻关(完成单位：中国标准化研究院、上海益新纺织")),
        _row(320, (60, "科技（集团）有限公司、湖北睿腾塑胶制品有限公司）——三等奖")),
        _row(350, (90, "6·车用线束连接可靠性提升项目（完成单位：山东力煦智能装备有限公司）——三等奖")),
        _row(400, (90, "希望受表彰单位珍惜荣誉，发挥示范带动作用。")),
    ]
    _, got = _facts(rows, ["上海益新纺织科技（集团）有限公司"])
    assert got["units"] == [{"unit": "上海益新纺织科技（集团）有限公司", "rank": "三等奖", "project": "精细化工园区缺陷控制技术攻关"}]


def test_entries_as_labelled_lines_under_rank_subheadings():
    # 一、一等奖（2项） heads its group; each entry is a 项目名称 line and a 完成单位 line, the rank only in the
    # heading; the label is no part of the project.
    rows = HEAD + [_row(300, (60, "一、一等奖（2项）")),
                   _row(330, (80, "1. 项目名称：智能水表远传数据接口要求")),
                   _row(360, (100, "完成单位：上海市计量测试技术研究院、上海金山恒达新材料科技有限公司")),
                   _row(390, (80, "2. 项目名称：工业阀门密封性能分级")),
                   _row(420, (100, "完成单位：上海理工大学")),
                   _row(450, (60, "二、二等奖（1项）")),
                   _row(480, (80, "3. 项目名称：特种纸透气度的测定")),
                   _row(510, (100, "完成单位：上海金山领先电器科技有限公司、上海大学"))]
    _, got = _facts(rows, ["上海金山恒达新材料科技有限公司", "上海金山领先电器科技有限公司"])
    assert got["units"] == [
        {"unit": "上海金山恒达新材料科技有限公司", "rank": "一等奖", "project": "智能水表远传数据接口要求"},
        {"unit": "上海金山领先电器科技有限公司", "rank": "二等奖", "project": "特种纸透气度的测定"}]



def test_a_page_opening_with_annex_continues_a_document_of_its_own_kind_only():
    from pipeline.classify import split_and_classify
    from pipeline.intake import _file
    from pipeline.read import read_file
    from tests.pdfmaker import text_pdf

    letter = [(160, 64, "上海市市场监督管理局文件", 22), (70, 104, "沪市监标技〔2025〕175号", 11),
              (90, 150, "关于公布2024年度上海市标准创新贡献奖标准项目奖获奖名单的通知", 15),
              (70, 190, "各区市场监管局，各有关单位：", 12.5),
              (95, 220, "经评审、公示，现将2024年度上海市标准创新贡献奖标准项目奖获奖名单予以公布。", 12.5),
              (400, 300, "上海市市场监督管理局", 12.5), (420, 324, "2025年1月24日", 12.5)]
    # 附件 set small above the list's large title, which names the kind (获奖名单) again
    annex = [(70, 60, "附件", 11), (120, 100, "2024年度上海市标准创新贡献奖标准项目奖获奖名单", 17),
             (70, 150, "一、一等奖（1项）", 13), (80, 180, "1. 项目名称：智能水表远传数据接口要求", 11.5),
             (100, 200, "完成单位：上海金山恒达新材料科技有限公司", 11.5)]
    licence = [(70, 60, "附件3", 11), (220, 110, "营业执照", 30), (80, 200, "统一社会信用代码　91310116MA1FL2K3X9", 12),
               (80, 240, "名　　称　上海金山恒达新材料科技有限公司", 12), (80, 280, "法定代表人　张伟", 12),
               (80, 320, "经营范围　一般项目：塑料制品制造。", 12), (80, 360, "登记机关　上海市金山区市场监督管理局", 12)]
    docs = split_and_classify(read_file(_file("p.pdf", text_pdf([letter, annex, licence]))))
    assert [(d.type, d.pages) for d in docs] == [("award_notice", [1, 2]), ("business_licence", [3])]


def test_a_number_left_of_the_project_columns_edge_and_one_run_into_the_project_start_their_rows():
    """The project column's edge lies a character from the narrow 序号 column's (some projects start close to
    it): a bare 7 a little left of that edge, and 8DB31/T… that OCR ran into one span, are each a row's 序号 —
    not the wrapped end of the project above."""
    x_rank, x_seq, x_project, x_units = 60, 110, 130, 560
    rows = HEAD + [
        _row(300, (x_rank, "等级"), (x_seq, "序号"), (200, "项目名称"), (580, "完成单位")),
        _row(330, (x_rank, "三等奖6"), (x_project, "T/SHBZ070—2024《食品接触用再生"), (x_units, "上海应用技术大学")),
        _row(360, (x_project + 12, "塑料通用技术要求》"), (x_units, "上海市金山区睿晴包装制品股份有限公司")),
        _row(390, (x_project - 8, "7"), (x_project + 12, "预制混凝土构件生产质量控制规范"), (x_units, "上海市金山区沃兴精密机械有限公司")),
        _row(420, (x_seq + 4, "8DB31/T.1390—2022《工业阀门安全要求》"), (x_units, "泰诚（上海）纺织科技有限公司")),
    ]
    _, got = _facts(rows, ["上海市金山区睿晴包装制品股份有限公司", "上海市金山区沃兴精密机械有限公司", "泰诚（上海）纺织科技有限公司"])
    assert {u["unit"]: u["project"] for u in got["units"]} == {
        "上海市金山区睿晴包装制品股份有限公司": "T/SHBZ070—2024《食品接触用再生塑料通用技术要求》",
        "上海市金山区沃兴精密机械有限公司": "预制混凝土构件生产质量控制规范",
        "泰诚（上海）纺织科技有限公司": "DB31/T 1390—2022《工业阀门安全要求》"}
    assert {u["rank"] for u in got["units"]} == {"三等奖"}
