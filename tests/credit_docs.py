"""Text-layer documents for the credit-report and individual tests, laid out the way the real formats print them.

- `person_report`: a 自然人 公共信用信息报告 (姓名, masked ID number, 工作单位, counts per category, sections).
- `xyzg_report`: a 信用中国 公共信用信息报告 (V2.0, 2022-): 信用信息概要 with counts per category, sections
  一、登记注册基础信息 … 九、其他信息; penalties under 二、行政管理信息 beside 行政许可; a 失信被执行人 entry with
  立案时间 / 发布时间 / 被执行人的履行情况.
- `certificate`: a certificate to "XXX同志" with the employer under the name.
- `id_card`: the two sides of an ID card copy with a text layer.
"""

from __future__ import annotations

from tests.pdfmaker import text_pdf

ID_NUMBER = "310116198703153026"
PERSON = "王丽华"
EMPLOYER = "上海金山恒达新材料科技有限公司"


def _lines(rows: list[str | tuple[str, ...]], top: float = 60, step: float = 22, x0: float = 60,
           col: float = 170) -> list[tuple[float, float, str]]:
    """Rows of text; a tuple is a row of cells at fixed columns (a table without rules)."""
    out, y = [], top
    for row in rows:
        if isinstance(row, tuple):
            for i, cell in enumerate(row):
                if cell:
                    out.append((x0 + i * col, y, cell))
        elif row:
            out.append((x0, y, row))
        y += step
    return out


def person_report(*, penalties: list[dict] | None = None, listed: list[dict] | None = None,
                  count_penalties: int | None = None) -> bytes:
    penalties = penalties or []
    listed = listed or []
    rows: list = [
        "个人公共信用信息报告",
        "报告编号：GRXY2026031800123",
        ("姓名：" + PERSON, "证件号码：310116********3026"),
        "工作单位：" + EMPLOYER,
        "报告出具日期：2026年03月18日",
        "信用信息概要",
        ("信息类别", "记录条数"),
        ("行政处罚信息", str(len(penalties) if count_penalties is None else count_penalties)),
        ("严重失信主体名单信息", str(len(listed))),
        "一、行政处罚信息",
    ]
    if not penalties:
        rows.append("未查见该自然人在查询期间内的行政处罚记录。")
    for p in penalties:
        rows += [("决定书文号", p["number"]), ("处罚机关", p["authority"]), ("处罚内容", p.get("result", "警告")),
                 ("处罚决定日期", p["date"])]
    rows.append("二、严重失信主体名单信息")
    if not listed:
        rows.append("未查见该自然人被列入严重失信主体名单的记录。")
    for x in listed:
        rows += [("名单名称", x["list"]), ("列入日期", x["date"]), ("列入机关", x["authority"])]
    rows += ["", "上海市公共信用信息服务中心", "2026年03月18日"]
    return text_pdf([_lines(rows)], size=11)


def xyzg_report(*, subject: str = EMPLOYER, uscc: str = "91310116MA1FL2K3X9", executed: str = "全部未履行",
                listed_on: str = "2016-03-10") -> bytes:
    """信用中国 公共信用信息报告 (V2.0), two pages, with a 失信被执行人 entry that was never lifted."""
    page1 = [
        "公共信用信息报告",
        "（法人和非法人组织版）",
        "报告编号：XYZG2026031812345",
        "报告生成时间：2026年03月18日",
        ("主体名称：" + subject, ""),
        ("统一社会信用代码：" + uscc, ""),
        "信用信息概要",
        ("信息类别", "数量"),
        ("登记注册基础信息", "1条"),
        ("行政管理信息", "2条"),
        ("诚实守信相关荣誉信息", "0条"),
        ("严重失信主体名单信息", "1条"),
        ("经营（活动）异常名录信息", "0条"),
        ("信用承诺信息", "0条"),
        ("信用评价信息", "0条"),
        ("司法判决及执行信息", "0条"),
        ("其他信息", "0条"),
        "一、登记注册基础信息",
        ("法定代表人", "张建国"),
        ("成立日期", "2015-06-18"),
        ("住所", "上海市金山区亭林镇林盛路88号"),
        "二、行政管理信息",
        "（一）行政许可信息",
        ("行政许可决定文书号", "沪金环评〔2023〕88号"),
        ("许可机关", "上海市金山区生态环境局"),
        ("许可决定日期", "2023-04-12"),
    ]
    page2 = [
        "（二）行政处罚信息",
        ("行政处罚决定书文号", "沪金应急罚〔2024〕15号"),
        ("处罚类别", "罚款"),
        ("处罚决定日期", "2024-11-05"),
        ("处罚机关", "上海市金山区应急管理局"),
        "三、诚实守信相关荣誉信息",
        "未查见相关信息。",
        "四、严重失信主体名单信息",
        "（一）失信被执行人",
        ("案号", "（2016）沪0116执1234号"),
        ("执行法院", "上海市金山区人民法院"),
        ("立案时间", "2016-01-20"),
        ("发布时间", listed_on),
        ("被执行人的履行情况", executed),
        "五、经营（活动）异常名录信息",
        "未查见相关信息。",
        "六、信用承诺信息",
        "未查见相关信息。",
        "七、信用评价信息",
        "未查见相关信息。",
        "八、司法判决及执行信息",
        "未查见相关信息。",
        "九、其他信息",
        "未查见相关信息。",
        "",
        "国家公共信用信息中心",
        "2026年03月18日",
    ]
    return text_pdf([_lines(page1, step=20, col=130), _lines(page2, step=20, col=130)], size=10.5)


def certificate(name: str = PERSON, employer: str = EMPLOYER, honour: str = "上海市标准创新贡献奖（个人奖）",
                issuer: str = "上海市市场监督管理局") -> bytes:
    rows = [(200, 120, "荣誉证书"), (80, 220, f"{name}同志："), (100, 250, f"（{employer}）"),
            (100, 290, "在标准化工作中成绩突出，荣获2025年度"), (100, 320, f"{honour}。"), (100, 350, "特发此证。"),
            (300, 520, issuer), (300, 550, "二〇二五年十二月十八日")]
    return text_pdf([rows], size=16)


def id_card(name: str = PERSON, number: str = ID_NUMBER) -> bytes:
    rows = _lines([("姓名", name), ("性别 女", "民族 汉"), ("出生", "1987年3月15日"),
                   ("住址", "上海市金山区石化街道卫零路485弄12号"), ("公民身份号码", number), "",
                   "中华人民共和国", "居民身份证", ("签发机关", "上海市公安局金山分局"),
                   ("有效期限", "2016.08.03-2036.08.03")], col=110)
    return text_pdf([rows], size=12)


def unruled_table_report() -> bytes:
    """A 专用信用报告 whose penalties table has no ruling lines and whose cells wrap onto a second line."""
    rows = [(60, 60, "市场主体专用信用报告"), (60, 90, "主体名称：" + EMPLOYER),
            (60, 115, "统一社会信用代码：91310116MA1FL2K3X9"), (60, 140, "报告日期：2026年03月18日"),
            (60, 175, "一、行政处罚信息"),
            (60, 200, "序号"), (115, 200, "决定文书号"), (245, 200, "违法行为"), (340, 200, "处罚日期"),
            (425, 200, "处罚机关"),
            (62, 222, "1★"), (115, 222, "沪金市监案处〔2024〕"), (245, 222, "生产销售不合格"), (340, 222, "2024年07月"),
            (425, 222, "上海市金山区市场"),
            (115, 238, "282024000777号"), (245, 238, "产品"), (340, 238, "18日"), (425, 238, "监督管理局"),
            (62, 260, "2"), (115, 260, "金市监简罚〔2025〕"), (245, 260, "未按期公示年报"), (340, 260, "2025年07月"),
            (425, 260, "上海市金山区市场"),
            (115, 276, "1021号"), (340, 276, "03日"), (425, 276, "监督管理局"),
            (60, 298, "注：序号后标注“★”的记录属于严重违法失信行为。"),
            (60, 330, "二、严重失信主体名单信息"), (60, 355, "未查见该主体被列入严重失信主体名单的记录。"),
            (60, 385, "三、经营（活动）异常名录信息"), (60, 410, "未查见该主体被列入经营异常名录的记录。"),
            (300, 470, "上海市公共信用信息服务中心"), (300, 495, "2026年03月18日")]
    return text_pdf([rows], size=10)


def letter_report() -> bytes:
    """A 查询结果告知书: sections as numbered sentences, each heading followed by its content after a colon."""
    lines = ["公共信用信息查询结果告知书", "沪信报〔2026〕12345号", EMPLOYER + "：",
             "根据你单位申请，本中心对你单位2023年3月18日至2026年3月18日期间的公共信用信息进行了查询，结果如下：",
             "一、行政处罚信息：未查见。",
             "二、严重失信主体名单：未查见。",
             "三、经营异常名录信息：2025年2月8日，你单位因未依照《企业信息公示暂行条例》第八条规定的期限",
             "公示年度报告被列入经营异常名录，已于2025年4月2日移出。",
             "特此告知。", "上海市公共信用信息服务中心", "二〇二六年三月十八日"]
    return text_pdf([[(50, 60 + 24 * i, t) for i, t in enumerate(lines)]], size=10)
