"""Extraction patterns: dates, amounts, 统一社会信用代码, standard codes, certificate numbers, levels,
ranks, OCR-tolerant names, and the spaCy pipeline that puts them on `doc.ents`.

Each finder takes a text and returns matches with `text`, `start`, `end`, a normalised `value`, a
`confidence` (1.0 exact, lower after an OCR correction or a fuzzy match) and a Chinese `note`.
"""

from ._text import Match, fold
from .amounts import find_amounts
from .certs import CertNumber, find_cert_numbers
from .codes import Replaces, StandardCode, find_replaces, find_standard_codes
from .dates import DateMatch, find_dates, find_years
from .fuzzy import best_match, find_fuzzy, ocr_similarity, same_organization
from .levels import LEVEL_ORDER, find_levels, find_ranks
from .uscc import UsccResult, check_uscc, find_usccs

__all__ = [
    "LEVEL_ORDER",
    "CertNumber",
    "DateMatch",
    "Match",
    "Replaces",
    "StandardCode",
    "UsccResult",
    "best_match",
    "check_uscc",
    "find_amounts",
    "find_cert_numbers",
    "find_dates",
    "find_fuzzy",
    "find_levels",
    "find_ranks",
    "find_replaces",
    "find_standard_codes",
    "find_usccs",
    "find_years",
    "fold",
    "ocr_similarity",
    "same_organization",
]
