"""THE table of layout families: kind, tag, deliveries.

tag `tune`:   families extraction may be developed and tuned against.
tag `report`: held-out families. They are generated and measured, and the benchmark prints their figure beside
              the tune figure, but nobody looks at their misses to change extraction: never write a rule, a label
              variant or a threshold because a `report` document failed. A report figure that drops below the
              tune figure is the signal that the mechanism was fitted to the tune layouts.

Deliveries: `name` or `name@rotation`, rotation being 90/180/270 (the content turned clockwise), `any` (one of
0/90/180/270 drawn from the document's seed) or `land90`/`land270` (only the landscape pages of a multi-page
scan turned, as when an annex is scanned sideways). Document k of a family uses deliveries[k % len].
"""

from __future__ import annotations

from dataclasses import dataclass

TUNE, REPORT = "tune", "report"


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    tag: str
    deliveries: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    # business_licence
    Family("lic_label_column_right", "business_licence", TUNE, ("scan_jpg", "photo_jpg@any")),
    Family("lic_boxed_landscape", "business_licence", REPORT, ("text_pdf", "scan_pdf@90")),
    Family("lic_registry_print", "business_licence", TUNE, ("text_pdf", "scan_pdf")),
    Family("lic_copy_wrapped_margin", "business_licence", TUNE, ("copy_jpg", "copy_pdf@180")),
)


def by_name() -> dict[str, Family]:
    return {f.name: f for f in FAMILIES}
