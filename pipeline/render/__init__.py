"""Writing a review draft: review.json (the contract), and the reviewer's renderings of the same data."""

from __future__ import annotations

import os
from pathlib import Path

from models.draft import ReviewDraft


def write_private(path: Path, data: bytes) -> None:
    """Writes atomically with owner-only permissions: drafts hold credit records and names."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def draft_json(draft: ReviewDraft) -> bytes:
    return (draft.model_dump_json(indent=2) + "\n").encode("utf-8")


def write_outputs(draft: ReviewDraft, folder: Path, formats=("json",), sources: dict | None = None,
                  rotations: dict | None = None) -> list[Path]:
    """`sources`: file name → uploaded bytes, for the evidence pictures in review.html; `rotations`:
    {(file, page): clockwise degrees} the reader turned pages (`pipeline.render.evidence.rotations_from_files`)."""
    paths = []
    for fmt in formats:
        if fmt == "json":
            path = folder / "review.json"
            write_private(path, draft_json(draft))
        elif fmt == "html":
            from pipeline.render.html import render_html

            path = folder / "review.html"
            write_private(path, render_html(draft, sources or {}, rotations).encode("utf-8"))
        elif fmt == "docx":
            from pipeline.render.docx import render_docx

            path = folder / "review.docx"
            write_private(path, render_docx(draft))
        else:
            raise ValueError(f"unknown format {fmt}")
        paths.append(path)
    return paths
