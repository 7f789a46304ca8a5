"""Levels (国家级, 市级 …) and award ranks (一等奖 …)."""

from __future__ import annotations

import re

from ._text import Match, fold

# Longest keyword first so "国家级" wins over "国家". Spaces from OCR are allowed between characters.
LEVEL_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("国际级", "international"),
    ("国际", "international"),
    ("国家级", "national"),
    ("全国", "national"),
    ("国家", "national"),
    ("省部级", "municipal"),
    ("省级", "municipal"),
    ("上海市", "municipal"),
    ("市级", "municipal"),
    ("本市", "municipal"),
    ("金山区", "district"),
    ("区级", "district"),
    ("本区", "district"),
)
LEVEL_ORDER = {"district": 1, "municipal": 2, "national": 3, "international": 4}


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


_LEVEL = re.compile("|".join(f"(?P<k{i}>{_spaced(w)})" for i, (w, _) in enumerate(LEVEL_KEYWORDS)))


def find_levels(text: str) -> list[Match]:
    """Level keywords; value is international | national | municipal | district.

    This finds words, not facts: "上海市" in an address is found too. Callers read the level next to
    an award or item name (the catalog item usually fixes it already).
    """
    out = []
    for m in _LEVEL.finditer(fold(text)):
        i = int(m.lastgroup[1:])
        out.append(Match(text=text[m.start() : m.end()], start=m.start(), end=m.end(), value=LEVEL_KEYWORDS[i][1]))
    return out


RANKS = {"特": 0, "一": 1, "壹": 1, "1": 1, "二": 2, "贰": 2, "2": 2, "三": 3, "叁": 3, "3": 3,
         "四": 4, "肆": 4, "4": 4, "五": 5, "伍": 5, "5": 5}
# "-" stands for 一 misread as a dash (一 and — look the same); the folded text has '-' for every dash.
_RANK = re.compile(r"(?P<r>[特一壹二贰三叁四肆五伍1-5\-])\s*等\s*奖")
RANK_DASH_CONFIDENCE = 0.8


def find_ranks(text: str) -> list[Match]:
    """Award ranks; value: 0 for 特等奖, 1 for 一等奖, 2 for 二等奖 …"""
    out = []
    for m in _RANK.finditer(fold(text)):
        r = m.group("r")
        if r == "-":
            value, conf, note = 1, RANK_DASH_CONFIDENCE, f"按OCR常见混淆将“{text[m.start()]}”读作“一”"
        else:
            value, conf, note = RANKS[r], 1.0, ""
        out.append(Match(text=text[m.start() : m.end()], start=m.start(), end=m.end(), value=value, confidence=conf, note=note))
    return out
