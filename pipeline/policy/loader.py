"""Load a policy catalog directory into a `Policy`, or fail with the file and key at fault.

Layout of `pipeline/policies/<policy-id>/`:
    policy.yaml        what the policy is, when it holds (PolicyHeader)
    parameters.yaml    name -> Parameter (the cross-cutting rules)
    items/artNN.yaml   the items of article NN (ArticleFile)
    standards.yaml     kinds of standard code → the Art. 14 clause that pays them, or why not (StandardsFile)
    source.txt         the policy text every citation quotes
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.policy import ArticleFile, Item, Parameter, PolicyHeader, StandardKind, StandardsFile
from pipeline.policy.catalog import Policy
from pipeline.policy.errors import PolicyError
from pipeline.policy.text import normalise
from pipeline.policy.yaml_strict import read_yaml

POLICIES_DIR = Path(__file__).resolve().parent.parent / "policies"
DEFAULT_POLICY = "jinshan-quality-2025"

M = TypeVar("M", bound=BaseModel)

_PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ARTICLE_FILE = re.compile(r"^art(\d{2})\.yaml$")


_CURRENT: dict[str, tuple[tuple, Policy]] = {}


def current_policy(policy_id: str = DEFAULT_POLICY) -> Policy:
    """The catalog as it is on disk now, read again only when one of its files changed (a long-running worker
    picks up catalog edits; a batch does not re-parse the YAML for every packet)."""
    root = POLICIES_DIR / policy_id
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))
    cached = _CURRENT.get(policy_id)
    if cached is None or cached[0] != stamp:
        cached = _CURRENT[policy_id] = (stamp, load_policy(policy_id))
    return cached[1]


def load_policy(policy_id: str = DEFAULT_POLICY, *, path: Path | str | None = None) -> Policy:
    """Read and check a catalog: `policy_id` under pipeline/policies/, or the directory `path`."""
    root = Path(path) if path is not None else POLICIES_DIR / policy_id
    if not root.is_dir():
        raise PolicyError("no such policy catalog directory", file=root)

    header_file = root / "policy.yaml"
    header = _validate(PolicyHeader, read_yaml(header_file), header_file)
    source_file = root / header.source_text
    try:
        source = normalise(source_file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"cannot read the policy text: {exc}", file=header_file, key="source_text") from exc
    _check_quote(header.in_force.citation.text, source, header_file, "in_force.citation.text")

    parameters = _load_parameters(root / "parameters.yaml", source)
    items = _load_items(root / "items", header, source)
    standards = _load_standards(root / "standards.yaml", source, items)
    return Policy(header=header, items=items, parameters=parameters, source_text=source, root=root,
                  standard_kinds=standards)


def _load_standards(file: Path, source: str, items: list[Item]) -> dict[str, StandardKind]:
    """The kinds of standard, checked against the items: every kind an item pays exists, and every paid kind has
    items of its clause."""
    if not file.exists():
        if any(i.standard_kinds for i in items):
            raise PolicyError("items name standard kinds but there is no standards.yaml", file=file)
        return {}
    parsed = _validate(StandardsFile, read_yaml(file), file)
    for name, k in parsed.kinds.items():
        _check_quote(k.citation.text, source, file, f"kinds.{name}.citation.text")
        paying = [i for i in items if name in i.standard_kinds]
        if k.clause is not None and not paying:
            raise PolicyError(f"kind is paid under clause {k.clause} but no item names it", file=file,
                              key=f"kinds.{name}")
        if any(i.clause != k.clause for i in paying):
            raise PolicyError(f"items of another clause than {k.clause} name this kind", file=file, key=f"kinds.{name}")
    for i in items:
        for name in i.standard_kinds:
            if name not in parsed.kinds:
                raise PolicyError(f"item {i.id} names standard kind {name!r}, not in standards.yaml", file=file,
                                  key="kinds")
    return dict(parsed.kinds)


def _load_parameters(file: Path, source: str) -> dict[str, Parameter]:
    raw = read_yaml(file)
    if not isinstance(raw, dict):
        raise PolicyError("expected a mapping of parameter name to parameter", file=file)
    out: dict[str, Parameter] = {}
    for name, body in raw.items():
        if not isinstance(name, str) or not _PARAM_NAME.match(name):
            raise PolicyError("parameter names are snake_case", file=file, key=str(name))
        param = _validate(Parameter, body, file, prefix=name)
        for i, value in enumerate(param.values):
            _check_quote(value.citation.text, source, file, f"{name}.values[{i}].citation.text")
        out[name] = param
    return out


def _load_items(folder: Path, header: PolicyHeader, source: str) -> list[Item]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise PolicyError("no item files", file=folder)
    items: list[Item] = []
    seen: dict[str, Path] = {}
    for file in files:
        match = _ARTICLE_FILE.match(file.name)
        if not match:
            raise PolicyError("item files are named artNN.yaml", file=file)
        raw = read_yaml(file)
        article = _validate(ArticleFile, raw, file, ids=_raw_ids(raw))
        if article.article != int(match.group(1)):
            raise PolicyError(f"file holds article {article.article}", file=file, key="article")
        for i, item in enumerate(article.items):
            where = f"items[{i}] ({item.id})"
            if item.id in seen:
                raise PolicyError(f"item id already used in {seen[item.id].name}", file=file, key=f"{where}.id")
            seen[item.id] = file
            start, end = header.in_force.start, header.in_force.end
            if item.valid_from < start or (item.valid_to or end) > end:
                raise PolicyError(f"item dates fall outside the policy's {start}..{end}", file=file, key=where)
            _check_quote(item.citation.text, source, file, f"{where}.citation.text")
            items.append(item)
    return items


def _check_quote(quote: str, source: str, file: Path, key: str) -> None:
    # A citation that is not in the policy text is a paraphrase, and the draft would show it as the law.
    if normalise(quote) not in source:
        raise PolicyError(f"citation text not found in the policy text: {quote!r}", file=file, key=key)


def _raw_ids(raw: Any) -> dict[int, str]:
    items = raw.get("items") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return {}
    return {i: it["id"] for i, it in enumerate(items) if isinstance(it, dict) and isinstance(it.get("id"), str)}


def _validate(
    model: type[M], raw: Any, file: Path, *, prefix: str | None = None, ids: dict[int, str] | None = None
) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(first["loc"], prefix, ids or {})
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise PolicyError(f"{_message(first)}{more}", file=file, key=key or None) from exc


def _key_path(loc: tuple[Any, ...], prefix: str | None, ids: dict[int, str]) -> str:
    parts: list[str] = [prefix] if prefix else []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            label = f"[{part}]"
            if i > 0 and loc[i - 1] == "items" and part in ids:
                label += f" ({ids[part]})"
            parts[-1:] = [(parts[-1] if parts else "") + label]
        else:
            parts.append(str(part))
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    kinds = {"extra_forbidden": "unknown key", "missing": "required key is missing"}
    return kinds.get(error["type"], error["msg"])
