"""A standard's drafting units as its foreword lists them in a ruled table (序号 / 起草单位 / 主要起草人)."""

from __future__ import annotations

from datetime import date

from pipeline.classify import split_and_classify
from pipeline.extract.documents import extract_facts
from pipeline.intake import _file
from pipeline.read import read_file
from tests.docmaker import policy
from tests.pdfmaker import text_pdf

UNITS = ["国家电子元器件质量检验检测中心（上海）", "上海金山领先电器科技有限公司", "上海理工大学"]


def test_drafting_units_in_a_ruled_table_of_the_foreword():
    cover = [(64, 56, "ICS 13.100"), (420, 56, "DB31", 40), (200, 130, "上海市地方标准", 24),
             (420, 182, "DB31/T 1466—2024", 15), (150, 320, "医用透析纸通用要求", 24),
             (64, 690, "2024-03-01发布", 13), (420, 690, "2024-09-01实施", 13), (200, 730, "上海市市场监督管理局", 15),
             (370, 730, "发布", 15)]
    xs, top, step = (82, 126, 376, 513), 200, 24
    fore = [(260, 80, "前　言", 16), (92, 130, "本文件按照GB/T 1.1—2020的规定起草。", 11),
            (92, 160, "本文件起草单位及主要起草人如下表：", 11)]
    heads = ["序号", "起草单位", "主要起草人"]
    rows = [heads] + [[str(k), u, "张伟"] for k, u in enumerate(UNITS, 1)]
    for i, row in enumerate(rows):
        fore += [(xs[c] + 5, top + i * step + 16, v, 10.5) for c, v in enumerate(row)]
    ys = [top + i * step for i in range(len(rows) + 1)]
    rules = [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]
    docs = split_and_classify(read_file(_file("s.pdf", text_pdf([cover, fore], rules=[[], rules]))))
    assert [d.type for d in docs] == ["standard"]
    f = extract_facts(docs[0], policy(), date(2025, 12, 31), [])
    assert f.fields["drafting_units"].value == UNITS


def _foreword_units(sentence: str) -> list[str]:
    cover = [(64, 56, "ICS 13.100"), (420, 56, "DB31", 40), (200, 130, "上海市地方标准", 24),
             (420, 182, "DB31/T 1466—2024", 15), (150, 320, "医用透析纸通用要求", 24),
             (64, 690, "2024-03-01发布", 13), (420, 690, "2024-09-01实施", 13), (200, 730, "上海市市场监督管理局", 15),
             (370, 730, "发布", 15)]
    fore = [(260, 80, "前　言", 16), (92, 130, "本文件按照GB/T 1.1—2020的规定起草。", 11),
            (92, 160, "本文件由上海市市场监督管理局提出并组织实施。", 11), (92, 190, sentence, 9)]
    docs = split_and_classify(read_file(_file("s.pdf", text_pdf([cover, fore]))))
    assert [d.type for d in docs] == ["standard"]
    return extract_facts(docs[0], policy(), date(2025, 12, 31), []).fields["drafting_units"].value


def test_drafting_units_named_inside_a_sentence_of_the_foreword():
    # No label and colon: the units are the organisations of the sentence whose predicate is drafting, the lead
    # first, the words around them (牵头, 参与, 共同) cut off, a final 和 / 及 between two names split.
    a, b, c = UNITS
    assert _foreword_units(f"本文件由{a}牵头，{b}和{c}参与起草。") == UNITS
    assert _foreword_units(f"本文件由{a}、{b}、{c}共同起草。") == UNITS
    assert _foreword_units(f"本文件起草单位为{a}、{b}及{c}。") == UNITS


def test_a_name_holding_and_is_not_split():
    a = "上海市质量和标准化研究院"
    assert _foreword_units(f"本文件由{a}牵头，{UNITS[1]}参与起草。") == [a, UNITS[1]]
