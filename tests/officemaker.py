"""Word and Excel files for the tests: 申报表 as applicants fill them in, and hostile packages (zip bombs, XML
entity bombs, truncated and broken parts) that the bounded reader must refuse with a reason."""

from __future__ import annotations

import io
import zipfile

from samples.render.office import docx_bytes, xlsx_bytes

APPLICANT = "上海金山恒达新材料科技有限公司"
USCC = "91310116MA1FL2K3X9"

# A 申报表 as the bureau's template has it: the applicant's block, then one row per declared item.
FORM_LINES = [
    "金山区质量发展专项资金申报表",
    ["申报单位（盖章）", APPLICANT],
    ["统一社会信用代码", USCC, "法定代表人", "陈建国"],
    ["联系人", "李明", "联系电话", "13916881234"],
    ["单位地址", "上海市金山区亭林镇林盛路88号3幢"],
    ["序号", "政策条款", "申报项目", "级别", "获得时间", "申报金额（万元）"],
    ["1", "第五条第（二）项", "上海市质量金奖", "市级", "2025年12月", "30"],
    ["2", "第七条第（三）项", "上海市重点产品质量攻关成果奖二等奖", "市级", "2025年11月", "10"],
    ["3", "", "上海市标准化试点项目", "市级", "2025年9月", "5"],
    ["合计", "", "", "", "", "45"],
    "申报单位承诺：所填内容及所附材料真实、准确。",
    "申报日期：2026年3月20日",
]


def form_docx(lines=FORM_LINES) -> bytes:
    return docx_bytes(lines)


def form_xlsx(lines=FORM_LINES) -> bytes:
    return xlsx_bytes(lines)


def _rewrite(data: bytes, name: str, write) -> bytes:
    """The package with member `name` replaced by what `write(fh)` writes (streamed: a bomb is never in memory)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == name:
                continue
            out.writestr(info, src.read(info))
        info = zipfile.ZipInfo(name, date_time=(2026, 3, 20, 9, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w", force_zip64=True) as fh:
            write(fh)
    return buf.getvalue()


def bomb(kind: str = "docx", megabytes: int = 200) -> bytes:
    """The main part padded to `megabytes` of whitespace: about 200 KB on disk, 200 MB inflated."""
    base, part, head, tail = (
        (form_docx(), "word/document.xml",
         b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
         b'openxmlformats.org/wordprocessingml/2006/main"><w:body>', b"</w:body></w:document>")
        if kind == "docx" else
        (form_xlsx(), "xl/worksheets/sheet1.xml",
         b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
         b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>', b"</sheetData></worksheet>"))
    chunk = b" " * (1024 * 1024)

    def write(fh):
        fh.write(head)
        for _ in range(megabytes):
            fh.write(chunk)
        fh.write(tail)

    return _rewrite(base, part, write)


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
                     for i in range(1, 10))
          + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b'<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def entity_bomb() -> bytes:
    """A Word document whose body is a billion-laughs entity expansion."""
    return _rewrite(form_docx(), "word/document.xml", lambda fh: fh.write(LAUGHS))


def broken_part(kind: str = "docx") -> bytes:
    """A package whose main part is not well-formed XML."""
    part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    base = form_docx() if kind == "docx" else form_xlsx()
    return _rewrite(base, part, lambda fh: fh.write(b"<?xml version='1.0'?><w:document><w:body><w:p>"))


def pptx_like() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<presentation/>")
    return buf.getvalue()


def big_sheet(rows: int = 8000, cols: int = 50) -> bytes:
    """A workbook whose one sheet holds rows × cols numbers, written as raw SpreadsheetML (openpyxl would take
    minutes to write it): a large but honest file, for the reader's memory limit."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, cols + 1)]

    def write(fh):
        fh.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
                 b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for r in range(1, rows + 1):
            cells = "".join(f'<c r="{x}{r}"><v>{r * cols + i}</v></c>' for i, x in enumerate(letters))
            fh.write(f'<row r="{r}">{cells}</row>'.encode())
        fh.write(b"</sheetData></worksheet>")

    return _rewrite(form_xlsx(), "xl/worksheets/sheet1.xml", write)
