"""Is every value of a truth entry drawn on its document? One check for the drawing lists (at build time, every
delivery) and for text layers read back with pdfplumber (tests/test_families.py).

A page is read as runs of text with positions. A value is found when it occurs, ignoring whitespace, in
* the reading order (lines top to bottom, runs left to right, all pages joined), or
* a column: runs starting at the same x on consecutive lines (a table cell or a value wrapped under itself).
ISO dates are found in any printed style (values.date_forms); a value joined with 、 (joint issuers) is found
when each part is; fields that are classifications rather than printed text (level, kind of committee …) and
the normalised standard code (its printed form is `code_as_printed`) are not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from samples.families.values import date_forms

_ISO = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_WS = re.compile(r"\s+")

NOT_PRINTED = {"level", "recipient_kind", "subject_kind", "certification_type", "serious", "year"}
NOT_PRINTED_BY_KIND = {"approval": {"kind"}, "standard": {"code"}}


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float  # top
    size: float
    text: str


def _squash(s: str) -> str:
    return _WS.sub("", s)


class Reading:
    """The texts of a document as the checker searches them."""

    def __init__(self, runs: Iterable[Run]):
        runs = sorted(runs, key=lambda r: (r.page, round(r.y / 2), r.x))
        lines: list[list[Run]] = []
        for r in runs:
            if lines and lines[-1][0].page == r.page and abs(lines[-1][0].y - r.y) <= max(2.0, r.size * 0.3):
                lines[-1].append(r)
            else:
                lines.append([r])
        self.text = "".join(_squash(r.text) for line in lines for r in sorted(line, key=lambda r: r.x))
        self.columns = self._columns(runs)

    @staticmethod
    def _columns(runs: list[Run]) -> list[str]:
        """Runs at one x on consecutive lines; a chain that ends a page is also joined to the next page's chain at
        that x with its first runs (a repeated table header) left out — a row split at a page end."""
        out = []
        by_x: dict[int, list[Run]] = {}
        for r in runs:
            by_x.setdefault(round(r.x), []).append(r)
        for group in by_x.values():
            group.sort(key=lambda r: (r.page, r.y))
            chains = [[group[0]]]
            for r in group[1:]:
                prev = chains[-1][-1]
                if r.page == prev.page and r.y - prev.y <= 2.4 * r.size:
                    chains[-1].append(r)
                else:
                    chains.append([r])
            texts = ["".join(_squash(c.text) for c in ch) for ch in chains]
            out += texts
            for a, b in zip(chains, chains[1:]):
                if b[0].page == a[-1].page + 1:
                    out += [texts[chains.index(a)] + "".join(_squash(c.text) for c in b[k:]) for k in range(4)]
        return [c for c in out if c]

    def has(self, value: str) -> bool:
        v = _squash(value)
        return v in self.text or any(v in c for c in self.columns)


def _found(reading: Reading, value: str) -> bool:
    if _ISO.fullmatch(value):
        return any(reading.has(f) for f in date_forms(value))
    if reading.has(value):
        return True
    parts = [p for p in value.split("、") if p]
    return len(parts) > 1 and all(reading.has(p) for p in parts)


def _leaves(kind: str, fields: dict, path: str = ""):
    skip = NOT_PRINTED | NOT_PRINTED_BY_KIND.get(kind, set())
    for k, v in fields.items():
        if k in skip:
            continue
        p = f"{path}{k}"
        if isinstance(v, str):
            yield p, v
        elif isinstance(v, list):
            for i, item in enumerate(v):
                if isinstance(item, str):
                    yield f"{p}[{i}]", item
                elif isinstance(item, dict):
                    yield from _leaves(kind, item, f"{p}[{i}].")


def missing(kind: str, fields: dict, runs: Iterable[Run]) -> list[str]:
    """The string values of `fields` not found on the document, as 'path: value'."""
    reading = Reading(runs)
    return [f"{p}: {v}" for p, v in _leaves(kind, fields) if not _found(reading, v)]


def runs_of_pages(pages) -> list[Run]:
    """Runs from canvas pages (the drawing lists)."""
    return [Run(n, t.x, t.y, t.size, t.text) for n, p in enumerate(pages) for t in p.texts]


def runs_of_pdf(path) -> list[Run]:
    """Runs from a PDF's text layer: pdfplumber words, spaces kept inside them (a code such as "GB/T 1—2024"
    is one run, as it was drawn)."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            for w in page.extract_words(x_tolerance=2, y_tolerance=2, keep_blank_chars=True):
                out.append(Run(n, float(w["x0"]), float(w["top"]), float(w["bottom"] - w["top"]), w["text"]))
    return out
