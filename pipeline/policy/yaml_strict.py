"""YAML reading that refuses what a lenient reader would silently accept.

Duplicate keys are an error (PyYAML keeps the last one). Dates stay strings, so that the models can
insist on ISO dates and name the key of one that is not (PyYAML would turn 2025-04-01 into a date but
leave 2025/04/01 a string, and pydantic would then accept either).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.policy.errors import PolicyError


# libyaml's parser where PyYAML was built with it: the pure-Python one takes a tenth of a second for the kind
# registry, which every command that classifies a page waits for. Constructing and resolving stay PyYAML's.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):
    pass


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise PolicyError(
                f"duplicate key (line {line}, first at line {seen[key]})", file=key_node.start_mark.name,
                key=str(key)
            )
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise PolicyError(f"not valid YAML: {exc}", file=path) from exc
    except OSError as exc:
        raise PolicyError(f"cannot read: {exc}", file=path) from exc
