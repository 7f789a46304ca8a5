"""Documents for the extraction tests: text-layer PDFs (reportlab, a TrueType CJK font) read by the project's own
reader, split, typed and extracted — the path a real upload takes, without OCR."""

from __future__ import annotations

from datetime import date

from pipeline.classify import split_and_classify
from pipeline.extract.documents import extract_facts
from pipeline.intake import _file
from pipeline.policy import load_policy
from pipeline.read import read_file
from tests.pdfmaker import text_pdf

_POLICY = None


def policy():
    global _POLICY
    if _POLICY is None:
        _POLICY = load_policy()
    return _POLICY


def read_lines(lines: list[tuple[float, float, str]], name: str = "doc.pdf", size: float = 14):
    """The documents of a one-page text PDF with these (x, y-from-top, text) lines."""
    ft = read_file(_file(name, text_pdf([lines], size=size)))
    return split_and_classify(ft)


def facts_of(lines, kind: str | None = None, names=(), size: float = 14, as_of=date(2025, 12, 31)):
    """The extracted values of the (first) document, typed as `kind` when given."""
    doc = read_lines(lines, size=size)[0]
    if kind is not None:
        doc = doc.model_copy(update={"type": kind})
    f = extract_facts(doc, policy(), as_of, list(names))
    return f, {k: v.value for k, v in f.fields.items()}
