"""A document's text with helpers that turn regex matches into facts carrying their evidence."""

from __future__ import annotations

import re

from models.draft import Evidence
from models.facts import Fact
from models.reading import DocumentText
from pipeline.read.layout import TextView

# Separators between a label and its value: colons, a table gap, or nothing at all (OCR drops them).
SEP = r"[ \t]*[:：]?[ \t]*"
LINE_VALUE = r"[^\n\t\f]+"


def span_evidence(file: str, s) -> Evidence:
    """Where a span was read. Word and Excel files have no pages: their evidence names the place in the file
    (`location`) instead of a page and a box."""
    if s.source == "office":
        return Evidence(file=file, page=None, text=s.text, bbox=None, confidence=s.confidence, source="office",
                        location=s.ref)
    return Evidence(file=file, page=s.page, text=s.text, bbox=s.bbox, confidence=s.confidence, source=s.source)


class DocReader:
    def __init__(self, doc: DocumentText):
        from pipeline.extract.geometry import page_rows

        self.doc = doc
        self.view = TextView(doc.spans)
        self.text = self.view.text
        self.rows = page_rows(doc.spans)
        self.tables = list(doc.tables)

    @property
    def compact(self) -> str:
        """The text without line breaks and cell gaps: sentences and names that wrap read as one string.
        Offsets in it map back to the text through `compact_fact`."""
        if not hasattr(self, "_compact"):
            self._keep = [i for i, ch in enumerate(self.text) if ch not in "\n\f\t"]
            self._compact = "".join(self.text[i] for i in self._keep)
        return self._compact

    def compact_fact(self, value, start: int, end: int, confidence: float = 1.0, note: str | None = None) -> Fact:
        """A fact found at [start, end) of `compact`, with the evidence of the spans it came from."""
        self.compact  # noqa: B018 - builds the offset map
        if end <= start or start >= len(self._keep):
            return Fact(value=value, confidence=confidence, note=note)
        return self.fact(value, self._keep[start], self._keep[min(end, len(self._keep)) - 1] + 1, confidence, note)

    def fact_spans(self, value, spans, confidence: float = 1.0, note: str | None = None) -> Fact:
        """A fact whose evidence is these spans (read by geometry rather than by an offset in the text)."""
        ev = [span_evidence(self.doc.file, s) for s in spans]
        reader_conf = min((e.confidence for e in ev), default=1.0)
        return Fact(value=value, confidence=round(min(confidence, reader_conf), 3), evidence=ev, note=note or None)

    def cell_evidence(self, page: int, bbox, text: str) -> list[Evidence]:
        spans = [s for s in self.doc.spans if s.page == page and bbox[0] <= (s.bbox[0] + s.bbox[2]) / 2 <= bbox[2]
                 and bbox[1] <= (s.bbox[1] + s.bbox[3]) / 2 <= bbox[3]]
        if spans:
            return [span_evidence(self.doc.file, s) for s in spans]
        source = self.doc.spans[0].source if self.doc.spans else None
        if source == "office":
            return [Evidence(file=self.doc.file, page=None, text=text, confidence=1.0, source="office")]
        return [Evidence(file=self.doc.file, page=page, text=text, bbox=tuple(bbox), confidence=1.0, source=source)]

    def evidence(self, start: int, end: int) -> list[Evidence]:
        return [span_evidence(self.doc.file, s) for s in self.view.spans_for(start, end)]

    def fact(self, value, start: int, end: int, confidence: float = 1.0, note: str | None = None) -> Fact:
        ev = self.evidence(start, end)
        reader_conf = min((e.confidence for e in ev), default=1.0)
        return Fact(value=value, confidence=round(min(confidence, reader_conf), 3), evidence=ev, note=note or None)

    def after(self, labels: str, value: str = LINE_VALUE, clean=None) -> Fact | None:
        """The value that follows one of the labels (a regex alternation) on the same line."""
        m = re.search(rf"(?:{labels}){SEP}(?P<v>{value})", self.text)
        if not m:
            return None
        v = m.group("v").strip()
        if clean:
            v = clean(v)
        if not v:
            return None
        return self.fact(v, m.start("v"), m.end("v"))

    def section(self, heading: str) -> tuple[int, int] | None:
        """Offsets of a numbered section (三、行政处罚信息 …) up to the next numbered heading."""
        m = re.search(rf"[一二三四五六七八九十]+、\s*{heading}[^\n]*\n", self.text)
        if not m:
            return None
        nxt = re.compile(r"\n[一二三四五六七八九十]+、|\n说明[:：]").search(self.text, m.end() - 1)
        return m.end(), (nxt.start() if nxt else len(self.text))

    def lines(self, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, text) of every line in a range of the text."""
        out = []
        end = len(self.text) if end is None else end
        for m in re.finditer(r"[^\n\f]+", self.text[start:end]):
            out.append((start + m.start(), start + m.end(), m.group()))
        return out
