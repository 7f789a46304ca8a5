"""review.html: one self-contained page for the reviewer — applicant, checks, claims with the evidence cropped
from the uploaded pages and the box highlighted, Art. 23 caps in order, the total, the documents, and blank
fields for the reviewer's decision and signature. No external CSS, JS, fonts or images."""

from __future__ import annotations

from functools import lru_cache

from models.draft import Evidence, ReviewDraft
from pipeline.render import labels as L
from pipeline.render.evidence import EvidenceImage, PageCache, Rotations, evidence_image

@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("pipeline.render", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    return env.get_template("review.html.j2")


def render_html(draft: ReviewDraft, sources: dict[str, bytes] | None = None, rotations: Rotations | None = None) -> str:
    """The page as a string. `sources`: file name → uploaded bytes (for the evidence pictures);
    `rotations`: {(file, page): clockwise degrees the reader turned the page} (see `rotations_from_files`)."""
    if rotations is None:
        from pipeline.render.evidence import rotations_from_draft

        rotations = rotations_from_draft(draft)
    pages = PageCache(sources or {}, rotations)
    memo: dict[tuple, EvidenceImage] = {}

    def pics(evidence: list[Evidence]) -> list[tuple[Evidence, EvidenceImage]]:
        out = []
        for e in evidence:
            key = (e.file, e.page, e.bbox)
            if key not in memo:
                memo[key] = evidence_image(e, pages)
            out.append((e, memo[key]))
        return out

    declared_items = draft.declared.items if draft.declared else []
    ev_sets = [draft.applicant.evidence] + [c.evidence for c in draft.eligibility.checks] + \
        [c.evidence for c in draft.claims] + [i.evidence for i in declared_items]
    for evs in ev_sets:
        pics(evs)
    # Whole pages are embedded once each, as CSS backgrounds; each evidence overlays its box in percentages.
    page_class: dict[tuple[str, int], str] = {}
    for pic in memo.values():
        if pic.page and pic.page not in page_class:
            page_class[pic.page] = f"pg{len(page_class) + 1}"
    page_css = [(cls, pages.page_uri(*key)) for key, cls in page_class.items()]

    accepted = [c for c in draft.claims if c.status == "accepted"]
    review = [c for c in draft.claims if c.status == "needs_review"]
    ctx = dict(
        d=draft,
        L=L,
        art=L.article_label,
        page_class=page_class,
        page_css=page_css,
        claim_names={c.claim_id: c.item for c in draft.claims},
        applicant_name=draft.applicant.name or "（未识别）",
        applicant_evidence=pics(draft.applicant.evidence),
        checks=[(c, pics(c.evidence)) for c in draft.eligibility.checks],
        claims=[(c, pics(c.evidence)) for c in draft.claims],
        n_accepted=len(accepted),
        n_rejected=sum(1 for c in draft.claims if c.status == "rejected"),
        n_review=len(review),
        review_sum=sum(c.amount_yuan for c in review),
        before_caps=_before_caps(draft),
        declared_rows=[(i, pics(i.evidence)) for i in declared_items],
    )
    return _template().render(**ctx)


def _before_caps(draft: ReviewDraft) -> int:
    """What the claims came to before Art. 23: those accepted plus those a cap step (not the annual cap) rejected."""
    capped = {cid for s in draft.caps if s.rule != "annual_cap" for cid in s.claim_ids}
    return sum(c.amount_yuan for c in draft.claims if c.status == "accepted" or (c.status == "rejected" and c.claim_id in capped))
