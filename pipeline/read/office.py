"""Word (.docx, python-docx) and Excel (.xlsx, openpyxl) files read as documents: applicants send their 申报表 so.

Such files have no pages of their own. Their content is laid out on notional pages in points, so that the same
readers apply as to a PDF: a Word file's paragraphs stack top to bottom (a heading in larger type stays larger),
its tables become `Table`s with the cells' grid positions and spans (gridSpan, vMerge) and their text lines
become spans at the cell's place; an explicit page break starts the next notional page. Each visible Excel
worksheet is one page: every cell in the used range (merged ranges as one cell) is a table cell, its text a span
at the column's and row's position, columns as wide as the sheet says. Every span names where it stands in the
file (`Span.ref`: 表格 1 第 3 行第 2 列, 工作表“申报表” C5); evidence shows that place instead of a picture.

An Office file is a zip of XML parts, and hostile ones are built like any zip or XML bomb. Before a part is
parsed, the package is checked like an OFD package: members past `MAX_MEMBER_BYTES` (or inflating more than
`MAX_RATIO` times), more than `MAX_TOTAL_BYTES` in all, too many members, encrypted members; XML parts with a DTD
or entity declarations (OOXML parts never have one) are refused. Parsing then runs in the bounded child like
every upload (`pipeline.read.sandbox`: memory and CPU limits). Sheets past `MAX_ROWS` × `MAX_COLS` are read up to
there, with a warning.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from models.reading import Cell, PageText, Span, Table
from pipeline.read.pages import PageDone, PageItem

MAX_MEMBERS = 3000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # XML compresses well, but not 200 times (a real 申报表's document.xml: 5–15)
MAX_ROWS = 500  # a 申报表 has tens of rows; a sheet of thousands is a ledger, read in part and said so
MAX_COLS = 50
MAX_CELLS = 50_000  # cells laid out for a whole workbook: what the readers after this one then go through
MAX_PAGES = 200

PAGE_W, PAGE_H, MARGIN = 595.3, 841.9, 72.0  # A4 in points
DOCX_SIZE = 10.5  # 五号, Word's default body size for Chinese documents
XLSX_SIZE = 11.0
LINE = 1.5  # line pitch, in font sizes
CELL_PAD = 3.0
CHAR_PT = 5.25  # an Excel width unit (one '0' of the default font) in points
DEFAULT_COL = 8.43  # Excel's default column width, in those units
DEFAULT_ROW = 15.0  # Excel's default row height, in points


class OfficeError(Exception):
    """The Word or Excel file cannot be read; the message is for the reviewer."""


def _what(kind: str) -> str:
    return "Word 文档" if kind == "docx" else "Excel 工作簿"


def check_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """The package, opened, after every member has been checked against the limits (nothing is inflated yet, except
    the XML parts' first 64 KB, looked at for a DTD)."""
    what = _what(kind)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise OfficeError(f"{what}已损坏，无法打开（{type(exc).__name__}）") from exc
    if len(infos) > MAX_MEMBERS:
        raise OfficeError(f"{what}内部件过多（{len(infos)} 个），疑似异常文件，未读取")
    total = 0
    for i in infos:
        total += i.file_size
        if i.flag_bits & 0x1:
            raise OfficeError(f"{what}内容已加密，无法读取；请上传未加密的文件")
        too_big = i.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        if too_big or i.file_size > 1024 * 1024 and i.file_size / max(i.compress_size, 1) > MAX_RATIO:
            raise OfficeError(f"{what}内部件 {i.filename} 解压后达 {i.file_size // 1048576} MB"
                              f"（压缩前 {max(1, i.compress_size // 1024)} KB），超过上限（疑似压缩炸弹），未读取")
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    names = {i.filename.lstrip("/").lower() for i in infos}
    if main not in names:
        raise OfficeError(f"{what}缺少主体部件（{main}），文件不完整或并非{what}，无法读取")
    for i in infos:
        if not i.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(i) as fh:
                head = fh.read(65536)
        except Exception as exc:  # a member failing its CRC, a bad compression method
            raise OfficeError(f"{what}部件 {i.filename} 已损坏（{type(exc).__name__}），无法读取") from exc
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise OfficeError(f"{what}部件 {i.filename} 含 DTD 或实体声明（疑似 XML 炸弹），未读取")
    return zf


def _text_width(text: str, size: float) -> float:
    """Points a line of text takes: CJK characters a full em, others about half."""
    return sum(size if ord(ch) > 0x2e80 else 0.55 * size for ch in text)


def _lines_needed(text: str, size: float, width: float) -> int:
    return max(1, math.ceil(_text_width(text, size) / max(width, size)))


# ------------------------------------------------------------------------------------------------ Word

def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _para_lines(p) -> list[str]:
    """A paragraph's text as displayed, split at its line breaks; tabs become a space; deleted revisions, field
    codes and the fallback copy of alternate content are left out."""
    t_tag, tab, br, cr = _w("w:t"), _w("w:tab"), _w("w:br"), _w("w:cr")
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    lines, cur = [], []

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == fallback:
                continue
            if tag == t_tag:
                cur.append(child.text or "")
            elif tag == tab:
                cur.append(" ")
            elif tag in (br, cr) and child.get(_w("w:type")) in (None, "textWrapping"):
                lines.append("".join(cur))
                cur.clear()
            else:
                walk(child)

    walk(p)
    lines.append("".join(cur))
    return [ln.strip() for ln in lines if ln.strip()]


def _has_page_break(p) -> tuple[bool, bool]:
    """(break before, break after) the paragraph: pageBreakBefore, an explicit page break, a section break."""
    before = any(el.get(_w("w:val"), "true") not in ("0", "false") for el in p.iter(_w("w:pageBreakBefore")))
    after = any(el.get(_w("w:type")) == "page" for el in p.iter(_w("w:br")))
    sect = p.find(f"{_w('w:pPr')}/{_w('w:sectPr')}")
    if sect is not None:
        kind = sect.find(_w("w:type"))
        after = after or kind is None or kind.get(_w("w:val")) in (None, "nextPage", "oddPage", "evenPage")
    return before, after


def _style_size(style) -> float | None:
    seen = 0
    while style is not None and seen < 10:
        size = style.font.size if hasattr(style, "font") else None
        if size is not None:
            return size.pt
        style = style.base_style
        seen += 1
    return None


def _para_size(par) -> float:
    sizes = [r.font.size.pt for r in par.runs if r.font.size is not None]
    if sizes:
        return max(sizes)
    try:
        return _style_size(par.style) or DOCX_SIZE
    except Exception:  # a style id that names no style
        return DOCX_SIZE


def _para_align(par) -> str:
    try:
        a = par.alignment if par.alignment is not None else par.style.paragraph_format.alignment
    except Exception:
        a = None
    return {1: "center", 2: "right"}.get(int(a) if a is not None else 0, "left")


def _place(text: str, size: float, x0: float, x1: float, align: str) -> tuple[float, float]:
    w = min(_text_width(text, size), max(size, x1 - x0))
    if align == "center":
        left = x0 + max(0.0, (x1 - x0 - w) / 2)
    elif align == "right":
        left = max(x0, x1 - w)
    else:
        left = x0
    return left, left + w


def _content(el):
    """The block-level children of a body or a cell, with content controls (w:sdt) opened up."""
    sdt, content = _w("w:sdt"), _w("w:sdtContent")
    for child in el:
        if child.tag == sdt:
            inner = child.find(content)
            if inner is not None:
                yield from _content(inner)
        else:
            yield child


class _DocxPages:
    """Lays a Word document out on notional A4 pages."""

    def __init__(self, max_pages: int):
        self.max_pages = max_pages
        self.pages: list[PageText] = []
        self.n_tables = 0
        self.n_paras = 0
        self._new()

    def _new(self) -> None:
        if len(self.pages) >= self.max_pages:
            raise OfficeError(f"Word 文档分页超过 {self.max_pages} 页的上限，本文件未读取，请拆分后上传")
        self.page = PageText(page=len(self.pages) + 1, width=PAGE_W, height=PAGE_H, source="office",
                             reason="Word 文档：按段落和表格读取（无需 OCR）")
        self.pages.append(self.page)
        self.y = MARGIN

    def page_break(self) -> None:
        if self.page.spans or self.page.tables:
            self._new()

    def paragraph(self, par, p) -> None:
        self.n_paras += 1
        size = _para_size(par)
        align = _para_align(par)
        lines = _para_lines(p)
        width = PAGE_W - 2 * MARGIN
        for k, line in enumerate(lines):
            x0, x1 = _place(line, size, MARGIN, PAGE_W - MARGIN, align)
            self.page.spans.append(Span(text=line, page=self.page.page, bbox=(x0, self.y, x1, self.y + size),
                                        confidence=1.0, source="office", ref=f"第 {self.n_paras} 段"))
            self.y += LINE * size * _lines_needed(line, size, width)
        if not lines:
            self.y += LINE * size * 0.5  # an empty paragraph: a little space
        self._grow()

    def _grow(self) -> None:
        self.page.height = max(PAGE_H, self.y + MARGIN)

    def table(self, tbl) -> None:
        self.n_tables += 1
        t_no = self.n_tables
        try:
            grid = [gc.w.pt if gc.w is not None else None for gc in tbl.tblGrid.gridCol_lst]
        except AttributeError:
            grid = []
        rows = [tr for tr in _content(tbl) if tr.tag == _w("w:tr")]
        # Grid positions of every cell, first pass: how many grid columns the table has.
        layout: list[list[tuple[int, int, object]]] = []  # per row: (col, span, tc or None for a vMerge continue)
        n_cols = len(grid)
        for tr in rows:
            trpr = tr.find(_w("w:trPr"))
            before = 0
            if trpr is not None:
                gb = trpr.find(_w("w:gridBefore"))
                if gb is not None:
                    try:
                        before = int(gb.get(_w("w:val"), "0"))
                    except ValueError:
                        before = 0
            col, cells = before, []
            for tc in _content(tr):
                if tc.tag != _w("w:tc"):
                    continue
                try:
                    span = max(1, int(tc.grid_span))
                except (AttributeError, ValueError, TypeError):
                    span = 1
                cells.append((col, span, tc))
                col += span
            n_cols = max(n_cols, col)
            layout.append(cells)
        if not n_cols:
            return
        known = [w for w in grid if w]
        default = (PAGE_W - 2 * MARGIN) / n_cols if not known else sum(known) / len(known)
        widths = [(grid[i] if i < len(grid) and grid[i] else default) for i in range(n_cols)]
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        # Second pass: cells, their lines and the rows' heights; a vMerge "continue" cell grows the cell above.
        cells_out: list[Cell] = []
        open_merge: dict[int, Cell] = {}  # grid column → the cell a vertical merge started in
        top = self.y
        y = top
        for r, cells in enumerate(layout):
            height = DOCX_SIZE * LINE + 2 * CELL_PAD
            placed: list[tuple[Cell, list[str], float]] = []
            for col, span, tc in cells:
                vmerge = tc.vMerge if hasattr(tc, "vMerge") else None
                x0, x1 = xs[col], xs[min(col + span, n_cols)]
                if vmerge == "continue" and col in open_merge:
                    above = open_merge[col]
                    above.row_span = r - above.row + 1
                    extra = " ".join(ln for p in _cell_paras(tc) for ln in _para_lines(p))
                    if extra:
                        above.text += extra
                    continue
                lines, size = [], DOCX_SIZE
                for p in _cell_paras(tc):
                    for ln in _para_lines(p):
                        lines.append(ln)
                sizes = [float(s.get(_w("w:val"))) / 2 for s in tc.iter(_w("w:sz")) if s.get(_w("w:val"), "").isdigit()]
                if sizes:
                    size = max(sizes)
                need = sum(_lines_needed(ln, size, x1 - x0 - 2 * CELL_PAD) for ln in lines) * LINE * size
                height = max(height, need + 2 * CELL_PAD)
                cell = Cell(row=r, col=col, bbox=(x0, y, x1, y), text="".join(lines), col_span=span)
                if vmerge == "restart":
                    open_merge[col] = cell
                else:
                    open_merge.pop(col, None)
                cells_out.append(cell)
                placed.append((cell, lines, size))
            for cell, lines, size in placed:
                ly = y + CELL_PAD
                x0, x1 = cell.bbox[0] + CELL_PAD, cell.bbox[2] - CELL_PAD
                for ln in lines:
                    a, b = _place(ln, size, x0, x1, "left")
                    self.page.spans.append(Span(
                        text=ln, page=self.page.page, bbox=(a, ly, b, ly + size), confidence=1.0, source="office",
                        ref=f"表格 {t_no} 第 {cell.row + 1} 行第 {cell.col + 1} 列"))
                    ly += LINE * size * _lines_needed(ln, size, x1 - x0)
            row_bottom = y + height
            for cell in cells_out:  # every cell that reaches this row ends at its bottom for now
                if cell.row + cell.row_span - 1 == r or cell.row == r:
                    cell.bbox = (cell.bbox[0], cell.bbox[1], cell.bbox[2], row_bottom)
            y = row_bottom
        self.y = y + DOCX_SIZE
        self.page.tables.append(Table(page=self.page.page, bbox=(xs[0], top, xs[-1], y), n_rows=len(layout),
                                      n_cols=n_cols, cells=cells_out, source="office",
                                      settings={"reader": "python-docx", "table": t_no}))
        self._grow()


def _cell_paras(tc):
    """A cell's paragraphs, nested tables' included, in order (not the paragraphs inside a text box, which are
    part of their paragraph's text)."""
    p_tag, tbl_tag = _w("w:p"), _w("w:tbl")
    for child in _content(tc):
        if child.tag == p_tag:
            yield child
        elif child.tag == tbl_tag:
            for tr in _content(child):
                for inner in _content(tr):
                    if inner.tag == _w("w:tc"):
                        yield from _cell_paras(inner)


def parse_docx(data: bytes, *, max_pages: int | None = None) -> Iterator[PageItem]:
    import docx
    from docx.text.paragraph import Paragraph

    check_package(data, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the sandbox's limit: reported as such
    except Exception as exc:  # python-docx raises ValueError/KeyError/lxml errors for structural faults
        detail = "含宏的 Word 文档（.docm），请另存为 .docx 或 PDF 后上传" if "macroEnabled" in str(exc) else \
            f"结构异常（{type(exc).__name__}）"
        raise OfficeError(f"Word 文档无法读取：{detail}") from exc
    pages = _DocxPages(min(max_pages or MAX_PAGES, MAX_PAGES))
    body = document.element.body
    pictures = 0
    try:
        for el in _content(body):
            if el.tag == _w("w:p"):
                par = Paragraph(el, document)
                before, after = _has_page_break(el)
                if before:
                    pages.page_break()
                pages.paragraph(par, el)
                pictures += sum(1 for _ in el.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
                if after:
                    pages.page_break()
            elif el.tag == _w("w:tbl"):
                pages.table(el)
                pictures += sum(1 for _ in el.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
    except (OfficeError, MemoryError):
        raise
    except Exception as exc:
        raise OfficeError(f"Word 文档结构异常，无法读取（{type(exc).__name__}）") from exc
    out = [p for p in pages.pages if p.spans or p.tables] or pages.pages[:1]
    if pictures:
        out[0].warning = (f"Word 文档中含 {pictures} 张图片（如粘贴的扫描件），图片中的文字未读取，请核对原件；"
                          "扫描件请直接上传图片或 PDF")
    for n, page in enumerate(out, start=1):
        if page.page != n:  # pages left empty by a break at the very start: renumbered
            page.page = n
            page.spans = [s.model_copy(update={"page": n}) for s in page.spans]
            page.tables = [t.model_copy(update={"page": n}) for t in page.tables]
        yield PageDone(page)


# ------------------------------------------------------------------------------------------------ Excel

def cell_text(value, number_format: str = "General") -> str:
    """A cell's value as Excel shows it, closely enough to read: whole numbers without ".0", dates as ISO dates,
    percentages with their sign."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0, 0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return f"{value * 100:.10g}%"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = f"{value:.10g}" if isinstance(value, float) else str(value)
        if "," in (number_format or "") and isinstance(value, int):
            text = f"{value:,}"
        return text
    return str(value).replace("\r\n", "\n").strip()


def _col_widths(ws, min_col: int, max_col: int) -> list[float]:
    """Each column's width in points, as the sheet sets it (a <col> element may cover a range of columns)."""
    from openpyxl.utils import column_index_from_string

    widths = {c: DEFAULT_COL for c in range(min_col, max_col + 1)}
    for key, dim in list(ws.column_dimensions.items()):  # only the columns the sheet describes
        try:
            lo = dim.min or column_index_from_string(key)
        except ValueError:
            continue
        hi = dim.max or lo
        for c in range(max(lo, min_col), min(hi, max_col) + 1):
            widths[c] = float(dim.width) if dim.width else DEFAULT_COL
    return [widths[c] * CHAR_PT + 2 * CELL_PAD for c in range(min_col, max_col + 1)]


def _sheet_page(ws, page_no: int, budget: int = MAX_CELLS) -> PageText:
    from openpyxl.utils import get_column_letter

    title = ws.title
    min_row, min_col = ws.min_row, ws.min_column
    max_row, max_col = ws.max_row, ws.max_column
    warning = ""
    n_cols = min(max_col - min_col + 1, MAX_COLS)
    rows_allowed = max(1, min(MAX_ROWS, budget // max(1, n_cols)))
    if max_row - min_row + 1 > rows_allowed or max_col - min_col + 1 > MAX_COLS:
        warning = (f"工作表“{title}”共 {max_row - min_row + 1} 行 {max_col - min_col + 1} 列，只读取了前 {rows_allowed} 行"
                   f"、{n_cols} 列，请核对原件")
        max_row, max_col = min(max_row, min_row + rows_allowed - 1), min_col + n_cols - 1
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        if rng.min_row > max_row or rng.min_col > max_col:
            continue
        merged[(rng.min_row, rng.min_col)] = (min(rng.max_row, max_row), min(rng.max_col, max_col))
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    widths = _col_widths(ws, min_col, max_col)
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    # Rows: the sheet's height, or what the row's lines need.
    texts: dict[tuple[int, int], tuple[str, float, str]] = {}
    heights: list[float] = []
    for r in range(min_row, max_row + 1):
        dim = ws.row_dimensions.get(r) if hasattr(ws.row_dimensions, "get") else None
        h = float(dim.height) if dim is not None and dim.height else DEFAULT_ROW
        for c in range(min_col, max_col + 1):
            if (r, c) in covered:
                continue
            cell = ws._cells.get((r, c))  # only cells the sheet holds: no cells are created by looking
            if cell is None:
                continue
            text = cell_text(cell.value, cell.number_format)
            if not text:
                continue
            size = float(cell.font.sz) if cell.font is not None and cell.font.sz else XLSX_SIZE
            align = (cell.alignment.horizontal or "left") if cell.alignment is not None else "left"
            texts[(r, c)] = (text, size, align)
            r2, c2 = merged.get((r, c), (r, c))
            if r2 == r:
                width = xs[c2 - min_col + 1] - xs[c - min_col] - 2 * CELL_PAD
                need = sum(_lines_needed(ln, size, width) for ln in text.split("\n")) * LINE * size + 2 * CELL_PAD
                h = max(h, need)
        heights.append(h)
    ys = [MARGIN]
    for h in heights:
        ys.append(ys[-1] + h)
    spans: list[Span] = []
    cells: list[Cell] = []
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            if (r, c) in covered:
                continue
            r2, c2 = merged.get((r, c), (r, c))
            box = (xs[c - min_col], ys[r - min_row], xs[c2 - min_col + 1], ys[r2 - min_row + 1])
            text, size, align = texts.get((r, c), ("", XLSX_SIZE, "left"))
            cells.append(Cell(row=r - min_row, col=c - min_col, bbox=box, text=text.replace("\n", ""),
                              row_span=r2 - r + 1, col_span=c2 - c + 1))
            if not text:
                continue
            ref = f"{get_column_letter(c)}{r}" + (f":{get_column_letter(c2)}{r2}" if (r2, c2) != (r, c) else "")
            ly = box[1] + CELL_PAD
            for ln in text.split("\n"):
                if not ln.strip():
                    continue
                a, b = _place(ln.strip(), size, box[0] + CELL_PAD, box[2] - CELL_PAD,
                              "center" if align in ("center", "centerContinuous") else
                              "right" if align == "right" else "left")
                spans.append(Span(text=ln.strip(), page=page_no, bbox=(a, ly, b, ly + size), confidence=1.0,
                                  source="office", ref=f"工作表“{title}” {ref}"))
                ly += LINE * size * _lines_needed(ln, size, box[2] - box[0] - 2 * CELL_PAD)
    tables = []
    if cells and spans:
        tables.append(Table(page=page_no, bbox=(xs[0], ys[0], xs[-1], ys[-1]), n_rows=max_row - min_row + 1,
                            n_cols=max_col - min_col + 1, cells=cells, source="office",
                            settings={"reader": "openpyxl", "sheet": title}))
    return PageText(page=page_no, width=max(PAGE_W, xs[-1] + MARGIN), height=max(PAGE_H, ys[-1] + MARGIN),
                    source="office", spans=spans, tables=tables, warning=warning,
                    reason=f"Excel 工作表“{title}”：按单元格读取（无需 OCR）")


def parse_xlsx(data: bytes, *, max_pages: int | None = None) -> Iterator[PageItem]:
    import warnings

    import openpyxl

    check_package(data, "xlsx")
    try:
        with warnings.catch_warnings():  # openpyxl warns about every extension it does not know
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:
        raise OfficeError(f"Excel 工作簿无法读取：结构异常（{type(exc).__name__}）") from exc
    limit = min(max_pages or MAX_PAGES, MAX_PAGES)
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    if len(visible) > limit:
        raise OfficeError(f"Excel 工作簿共 {len(visible)} 个工作表，超过 {limit} 个的上限，本文件未读取")
    if not visible:
        raise OfficeError("Excel 工作簿中没有可见的工作表，无法读取")
    pages: list[PageText] = []
    budget = MAX_CELLS
    skipped: list[str] = []
    for n, ws in enumerate(visible, start=1):
        if budget <= 0:
            skipped.append(ws.title)
            continue
        try:
            page = _sheet_page(ws, n, budget)
            budget -= sum(len(t.cells) for t in page.tables)
            pages.append(page)
        except MemoryError:
            raise
        except Exception as exc:  # one broken sheet: the others are still read
            pages.append(PageText(page=n, width=PAGE_W, height=PAGE_H, source="office",
                                  reason=f"本页无法读取：工作表“{ws.title}”结构异常（{type(exc).__name__}）"))
    notes = []
    if hidden:
        notes.append(f"工作簿含隐藏的工作表“{'”“'.join(hidden)}”，未读取，请核对原件")
    if skipped:
        notes.append(f"工作簿内容过多，工作表“{'”“'.join(skipped)}”未读取，请核对原件")
    if notes:
        pages[0].warning = "；".join(x for x in (pages[0].warning, *notes) if x)
    for page in pages:
        yield PageDone(page)


def parse_office(data: bytes, media_type: str, *, max_pages: int | None = None) -> Iterator[PageItem]:
    from pipeline.sniff import DOCX

    if media_type == DOCX:
        return parse_docx(data, max_pages=max_pages)
    return parse_xlsx(data, max_pages=max_pages)

