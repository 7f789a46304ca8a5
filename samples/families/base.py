"""What a family builder gets (a random source and the delivery's fonts) and returns (fields + pages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samples.families.canvas import Page
from samples.families.values import R

TEXT_LAYER_FACES = ("wqy-microhei", "wqy-zenhei", "ukai", "uming")
SCAN_FACES = ("noto-serif", "noto-sans", "wqy-microhei", "wqy-zenhei", "ukai", "uming")


@dataclass(frozen=True)
class Ctx:
    """The delivery the document will be written as, and the faces chosen for it (text layers need TrueType)."""

    delivery: str
    font: str  # body
    title_font: str  # headings
    hard: bool = False  # a hard scan (skew, blur, noise) rather than a clean one

    @property
    def text_layer(self) -> bool:
        return self.delivery == "text_pdf"


@dataclass
class Doc:
    fields: dict
    pages: list[Page]
    notes: str | None = None
    hints: dict | None = None


Builder = Callable[[R, Ctx], Doc]
BUILDERS: dict[str, Builder] = {}


def family(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under its family name (the family's kind and tag live in catalog.FAMILIES)."""

    def register(fn: Builder) -> Builder:
        if name in BUILDERS:
            raise ValueError(f"family {name!r} registered twice")
        BUILDERS[name] = fn
        return fn

    return register


def make_ctx(r: R, delivery: str) -> Ctx:
    faces = TEXT_LAYER_FACES if delivery == "text_pdf" else SCAN_FACES
    body = r.choice(faces)
    title = r.choice(faces if delivery == "text_pdf" else ("noto-serif-bold",) + SCAN_FACES)
    return Ctx(delivery, body, title, hard=r.chance(0.35))
