"""Randomised layout families of the documents in an application packet, for measuring extraction on layouts
that the extractors were not written from.

    python -m samples.families --out DIR [--set tune|report|all] [--seed N]

writes DIR/documents/<id>.<ext> and DIR/truth.yaml in the layout of the development corpus
(../shared/corpus/README.md; schema in schema.py), so the same benchmark reads both.

One module per document kind (business_licence, credit_report, award_certificate, award_notice, standard,
approval, certification, appointment, other), each with layout families of our own design; every family is
tagged in one table, catalog.FAMILIES. Families tagged `report` are held out: they are generated and measured,
but they are NEVER used to tune extraction — no rule, label variant or threshold may be written or adjusted
because a report-only document failed. The benchmark prints the tune and the report figure side by side.

Values (organisations in 上海/金山, USCCs with valid GB 32100 check characters, people, dates, numbers) are drawn
from the seed; the renderer draws every value of the truth on the page (checked at build time), so the truth
is also what a reader should find.
"""

from samples.families.catalog import FAMILIES, REPORT, TUNE, Family
from samples.families.make import DEFAULT_PER_FAMILY, DEFAULT_SEED, build_one, build_set, generate

__all__ = ["FAMILIES", "REPORT", "TUNE", "Family", "DEFAULT_PER_FAMILY", "DEFAULT_SEED", "build_one", "build_set",
           "generate"]
