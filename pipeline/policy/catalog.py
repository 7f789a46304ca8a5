"""The loaded policy and the questions rules ask it, always "as of" a date."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from models.draft import Citation, PolicyRef
from models.policy import Item, Parameter, ParameterValue, PolicyHeader, StandardKind, chinese_number, citation_label
from pipeline.policy.errors import PolicyLookupError
from pipeline.policy.text import articles


class Policy:
    """A checked catalog. Built by `load_policy`; immutable (the models are frozen)."""

    def __init__(
        self,
        *,
        header: PolicyHeader,
        items: Iterable[Item],
        parameters: dict[str, Parameter],
        source_text: str,
        root: Path,
        standard_kinds: dict[str, StandardKind] | None = None,
    ) -> None:
        self.header = header
        self.items: tuple[Item, ...] = tuple(items)
        self.parameters = dict(parameters)
        self.source_text = source_text  # normalised: what citations quote
        self.root = root
        self.standard_kinds: dict[str, StandardKind] = dict(standard_kinds or {})
        self._by_id = {item.id: item for item in self.items}
        self._articles = articles(source_text)

    # What the policy is
    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return self.header.version

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def document_number(self) -> str:
        return self.header.document_number

    @property
    def in_force(self) -> tuple[date, date]:
        return self.header.in_force.start, self.header.in_force.end

    def is_in_force(self, as_of: date) -> bool:
        start, end = self.in_force
        return start <= as_of <= end

    def ref(self) -> PolicyRef:
        """The draft's `policy` field."""
        return PolicyRef(id=self.id, version=self.version, title=self.title, document_number=self.document_number)

    # Items
    def items_as_of(self, as_of: date) -> list[Item]:
        if not self.is_in_force(as_of):
            return []
        return [item for item in self.items if item.in_force(as_of)]

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise PolicyLookupError(f"no item {item_id!r} in policy {self.id}", key=item_id) from None

    def items_in_project(self, project: str, as_of: date | None = None) -> list[Item]:
        pool = self.items if as_of is None else self.items_as_of(as_of)
        return [item for item in pool if item.project == project]

    def aliases(self, as_of: date | None = None) -> dict[str, list[str]]:
        """Alias (and item name) -> ids of the items it may denote; one alias often fits several items."""
        pool = self.items if as_of is None else self.items_as_of(as_of)
        out: dict[str, list[str]] = {}
        for item in pool:
            for phrase in dict.fromkeys([item.name, *item.aliases]):
                out.setdefault(phrase, []).append(item.id)
        return out

    # Parameters
    def param(self, name: str, as_of: date) -> ParameterValue:
        """The value of a parameter on `as_of`, with its citation; an error if none is in force."""
        try:
            parameter = self.parameters[name]
        except KeyError:
            known = ", ".join(sorted(self.parameters))
            raise PolicyLookupError(f"no parameter {name!r}; known: {known}", key=name) from None
        for value in parameter.values:
            if value.in_force(as_of) and self.is_in_force(as_of):
                return value
        raise PolicyLookupError(f"parameter {name!r} has no value in force on {as_of.isoformat()}", key=name)

    def level_rank(self, level: str, as_of: date) -> int:
        """Position of a level in Art. 23(2)'s order, higher is better."""
        order = self.param("level_order", as_of).value
        if not isinstance(order, list) or level not in order:
            raise PolicyLookupError(f"level {level!r} is not in level_order {order!r}", key="level_order")
        return order.index(level)

    # Citations
    def citation_for(self, article: int, clause: int | None = None) -> Citation:
        """An article (or clause) with its text, for checks and caps that cite a whole provision.

        The clause text runs from its marker （N） to the next clause's marker; the last clause of an
        article runs to the article's end, so it may include a closing paragraph (e.g. Art. 14's rule
        on revisions)."""
        text = self._articles.get(article)
        if text is None:
            raise PolicyLookupError(f"no article {article} in the policy text", key=str(article))
        body = re.sub(r"^第[一二三四五六七八九十]+条（[^）]*）", "", text, count=1)
        if clause is not None:
            body = _clause_text(body, clause, article)
        return Citation(article=article, clause=clause, label=citation_label(article, clause), text=body)


def _clause_text(body: str, clause: int, article: int) -> str:
    marker = f"（{chinese_number(clause)}）"
    nxt = f"（{chinese_number(clause + 1)}）"
    start = body.find(marker)
    if start < 0:
        raise PolicyLookupError(f"article {article} has no clause {clause}", key=f"{article}.{clause}")
    end = body.find(nxt, start)
    return body[start + len(marker) : end if end >= 0 else len(body)]
