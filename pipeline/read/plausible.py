"""Is a PDF text layer Chinese a person wrote, or a font's wrong mapping that merely looks like Chinese?

Some fonts map their glyphs to the wrong code points: the page shows 营业执照 while its text layer says something
else — rare characters (GB/T came out as 犌犅／犜), or common characters in an order no writer would use. Such a
layer passes the garbage test in `pdf.text_layer_verdict` (every character is valid Unicode) and was trusted.

The check here is cheap and runs on every text-layer page, so the text-layer path never needs OCR:

- the share of the page's CJK characters that are among the 3,755 most common (GB 2312 level 1): ≥ 0.96 on every
  text-layer page of the samples and the development corpus;
- the share of adjacent CJK pairs that occur inside a word of jieba's dictionary: 0.60–0.94 on real pages,
  0.05–0.09 on the same pages with their characters permuted (0.28 on a short licence permuted within itself).
  Below 0.35 the layer is implausible; 0.35–0.50 is suspicious.

`judge` says "ok", "suspicious" (the reader checks a few lines against OCR of the page image, see
`pipeline.read.verify`) or "implausible" (the layer is not used; the page is read by OCR).
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MIN_CJK = 20  # fewer CJK characters than this: too little to judge, trusted
COMMON_IMPLAUSIBLE, COMMON_SUSPICIOUS = 0.80, 0.90
PAIRS_IMPLAUSIBLE, PAIRS_SUSPICIOUS = 0.35, 0.50
ODD_SUSPICIOUS = 0.05
MIN_WORD_FREQ = 3  # dictionary words rarer than this do not count
_VERSION = "2"  # 2: pair codes in a .npy file


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_common(ch: str) -> bool:
    """Among the 3,755 level-1 characters of GB 2312 (rows 16–55)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def _is_odd(ch: str) -> bool:
    """Code points a writer does not type: private use, unassigned, compatibility ideographs, Kangxi radicals."""
    if ch.isspace():
        return False
    cat = unicodedata.category(ch)
    return cat in ("Co", "Cn") or "\uf900" <= ch <= "\ufaff" or "\u2f00" <= ch <= "\u2fdf"


def _cache_file() -> Path:
    root = os.environ.get("JINSHAN_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "jinshan-review"
    return base / "text-check" / f"pairs-v{_VERSION}-f{MIN_WORD_FREQ}.npy"


def _code(pair: str) -> int:
    return ord(pair[0]) << 21 | ord(pair[1])  # code points are below 2**21


class WordPairs:
    """The two-character sequences inside words of jieba's dictionary, as a sorted array of pair codes: it loads
    from disk in milliseconds (a set of its 270,000 strings took a tenth of a second to build, paid by every
    reader process at start)."""

    def __init__(self, codes: np.ndarray):
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, pair: str) -> bool:
        return self.count([pair]) == 1

    def count(self, pairs: list[str]) -> int:
        """How many of `pairs` are dictionary pairs."""
        if not pairs:
            return 0
        q = np.fromiter((_code(p) for p in pairs), dtype=np.uint64, count=len(pairs))
        at = np.searchsorted(self.codes, q).clip(0, len(self.codes) - 1)
        return int((self.codes[at] == q).sum())


@lru_cache(maxsize=1)
def word_pairs() -> WordPairs:
    """The dictionary pairs (built once from jieba's dictionary, then kept on disk)."""
    path = _cache_file()
    try:
        codes = np.load(path, allow_pickle=False)
        if codes.dtype == np.uint64 and codes.ndim == 1 and len(codes) > 1000:
            return WordPairs(codes)
    except (OSError, ValueError):
        pass
    import jieba

    pairs: set[str] = set()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2 or len(parts[0]) < 2 or not parts[1].isdigit() or int(parts[1]) < MIN_WORD_FREQ:
                continue
            w = parts[0]
            pairs.update(w[i:i + 2] for i in range(len(w) - 1))
    codes = np.unique(np.fromiter(map(_code, pairs), dtype=np.uint64, count=len(pairs)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npy")
        with os.fdopen(fd, "wb") as fh:
            np.save(fh, codes, allow_pickle=False)
        os.replace(tmp, path)
    except OSError:  # a read-only cache: built again next time
        pass
    return WordPairs(codes)


@dataclass(frozen=True)
class Plausibility:
    level: str  # ok / suspicious / implausible
    cjk: int
    common: float  # share of CJK characters that are common ones
    pairs: float  # share of adjacent CJK pairs found inside dictionary words
    odd: float  # share of odd code points among visible characters

    @property
    def reason(self) -> str:
        return (f"文字层字符异常（常用字占 {self.common:.0%}，可成词字对占 {self.pairs:.0%}，"
                f"异常码位占 {self.odd:.0%}）")


def judge(lines: list[str]) -> Plausibility:
    """How plausible the text of one page's lines is as written Chinese (see the module doc)."""
    visible = [ch for line in lines for ch in line if not ch.isspace()]
    odd = sum(map(_is_odd, visible)) / max(1, len(visible))
    cjk = [ch for ch in visible if is_cjk(ch)]
    if len(cjk) < MIN_CJK:
        return Plausibility("suspicious" if odd > ODD_SUSPICIOUS and len(visible) >= MIN_CJK else "ok",
                            len(cjk), 1.0, 1.0, odd)
    common = sum(map(is_common, cjk)) / len(cjk)
    # compare pairs only when the common-character test is inconclusive or passed: a layer of rare characters
    # is implausible already
    if common < COMMON_IMPLAUSIBLE:
        return Plausibility("implausible", len(cjk), common, 0.0, odd)
    known = word_pairs()
    seq = [line[i:i + 2] for line in lines for i in range(len(line) - 1) if is_cjk(line[i]) and is_cjk(line[i + 1])]
    pairs = known.count(seq) / len(seq) if seq else 1.0
    if pairs < PAIRS_IMPLAUSIBLE:
        level = "implausible"
    elif pairs < PAIRS_SUSPICIOUS or common < COMMON_SUSPICIOUS or odd > ODD_SUSPICIOUS:
        level = "suspicious"
    else:
        level = "ok"
    return Plausibility(level, len(cjk), common, pairs, odd)
