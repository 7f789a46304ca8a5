"""Word and Excel files from declared lines, as applicants fill in a 申报表 template: a title, then table rows.

A line is a string (a paragraph in Word; a row merged across the table's width in Excel) or a table row given as
its cells. Consecutive rows become one Word table; a row with fewer cells than the table is widest has its last
cell merged across the rest (申报单位 | name spanning three columns), in Word (gridSpan) and in Excel (a merged
range). In Excel, cells that hold plain numbers are written as numbers (300000, 30), as people type them.

Deterministic: no dates from the clock (the core properties get a fixed time).
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from samples.truth_model import Line

FIXED_TIME = datetime(2026, 3, 20, 9, 0, 0)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _fixed(data: bytes) -> bytes:
    """The package with every member dated FIXED_TIME: python-docx and openpyxl stamp zip members with the clock,
    and the samples must be byte-identical from one run to the next."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to now whatever it was told
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            out.writestr(fixed, body)
    return buf.getvalue()


def _blocks(lines: list[Line]) -> list[str | list[list[str]]]:
    out: list[str | list[list[str]]] = []
    for line in lines:
        if isinstance(line, list):
            if out and isinstance(out[-1], list):
                out[-1].append(line)
            else:
                out.append([line])
        else:
            out.append(line)
    return out


def docx_bytes(lines: list[Line], title_lines: int = 1, author: str = "") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.author = author
    d.core_properties.created = d.core_properties.modified = FIXED_TIME
    seen = 0
    for block in _blocks(lines):
        if isinstance(block, str):
            par = d.add_paragraph()
            run = par.add_run(block)
            if seen < title_lines:
                run.font.size = Pt(18)
                run.bold = True
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            seen += 1
            continue
        n_cols = max(len(r) for r in block)
        t = d.add_table(rows=len(block), cols=n_cols)
        t.style = "Table Grid"
        for i, row in enumerate(block):
            cells = t.rows[i].cells
            for j, text in enumerate(row):
                cells[j].text = text
            if len(row) < n_cols:  # the last cell spans the rest of the row
                merged = cells[len(row) - 1].merge(cells[n_cols - 1])
                merged.text = row[-1]
    buf = io.BytesIO()
    d.save(buf)
    return _fixed(buf.getvalue())


def xlsx_bytes(lines: list[Line], sheet: str = "申报表", title_lines: int = 1, author: str = "") -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    wb.properties.creator = author
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = sheet
    n_cols = max((len(x) for x in lines if isinstance(x, list)), default=1)
    widths = [8.0] * n_cols
    seen = 0
    for r, line in enumerate(lines, start=1):
        if isinstance(line, str):
            ws.cell(r, 1, line)
            if n_cols > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
            if seen < title_lines:
                ws.cell(r, 1).font = Font(size=16, bold=True)
                ws.cell(r, 1).alignment = Alignment(horizontal="center")
                ws.row_dimensions[r].height = 30
            seen += 1
            continue
        for c, text in enumerate(line, start=1):
            value: object = text
            if _NUMBER.match(text):
                value = float(text) if "." in text else int(text)
            ws.cell(r, c, value)
            if c == len(line) and len(line) < n_cols:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=n_cols)
            elif len(text) < 24:  # a merged cell's text does not widen its first column
                widths[c - 1] = max(widths[c - 1], 2.2 * len(text) + 2)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(w, 50)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed(buf.getvalue())
