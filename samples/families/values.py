"""Invented values drawn from a seed: organisations in 上海/金山, people, addresses, codes, numbers and dates.

Every organisation, person and number is invented (USCCs carry a valid GB 32100 check character). Character pools
keep to common characters so every installed CJK face has the glyphs. Printed forms of dates live here too, so
the renderers and the tests agree on what "the date is drawn on the page" means.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta

import numpy as np

from samples.uscc import ALPHABET, check_character


def seed_of(*parts: object) -> int:
    """A stable seed from parts (crc32, not hash(): Python's str hash changes between runs)."""
    return zlib.crc32("/".join(map(str, parts)).encode("utf-8"))


class R:
    """The random source of one document: a `random.Random` for choices and a numpy generator for pixels."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.np = np.random.default_rng(seed)

    def choice(self, seq):
        return self.rnd.choice(list(seq))

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def int(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, hi)

    def uniform(self, lo: float, hi: float) -> float:
        return self.rnd.uniform(lo, hi)

    def sample(self, seq, k: int) -> list:
        return self.rnd.sample(list(seq), k)

    def shuffled(self, seq) -> list:
        out = list(seq)
        self.rnd.shuffle(out)
        return out

    def digits(self, n: int) -> str:
        return "".join(str(self.rnd.randint(0, 9)) for _ in range(n))


# ---------------------------------------------------------------------------------------------------------------
# Organisations

_BRAND = ("华信达源恒泰宏盛精诚科新联智德安丰和瑞祥鑫明辉远通海晨星宇博卓越锦绿凯力康宁兴立天正元方益利永昌雅乐"
          "升腾飞峰松荣昊禾川岳朗逸骏航诺晟睿澄泽沃宸翔铭豪浩峻蓝彤奕杰俊懿晴麒融森焱煦")
_INDUSTRY = (
    "新材料科技", "精密机械", "电子科技", "化工", "食品", "生物科技", "环保科技", "智能装备", "汽车零部件", "包装制品",
    "医疗器械", "纺织科技", "塑胶制品", "新能源科技", "电气设备", "五金制品", "印务", "建材科技", "涂料", "仪器仪表",
    "光电科技", "流体设备", "特种纸业", "金属制品", "家居用品", "制药", "精细化工", "机器人", "阀门制造", "传感技术",
)
_OTHER_PROVINCE = ("江苏", "浙江", "北京", "安徽", "山东", "广东", "天津", "湖北")
INSTITUTES = (
    "上海市质量和标准化研究院", "上海市计量测试技术研究院", "上海市产品质量监督检验研究院", "中国标准化研究院",
    "上海市特种设备监督检验技术研究院", "华东理工大学", "上海大学", "上海理工大学", "上海交通大学", "同济大学",
    "上海工程技术大学", "上海应用技术大学", "中国计量大学", "上海市检测中心", "上海化工研究院有限公司",
    "上海材料研究所有限公司", "上海市食品药品检验研究院", "国家电子元器件质量检验检测中心（上海）",
)
SUB_UNITS = ("检测中心", "理化实验室", "计量检测中心", "质量检验中心", "研发中心实验室", "金山分公司")


def brand(r: R) -> str:
    return "".join(r.sample(_BRAND, 2))


def company(r: R, *, shanghai: bool = True, long: bool | None = None) -> str:
    """An invented company; `long` forces a name long enough to wrap (上海市金山区… or …（集团）…)."""
    b, ind = brand(r), r.choice(_INDUSTRY)
    if not shanghai:
        return f"{r.choice(_OTHER_PROVINCE)}{b}{ind}有限公司"
    forms_short = (f"上海{b}{ind}有限公司", f"上海{b}{ind}股份有限公司", f"{b}（上海）{ind}有限公司")
    forms_long = (f"上海市金山区{b}{ind}有限公司", f"上海{b}{ind}（集团）有限公司",
                  f"上海金山{b}{ind}股份有限公司", f"上海市金山区{b}{ind}股份有限公司")
    if long is None:
        long = r.chance(0.45)
    return r.choice(forms_long if long else forms_short)


def companies(r: R, n: int, **kw) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        c = company(r, **kw)
        if c not in out:
            out.append(c)
    return out


def other_units(r: R, n: int) -> list[str]:
    """Co-units that are not the applicant: institutes, universities and companies elsewhere."""
    out: list[str] = []
    while len(out) < n:
        u = r.choice(INSTITUTES) if r.chance(0.5) else company(r, shanghai=r.chance(0.4))
        if u not in out:
            out.append(u)
    return out


def uscc(r: R) -> str:
    """91 + area (Jinshan 310116, sometimes the municipal register 310000) + organisation code + check."""
    area = "310116" if r.chance(0.85) else "310000"
    if r.chance(0.5):
        body = r.digits(8) + r.choice("0123456789X")
    else:  # new-style codes issued since 2015
        body = "MA1" + "".join(r.choice(ALPHABET[:31]) for _ in range(6))
    first17 = "91" + area + body
    return first17 + check_character(first17)


# ---------------------------------------------------------------------------------------------------------------
# People and places

_SURNAME = "张王李赵陈刘杨黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉鹏飞斌宇浩凯健俊帆帅旭宁琳晨欣雪颖佳倩婷振国庆东海峰志"


def person(r: R) -> str:
    given = r.choice(_GIVEN) + (r.choice(_GIVEN) if r.chance(0.75) else "")
    return r.choice(_SURNAME) + given


TOWNS = ("朱泾镇", "枫泾镇", "张堰镇", "亭林镇", "吕巷镇", "廊下镇", "金山卫镇", "漕泾镇", "山阳镇", "石化街道",
         "金山工业区")
_ROAD = "新龙华卫亭金山阳泾林枫溪兴民富安秀康平湖海益杭乐通"


def address(r: R) -> str:
    road = "".join(r.sample(_ROAD, 2)) + r.choice(("路", "公路", "街", "大道"))
    tail = r.choice(("", f"{r.int(1, 12)}幢", f"{r.int(1, 9)}号楼{r.int(1, 6)}{r.int(0, 2)}{r.int(1, 9)}室",
                     f"第{r.int(1, 8)}幢{r.int(1, 5)}层"))
    return f"上海市金山区{r.choice(TOWNS)}{road}{r.int(1, 9999)}号{tail}"


def id_masked(r: R) -> str:
    d = "3101" + r.choice(("16", "04", "12", "15")) + r.digits(12)
    d = d[:17] + r.choice("0123456789X")
    style = r.choice(("head3tail4", "head6tail4", "head1tail1"))
    if style == "head3tail4":
        return d[:3] + "*" * 11 + d[-4:]
    if style == "head6tail4":
        return d[:10] + "****" + d[-4:]
    return d[0] + "*" * 16 + d[-1]


# ---------------------------------------------------------------------------------------------------------------
# Dates: values are ISO strings (YYYY-MM-DD, or YYYY-MM when the document prints no day)

_HAN = "〇一二三四五六七八九"


def _han_year(y: int) -> str:
    return "".join(_HAN[int(c)] for c in str(y))


def _han_num(n: int) -> str:
    if n < 10:
        return _HAN[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _HAN[tens]) + "十" + (_HAN[ones] if ones else "")


DAY_STYLES = ("cn", "cn0", "iso", "dot", "dot0", "slash", "han")
MONTH_STYLES = ("cn", "cn0", "iso", "dot", "dot0", "han")


def fmt_date(value: str, style: str) -> str:
    """An ISO value as printed: 2024年3月5日 / 2024年03月05日 / 2024-03-05 / 2024.3.5 / 2024.03.05 / 2024/3/5 /
    二〇二四年三月五日; YYYY-MM values print without the day."""
    parts = [int(p) for p in value.split("-")]
    y, m = parts[0], parts[1]
    d = parts[2] if len(parts) == 3 else None
    if style == "han":
        return f"{_han_year(y)}年{_han_num(m)}月" + (f"{_han_num(d)}日" if d else "")
    if style == "cn":
        return f"{y}年{m}月" + (f"{d}日" if d else "")
    if style == "cn0":
        return f"{y}年{m:02d}月" + (f"{d:02d}日" if d else "")
    if style == "iso":
        return f"{y}-{m:02d}" + (f"-{d:02d}" if d else "")
    if style == "dot":
        return f"{y}.{m}" + (f".{d}" if d else "")
    if style == "dot0":
        return f"{y}.{m:02d}" + (f".{d:02d}" if d else "")
    if style == "slash":
        return f"{y}/{m}" + (f"/{d}" if d else "")
    raise ValueError(f"unknown date style {style!r}")


def date_forms(value: str) -> set[str]:
    """Every way fmt_date can print the value (the tests look for any of them on the page)."""
    styles = DAY_STYLES if value.count("-") == 2 else MONTH_STYLES
    return {fmt_date(value, s) for s in styles}


def iso(d: date) -> str:
    return d.isoformat()


def day_between(r: R, start: date, end: date) -> date:
    return start + timedelta(days=r.int(0, (end - start).days))


def years_later(d: date, n: int) -> date:
    """The last day of an n-year term starting on d (2024-03-01 → 2027-02-28)."""
    try:
        same = d.replace(year=d.year + n)
    except ValueError:  # 29 February
        same = d.replace(year=d.year + n, day=28)
    return same - timedelta(days=1)


def month_of(d: date) -> str:
    return d.isoformat()[:7]


# ---------------------------------------------------------------------------------------------------------------
# Numbers printed on documents


def doc_no(r: R, prefix: str, year: int) -> str:
    """A 文号 with one of the bracket forms offices use: 〔2024〕 (standard), [2024] or （2024） (typed by hand)."""
    lb, rb = r.choice((("〔", "〕"), ("〔", "〕"), ("〔", "〕"), ("[", "]"), ("（", "）")))
    return f"{prefix}{lb}{year}{rb}{r.int(1, 320)}号"


def capital(r: R) -> str:
    amount = r.choice((100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 6800, 8000, 10000, 12000))
    return r.choice((f"人民币{amount}万元整", f"{amount}万元人民币", f"人民币{amount}.0000万元整",
                     f"{amount}.000000万人民币"))


COMPANY_KINDS = ("有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "股份有限公司（非上市、自然人投资或控股）",
                 "有限责任公司（外商投资、非独资）", "有限责任公司（台港澳法人独资）", "其他有限责任公司")


# ---------------------------------------------------------------------------------------------------------------
# Standards and projects (invented titles in the style of real ones)

STANDARD_SUBJECTS = (
    ("工业用水性涂料", "有害物质限量"), ("智能低压断路器", "可靠性试验方法"), ("食品接触用再生塑料", "通用技术要求"),
    ("冷链物流包装箱", "保温性能测试方法"), ("不锈钢管件", "晶间腐蚀试验方法"), ("电动汽车充电连接器", "插拔寿命试验"),
    ("医用防护口罩", "过滤效率检测规范"), ("工业机器人", "定位精度评价方法"), ("锂离子电池隔膜", "热收缩率的测定"),
    ("预制混凝土构件", "生产质量控制规范"), ("精细化工园区", "危险化学品储存安全管理规范"),
    ("色纺纱线", "色牢度分级要求"), ("速冻调制食品", "生产卫生规范"), ("纸质包装材料", "可回收性评价"),
    ("智能水表", "远传数据接口要求"), ("光伏组件背板", "耐候性试验方法"), ("工业阀门", "密封性能分级"),
    ("家用厨房电器", "能效测试方法"), ("汽车内饰材料", "挥发性有机物测定"), ("特种纸", "透气度的测定"),
)
PROJECT_TITLES = (
    "高端注塑件尺寸稳定性提升攻关", "车用线束连接可靠性提升项目", "医用敷料无菌保障质量攻关", "不锈钢紧固件表面缺陷控制",
    "速冻面点微生物控制技术提升", "锂电隔膜厚度一致性攻关", "水性涂料VOC减量质量提升", "精密轴承寿命提升项目",
    "智能电表计量准确度保持攻关", "特种纸张匀度提升项目", "工业机器人减速器精度保持性攻关", "光伏背板耐候性提升",
)


ASPECTS = ("通用技术条件", "试验方法", "技术规范", "评价规范", "质量分级", "安全要求", "检测方法", "生产管理规范",
           "能效限定值及能效等级", "绿色产品评价要求")


def standard_title(r: R) -> str:
    """An invented title: subject + aspect (the subject's own aspect half the time)."""
    a, b = r.choice(STANDARD_SUBJECTS)
    return f"{a} {b if r.chance(0.5) else r.choice(ASPECTS)}"


def std_code(r: R, prefix: str, year: int | None = None) -> str:
    """A normalised code: 'GB/T 43215—2024', 'DB31/T 1452—2023', 'T/SHZL 017—2024', 'QB/T 5723—2022'."""
    year = year or r.int(2020, 2025)
    if prefix.startswith("DB31"):
        num = str(r.int(1300, 1620))
    elif prefix.startswith("T/"):
        num = f"{r.int(1, 99):03d}"
    elif prefix in ("GB", "GB/T"):
        num = str(r.int(40100, 46200))
    else:
        num = str(r.int(2000, 6400))
    return f"{prefix} {num}—{year}"
