"""Evidence pictures for the case page, made on request from the stored originals and served behind the login.

An evidence item is named by its place in the draft: `a0` (applicant, first evidence), `k2-0` (third
eligibility check, first evidence), `c1-3` (second claim, fourth evidence). The crop and the whole page with
the box drawn come from `pipeline.render.evidence`, the same pictures as review.html. The pages a case needs
are rendered once per process and kept for the few cases looked at last.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import threading
from collections import OrderedDict

from models.draft import Evidence
from pipeline.render.evidence import PageCache, _fit, _highlight, _scaled_box, evidence_image
from pipeline.store import repo
from pipeline.store.db import Store

log = logging.getLogger(__name__)

REF = re.compile(r"^(a)(\d{1,3})$|^([kc])(\d{1,3})-(\d{1,3})$")
WHOLE_PAGE_W = 1100


def evidence_list(draft: dict, ref: str) -> Evidence | None:
    """The evidence a ref names in the draft, or None."""
    m = REF.match(ref or "")
    if not m:
        return None
    try:
        if m.group(1):
            raw = draft["applicant"]["evidence"][int(m.group(2))]
        elif m.group(3) == "k":
            raw = draft["eligibility"]["checks"][int(m.group(4))]["evidence"][int(m.group(5))]
        else:
            raw = draft["claims"][int(m.group(4))]["evidence"][int(m.group(5))]
    except (IndexError, KeyError):
        return None
    return Evidence.model_validate(raw)


def _rotations(draft: dict | None) -> dict[tuple[str, int], int]:
    """How the reader turned each page upright, as the case's current draft records it."""
    if not draft:
        return {}
    return {(d["file"], int(page)): deg for d in draft.get("documents", []) for page, deg in (d.get("rotations") or {}).items()}


class EvidenceService:
    def __init__(self, store: Store, keep: int = 4):
        self.store = store
        self.keep = keep
        self._cases: OrderedDict[str, tuple[PageCache, threading.Lock]] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def _pages(self, case_id: str) -> tuple[PageCache, threading.Lock]:
        """The case's pages, loaded once however many pictures the browser asks for at the same time."""
        with self._lock:
            if case_id in self._cases:
                self._cases.move_to_end(case_id)
                return self._cases[case_id]
            loading = self._loading.setdefault(case_id, threading.Lock())
        with loading:
            with self._lock:
                if case_id in self._cases:
                    return self._cases[case_id]
            packet = repo.load_packet(self.store, case_id)
            sources = {f.name: f.data for f in packet.files if f.data and not f.error}
            entry = (PageCache(sources, _rotations(repo.current_draft(self.store, case_id))), threading.Lock())
            with self._lock:
                self._cases[case_id] = entry
                self._loading.pop(case_id, None)
                while len(self._cases) > self.keep:
                    self._cases.popitem(last=False)
            return entry

    def crop(self, case_id: str, ev: Evidence) -> bytes | None:
        pages, lock = self._pages(case_id)
        with lock:
            pic = evidence_image(ev, pages)
        if not pic.crop:
            return None
        return base64.b64decode(pic.crop.split(",", 1)[1])

    def page(self, case_id: str, ev: Evidence) -> bytes | None:
        """The whole page with the evidence's box drawn, as a JPEG."""
        if ev.page is None:
            return None
        pages, lock = self._pages(case_id)
        with lock:
            got = pages.get(ev.file, ev.page)
        if isinstance(got, str):
            return None
        img, scale = got
        if ev.bbox is not None:
            box = _scaled_box(ev.bbox, scale, img.size)
            img = _highlight(img, box, max(3, int(round(img.width / 350))))
        img = _fit(img, WHOLE_PAGE_W)
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=82)
        return buf.getvalue()

