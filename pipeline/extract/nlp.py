"""A spaCy pipeline for Chinese that downloads nothing: spacy.blank("zh") plus rule components.

    nlp = build_nlp([("art5_china_quality_award", "中国质量奖"), ...])
    for ent in nlp(text).ents:
        ent.label_      # DATE, MONEY, USCC, STD_CODE, CERT_NO, LEVEL, RANK, or ITEM
        ent.ent_id_     # for ITEM: the catalog id the phrase came from
        ent._.value     # normalised value (date / (y, m) / int yuan / code / level / rank / item id)
        ent._.confidence, ent._.note

`doc.ents` cannot overlap, so an ITEM hides the LEVEL inside its name (上海市质量金奖); every match,
overlapping or not, is also kept in `doc.spans["extract"]`.

Segmentation: "char" (default) makes every character a token, so every regex match is a token span
exactly. "jieba" works offline too (its dictionary ships in the package; it writes a cache file under
the temp directory on first use); entity boundaries inside a jieba word are widened to the word.
"""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .amounts import find_amounts
from .certs import find_cert_numbers
from .codes import find_standard_codes
from .dates import find_dates
from .fuzzy import NEAR_MISS_THRESHOLD, PHRASE_MATCH_THRESHOLD, find_fuzzy
from .levels import find_levels, find_ranks
from .uscc import find_usccs

PATTERN_LABELS = ("DATE", "MONEY", "USCC", "STD_CODE", "CERT_NO", "LEVEL", "RANK")
ITEM_LABEL = "ITEM"
SPAN_KEY = "extract"

_FINDERS = (
    ("DATE", find_dates),
    ("MONEY", find_amounts),
    ("USCC", find_usccs),
    ("STD_CODE", find_standard_codes),
    ("CERT_NO", find_cert_numbers),
    ("LEVEL", find_levels),
    ("RANK", find_ranks),
)

for _name, _default in (("value", None), ("confidence", 1.0), ("note", ""), ("match", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


def _span(doc: Doc, start: int, end: int, label: str, mode: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode=mode)


class CatalogPhrases:
    """Exact matches through a PhraseMatcher, then OCR-tolerant matches through fuzzy.find_fuzzy.

    A fuzzy match ≥ PHRASE_MATCH_THRESHOLD counts as found; one between NEAR_MISS_THRESHOLD and that
    is kept with its lower score as confidence and a note, so a reviewer sees it instead of losing it.
    One phrase may denote several items (中国质量奖: the organisation and the individual award), so an
    ITEM span's value is the tuple of all their ids; `ent_id_` is the first of them.
    """

    def __init__(self, nlp: Language, phrases: tuple[tuple[str, str], ...]):
        self.ids: dict[str, tuple[str, ...]] = {}
        for item_id, phrase in phrases:
            self.ids[phrase] = tuple(sorted({*self.ids.get(phrase, ()), item_id}))
        self.matcher = PhraseMatcher(nlp.vocab)
        for phrase in self.ids:
            self.matcher.add(phrase, [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> list[Span]:
        # (start, end) -> (score, phrase); the best-scoring phrase for each window.
        candidates: dict[tuple[int, int], tuple[float, str]] = {}
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            candidates[(span.start_char, span.end_char)] = (100.0, doc.vocab.strings[match_id])
        for phrase in self.ids:
            for s, e, score in find_fuzzy(doc.text, phrase, NEAR_MISS_THRESHOLD):
                if candidates.get((s, e), (0.0, ""))[0] < score:
                    candidates[(s, e)] = (score, phrase)
        # A confident match beats a near miss; then the longer name (提名奖 over 奖), then the score.
        ranked = sorted(
            candidates.items(),
            key=lambda kv: (kv[1][0] >= PHRASE_MATCH_THRESHOLD, kv[0][1] - kv[0][0], kv[1][0], kv[1][1]),
            reverse=True,
        )
        taken: list[Span] = []
        used = bytearray(len(doc.text) + 1)
        for (s, e), (score, phrase) in ranked:
            if any(used[s:e]):
                continue
            span = _span(doc, s, e, ITEM_LABEL, "expand")
            if span is None:
                continue
            used[s:e] = b"\x01" * (e - s)
            ids = self.ids[phrase]
            span.id_ = ids[0]
            span._.value = ids
            span._.match = phrase
            span._.confidence = round(score / 100, 2)
            if score < 100:
                verdict = "近似匹配" if score >= PHRASE_MATCH_THRESHOLD else "疑似（名称不完全一致，请核对）"
                span._.note = f"“{doc.text[s:e]}”按OCR容错{verdict}“{phrase}”（相似度{score:.0f}）"
            taken.append(span)
        return taken


@Language.factory("extract_rules", default_config={"mode": "strict"})
def _make_rules(nlp: Language, name: str, mode: str):
    phrases = getattr(nlp, "_catalog_phrases", ())
    catalog = CatalogPhrases(nlp, phrases)

    def extract_rules(doc: Doc) -> Doc:
        spans = list(catalog(doc))
        for label, finder in _FINDERS:
            for m in finder(doc.text):
                span = _span(doc, m.start, m.end, label, mode)
                if span is None:
                    continue
                span._.value = m.value
                span._.confidence = m.confidence
                span._.note = m.note
                span._.match = m
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        # Items first so that on equal length the catalog name wins over a level keyword inside it.
        doc.ents = filter_spans(spans)
        return doc

    return extract_rules


_CACHE: dict[tuple, Language] = {}
_LOCK = Lock()


def build_nlp(phrases: Iterable[tuple[str, str]] = (), segmenter: str = "char") -> Language:
    """The pipeline for a catalog's (item id, phrase) pairs; built once per distinct phrase set."""
    key_phrases = tuple(sorted(set((str(i), str(p).strip()) for i, p in phrases if str(p).strip())))
    key = (key_phrases, segmenter)
    with _LOCK:
        if key not in _CACHE:
            if segmenter not in ("char", "jieba"):
                raise ValueError(f"unknown segmenter {segmenter!r}; known: 'char', 'jieba'")
            nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
            nlp._catalog_phrases = key_phrases  # read by the factory; not part of the config
            nlp.add_pipe("extract_rules", config={"mode": "strict" if segmenter == "char" else "expand"})
            _CACHE[key] = nlp
        return _CACHE[key]


def phrases_from_policy(policy, as_of=None) -> list[tuple[str, str]]:
    """(item id, phrase) for every catalog item's name and aliases (items in force on `as_of` if given)."""
    out = []
    for item in policy.items if as_of is None else policy.items_as_of(as_of):
        for phrase in (item.name, *getattr(item, "aliases", ())):
            if phrase:
                out.append((item.id, phrase))
    return out
