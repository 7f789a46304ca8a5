"""Pieces several families share: spaced labels, signature blocks under a seal, red headers, running heads."""

from __future__ import annotations

from samples.families.canvas import GREY, INK, RED, Sheet, width


def quoted(name: str) -> str:
    """An honour in quotation marks, unless its name already carries them (上海市企业标准“领跑者”)."""
    return name if "“" in name else f"“{name}”"


def spaced(label: str, n: int) -> str:
    """A label padded to n characters with ideographic spaces between its characters (名　　称)."""
    if len(label) >= n:
        return label
    gaps = len(label) - 1
    if gaps == 0:
        return label
    total = n - len(label)
    out = ""
    for k, ch in enumerate(label):
        out += ch
        if k < gaps:
            out += "\u3000" * (total // gaps + (1 if k < total % gaps else 0))
    return out


def signature(s: Sheet, lines: list[str], y: float, size: float, leading: float, *, seal: str | None,
              x1: float | None = None, align: str = "right", r: float = 44.0, seal_dx: float = 0.0,
              font: str | None = None) -> float:
    """Issuer and date lines (right-aligned at x1, or centred on x1 when align='center'); a seal over them."""
    x1 = s.right - 20 if x1 is None else x1
    spans = []
    for k, line in enumerate(lines):
        if align == "center":
            w = width(line, size, font or s.font)
            spans.append(s.put(line, x1 - w / 2, y + k * leading, size, font=font))
        else:
            spans.append(s.put(line, None, y + k * leading, size, "right", x1=x1, font=font))
    if seal:
        cx = (min(a for a, _ in spans) + max(b for _, b in spans)) / 2 + seal_dx
        cy = y + (len(lines) - 1) * leading / 2 + size / 2
        s.seal(cx, cy, r, seal)
    return y + len(lines) * leading


def red_head(s: Sheet, issuer_line: str, y: float, doc_no: str | None, *, size: float = 26, font: str,
             star: bool = True, spacing: float = 2.0) -> float:
    """A 红头: the issuer's name in large red type, the 文号 centred, a red rule (with a star in the middle)."""
    s.put(issuer_line, None, y, size, "center", font=font, color=RED, spacing=spacing)
    y += size + 22
    if doc_no:
        s.put(doc_no, None, y, 12, "center")
        y += 22
    mid = s.w / 2
    if star:
        s.hline(s.left, mid - 12, y, 1.6, RED)
        s.hline(mid + 12, s.right, y, 1.6, RED)
        s.put("★", mid - 6, y - 6, 12, color=RED)
    else:
        s.hline(s.left, s.right, y, 1.6, RED)
    return y + 24


def print_header(text_left: str, text_right: str, size: float = 8.0):
    """A browser's print header: page title left, time right, a thin rule."""

    def header(s: Sheet, n: int) -> float:
        s.put(text_left, 28, 18, size, color=GREY)
        s.put(text_right, None, 18, size, "right", x1=s.w - 28, color=GREY)
        return s.top

    return header


def page_footer(style: str, size: float = 9.0, prefix: str = ""):
    """Footers with the page number: '第 1 页 共 3 页', '- 1 -', '1/3'."""

    def footer(s: Sheet, n: int, total: int) -> None:
        text = {"cn": f"第 {n} 页 共 {total} 页", "dash": f"- {n} -", "slash": f"{n}/{total}",
                "cn2": f"第{n}页/共{total}页"}[style]
        s.put(prefix + text, None, s.h - 34, size, "center", color=GREY if style != "dash" else INK)

    return footer


def running_head(left: str, right: str, size: float = 9.0, rule: bool = True):
    """A running head on every page (report number, code of a standard) with a rule under it."""

    def header(s: Sheet, n: int) -> float:
        y = 34
        if left:
            s.put(left, None, y, size, color=GREY)
        if right:
            s.put(right, None, y, size, "right", color=GREY)
        if rule:
            s.hline(s.left, s.right, y + size + 4, 0.5, GREY)
        return max(s.top, y + size + 20)

    return header
