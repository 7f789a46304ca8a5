"""The registry of document kinds: one YAML file per kind in this folder, read by one strict loader.

    from pipeline.kinds import kind, kinds
    kind("business_licence").label      # 营业执照
    kind("business_licence").fields["uscc"].labels

Classification (cues), extraction (fields and their printed labels), decisions (which field holds the holder and
which the date), renderers (labels), the benchmark (fields compared) and the samples (truth types) all read this
registry. An unknown kind is a `KindError` that lists the known ones; a file with an unknown key is a `KindError`
naming the file and the key, like the policy catalog's loader.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from models.kinds import DocumentKind
from pipeline.policy.errors import PolicyError
from pipeline.policy.yaml_strict import read_yaml

__all__ = ["KindError", "KINDS_DIR", "kind", "kinds", "kind_names", "label", "load_kinds", "of_role", "seal_labels", "seal_titles"]

KINDS_DIR = Path(__file__).resolve().parent


class KindError(PolicyError):
    """A kind file that cannot be loaded, or a kind that does not exist."""


def load_kinds(folder: Path = KINDS_DIR) -> dict[str, DocumentKind]:
    out: dict[str, DocumentKind] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            raw = read_yaml(path)
        except PolicyError as exc:
            raise KindError(exc.message, file=path, key=exc.key) from exc
        try:
            k = DocumentKind.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"]) or None
            msg = {"extra_forbidden": "unknown key", "missing": "required key is missing"}.get(first["type"],
                                                                                               first["msg"])
            raise KindError(msg, file=path, key=key) from exc
        if k.kind != path.stem:
            raise KindError(f"kind '{k.kind}' must match its file name", file=path, key="kind")
        out[k.kind] = k
    if not out:
        raise KindError("no kind files", file=folder)
    return out


@lru_cache(maxsize=1)
def _registry() -> dict[str, DocumentKind]:
    return load_kinds()


def kinds() -> dict[str, DocumentKind]:
    return dict(_registry())


def kind_names() -> tuple[str, ...]:
    return tuple(_registry())


def kind(name: str) -> DocumentKind:
    try:
        return _registry()[name]
    except KeyError:
        raise KindError(f"unknown document kind '{name}'; known kinds: {', '.join(sorted(_registry()))}") from None


def label(name: str | None) -> str:
    """The reviewer's word for a kind; an unregistered name is shown as it is."""
    if not name:
        return "—"
    k = _registry().get(name)
    return k.label if k else name


def of_role(role: str) -> tuple[str, ...]:
    return tuple(n for n, k in _registry().items() if k.role == role)


def _sealed() -> list[DocumentKind]:
    """The kinds with a field a seal may fill (`seal: true`)."""
    return [k for k in kinds().values() if any(f.seal for f in k.fields.values())]


def seal_labels() -> tuple[str, ...]:
    """The printed labels of fields a seal may fill: a page that prints one has its seals read."""
    return tuple(sorted({lb for k in _sealed() for f in k.fields.values() if f.seal for lb in f.labels}))


def seal_titles() -> tuple[str, ...]:
    """The titles of kinds with a field a seal may fill: a page titled so has its seals read even where the label
    is lost (the seal stands over it)."""
    return tuple(sorted({c for k in _sealed() for c in k.title_cues}))
