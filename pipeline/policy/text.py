"""The policy text as citations quote it: PDF layout line breaks and stray spaces removed.

The PDF splits words and numbers across lines ("最高 50\n\n万元"); a citation quotes the sentence without
that layout. Whitespace between two ASCII letters or digits is kept as one space (so "ISO 9001" would
survive); any other whitespace goes.
"""

from __future__ import annotations

import re

from models.policy import chinese_number

_WHITESPACE = re.compile(r"\s+")
_ARTICLE_HEAD = re.compile(r"第([一二三四五六七八九十]+)条（")


def normalise(text: str) -> str:
    def keep_or_drop(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return " " if (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()) else ""

    return _WHITESPACE.sub(keep_or_drop, text)


def articles(normalised: str) -> dict[int, str]:
    """Article number -> its text (heading included), up to its last full stop before the next article."""
    numbers = {chinese_number(n): n for n in range(1, 100)}
    heads = [(m.start(), numbers[m.group(1)]) for m in _ARTICLE_HEAD.finditer(normalised)]
    out: dict[int, str] = {}
    for (start, number), nxt in zip(heads, heads[1:] + [(len(normalised), 0)]):
        if number in out:
            raise ValueError(f"article {number} appears twice in the policy text")
        chunk = normalised[start : nxt[0]]
        # A provision ends with its last full stop; what follows is layout (第二章附则, the issuing footer).
        stop = chunk.rfind("。")
        out[number] = chunk[: stop + 1] if stop >= 0 else chunk
    return out
