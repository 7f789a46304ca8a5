"""Tables on a page, from its ruling lines: a PDF's drawn rules (pdfplumber) or the lines of a scan (OpenCV).

A table is a grid of cells with boxes in page units; the text of a cell is every line inside it joined, so a cell
whose text wraps over two lines reads as one value. Tables drawn with horizontal rules only (web prints) get their
columns from the text (pdfplumber's "text" strategy); tables drawn with no rules at all are rebuilt from the
alignment of their lines by `pipeline.extract.aligned.aligned_tables`, from the header row (序号 …) and where the text under it starts.

The finder settings are recorded on every table (`Table.settings`), so a reviewer or a developer can see how it was
found.
"""

from __future__ import annotations

from models.reading import RULED, BBox, Cell, Span, Table

# pdfplumber: ruled tables first; a table with horizontal rules only is found with columns from the text.
PDF_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
             "join_tolerance": 3, "intersection_tolerance": 3}
PDF_HORIZONTAL_ONLY = {"vertical_strategy": "text", "horizontal_strategy": "lines", "snap_tolerance": 3,
                       "text_x_tolerance": 3, "min_words_vertical": 3}
MIN_CELLS = 4  # fewer cells than this is a box around a paragraph, not a table


def in_ruled_grid(page: int, bbox: BBox, tables: list[Table]) -> bool:
    """The box stands inside a ruled table of two rows and two columns or more on its page (a cell's value, not a
    title; a table inferred from aligned text is no grid)."""
    return any(t.page == page and t.n_rows >= 2 and t.n_cols >= 2 and t.source in RULED
               and t.bbox[0] - 1 <= bbox[0] and bbox[2] <= t.bbox[2] + 1
               and t.bbox[1] - 1 <= bbox[1] and bbox[3] <= t.bbox[3] + 1 for t in tables)


def _clean(text: str | None) -> str:
    return "".join((text or "").split("\n")).strip()


def pdf_tables(page, page_no: int) -> list[Table]:
    """The ruled tables of a text-layer page."""
    out: list[Table] = []
    try:
        found = page.find_tables(table_settings=PDF_RULED)
        source, settings = "pdf_rules", PDF_RULED
        if not found and len(page.horizontal_edges) >= 4:
            found = page.find_tables(table_settings=PDF_HORIZONTAL_ONLY)
            source, settings = "pdf_text_columns", PDF_HORIZONTAL_ONLY
    except Exception:  # a broken drawing never loses the page's text
        return []
    for t in found:
        cells: list[Cell] = []
        n_cols = 0
        try:
            grid = t.extract()
        except Exception:
            continue
        for r, row in enumerate(t.rows):
            texts = [_clean(x) for x in grid[r]] if r < len(grid) else []
            for c, box in enumerate(row.cells):
                if box is None:
                    continue
                text = texts[c] if c < len(texts) else ""
                cells.append(Cell(row=r, col=c, bbox=tuple(float(v) for v in box), text=text))
            n_cols = max(n_cols, len(row.cells))
        if len(cells) < MIN_CELLS:
            continue
        out.append(Table(page=page_no, bbox=tuple(float(v) for v in t.bbox), n_rows=len(t.rows), n_cols=n_cols,
                         cells=cells, source=source, settings=dict(settings)))
    return out


def _segments(mask, axis: int, min_len: int) -> list[tuple[float, float, float]]:
    """Rule segments of a morphology mask as (position across, start along, end along): a scanned rule is a
    staircase of short runs, so runs at nearly the same position that continue each other are joined."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    raw = []
    for x, y, w, h, _area in stats[1:]:
        if axis == 0 and w >= min_len:
            raw.append((y + h / 2, float(x), float(x + w)))
        elif axis == 1 and h >= min_len:
            raw.append((x + w / 2, float(y), float(y + h)))
    raw.sort()
    out: list[list[float]] = []
    for pos, a, b in raw:
        for seg in out:
            if abs(seg[0] - pos) <= 8 and a <= seg[2] + 40 and b >= seg[1] - 40:
                seg[0] = (seg[0] + pos) / 2
                seg[1], seg[2] = min(seg[1], a), max(seg[2], b)
                break
        else:
            out.append([pos, a, b])
    return [tuple(s) for s in out]


def image_tables(image, page_no: int, scale: float = 1.0) -> list[Table]:
    """Ruled tables of a page image: horizontal and vertical rules by morphology, cells between them.

    Rows are bounded by horizontal rules of about the same extent; in each row, the vertical rules that cross it
    bound its cells (so a merged cell spans columns). `scale` turns image pixels into page units (points for a
    rendered PDF page). Cells have no text yet: `fill_cells` puts the OCR lines into them.
    """
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    h, w = grey.shape
    bw = cv2.adaptiveThreshold(255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    hk, vk = max(25, w // 25), max(25, h // 60)
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    hlines = [s for s in _segments(horiz, 0, hk) if s[2] - s[1] >= 0.2 * w]
    vlines = _segments(vert, 1, vk)
    settings = {"h_kernel": hk, "v_kernel": vk, "threshold": "adaptive_mean_15", "min_rule": "0.2 page width"}
    groups: list[list[tuple[float, float, float]]] = []
    for line in sorted(hlines):
        g = groups[-1] if groups else None
        if g and abs(g[-1][1] - line[1]) < 0.04 * w and abs(g[-1][2] - line[2]) < 0.04 * w \
                and line[0] - g[-1][0] < 0.25 * h:
            g.append(line)
        else:
            groups.append([line])
    tables: list[Table] = []
    for g in groups:
        ys = [s[0] for s in g]
        inner = [v for v in vlines if min(s[1] for s in g) - 15 <= v[0] <= max(s[2] for s in g) + 15
                 and v[2] > ys[0] and v[1] < ys[-1]]
        # Row bands crossed by at least two vertical rules; a band crossed by none (a section bar, the gap
        # between two tables) ends one table.
        bands: list[list[tuple[float, float, list[int]]]] = [[]]
        for ya, yb in zip(ys, ys[1:]):
            mid = (ya + yb) / 2
            # A column rule runs through most of the row's height; a character's stroke does not.
            band = yb - ya
            bounds = _cluster(sorted(v[0] for v in inner if v[1] <= ya + 0.3 * band and v[2] >= yb - 0.3 * band), 10)
            if len(bounds) < 2:
                bands.append([])
                continue
            bands[-1].append((ya, yb, bounds))
        for rows in (part for band in bands for part in _split_at_bars(band)):
            t = _table(rows, page_no, scale, settings)
            if t is not None:
                tables.append(t)
    return tables


def _cluster(values: list[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(c) / len(c)) for c in out]


def _split_at_bars(rows: list[tuple[float, float, list[int]]]) -> list[list[tuple[float, float, list[int]]]]:
    """A one-cell row between rows that share no column rule is a section bar between two tables."""
    def inner(i: int) -> list[int]:
        return rows[i][2][1:-1]

    parts: list[list[tuple[float, float, list[int]]]] = [[]]
    for i, row in enumerate(rows):
        if len(row[2]) == 2 and 0 < i < len(rows) - 1:
            before, after = inner(i - 1), inner(i + 1)
            if before and after and not any(abs(a - b) <= 10 for a in before for b in after):
                parts.append([])
                continue
        parts[-1].append(row)
    return [p for p in parts if p]


def _table(rows: list[tuple[float, float, list[int]]], page_no: int, scale: float, settings: dict) -> Table | None:
    if not rows:
        return None
    # A scan's rules drift with its skew: column rules within 2% of the table's width are one rule.
    width = max(b[-1] for _, _, b in rows) - min(b[0] for _, _, b in rows)
    tol = max(10.0, 0.02 * width)
    xs_all = _cluster([x for _, _, b in rows for x in b], tol)
    cells: list[Cell] = []
    for r, (ya, yb, bounds) in enumerate(rows):
        for xa, xb in zip(bounds, bounds[1:]):
            col = max(0, sum(1 for v in xs_all if v < xa + tol) - 1)
            span = max(1, sum(1 for v in xs_all if xa + tol <= v < xb + tol))
            cells.append(Cell(row=r, col=col, col_span=span, bbox=(xa * scale, ya * scale, xb * scale, yb * scale)))
    if len(cells) < MIN_CELLS:
        return None
    x0, x1 = xs_all[0], xs_all[-1]
    return Table(page=page_no, bbox=(x0 * scale, rows[0][0] * scale, x1 * scale, rows[-1][1] * scale),
                 n_rows=len(rows), n_cols=max(1, len(xs_all) - 1), cells=cells, source="image_rules",
                 settings=settings)


def upright(image, clockwise: int):
    """The image turned the way the OCR turned it (clockwise degrees), so rules and OCR boxes share a frame."""
    return image.rotate(-clockwise, expand=True) if clockwise else image


def _inside(span: Span, box: BBox) -> bool:
    cx, cy = (span.bbox[0] + span.bbox[2]) / 2, (span.bbox[1] + span.bbox[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def fill_cells(tables: list[Table], spans: list[Span]) -> list[Table]:
    """Puts each line into the cell that holds its centre; a cell's lines are joined top to bottom."""
    out = []
    for t in tables:
        cells = []
        for c in t.cells:
            inside = sorted((s for s in spans if _inside(s, c.bbox)), key=lambda s: (s.bbox[1], s.bbox[0]))
            cells.append(c.model_copy(update={"text": "".join(s.text.strip() for s in inside)}))
        if sum(1 for c in cells if c.text) >= 2:
            out.append(t.model_copy(update={"cells": cells}))
    return out
