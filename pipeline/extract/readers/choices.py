"""Fields whose value is one of a kind's named choices (certification kinds, appointment roles, TC/SC/WG)."""

from __future__ import annotations

import re

from models.facts import Fact
from pipeline.extract.values import squash


def choose(r, spec, text: str | None = None, head_first: bool = True) -> Fact | None:
    """The choice whose phrase appears first in the document's head (its first third), else anywhere."""
    full = r.text if text is None else text
    compact = squash(full.replace("\n", "").replace("\t", ""))
    zones = [compact[: max(120, len(compact) // 3)], compact] if head_first else [compact]
    for zone in zones:
        best = None
        for value, phrases in spec.choices.items():
            for p in phrases:
                i = zone.find(squash(p))
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, value, p)
        if best is not None:
            i, value, p = best
            m = re.search(re.escape(p[:4]), full)
            ev = r.evidence(m.start(), m.end()) if m else []
            return Fact(value=value, evidence=ev)
    return None
