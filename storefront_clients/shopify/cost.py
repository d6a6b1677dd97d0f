"""A-priori requested-cost estimate of a GraphQL document, used by the pacer and page sizing.

Shopify documents scalars and enums at 0, an object at 1, a connection at 2 plus its page size
times one node, a mutation at 10. Calibrated on the captured `requestedQueryCost` values (see
the tests: exact on most captures), the real charge differs in three ways this estimate follows:
money objects (`...Set { shopMoney presentmentMoney }`) are free; a nested connection is charged
once, not once per parent node; a plain list (`transactions(first:)`) costs one object; and a
mutation's payload objects are free. The estimate works on the document alone (no schema at run
time) and is corrected at run time by the costs Shopify reports (``pacer.CostBook``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
)

MUTATION_FIELD_COST = 10
CONNECTION_BASE_COST = 2
# Fields that are part of a connection's own price, not charged again.
_CONNECTION_PARTS = frozenset({"pageInfo", "cursor"})
_CONNECTION_WRAPPERS = frozenset({"edges", "nodes"})
_MONEY = frozenset({"shopMoney", "presentmentMoney"})
# Bulk-operation documents carry no page size; an unsized connection is priced at this size.
DEFAULT_PAGE = 10


@lru_cache(maxsize=128)
def parsed(document: str) -> DocumentNode:
    """The parsed document, cached: the client sends the same few documents all day."""
    return parse(document)


def estimate_cost(document: str, variables: Mapping[str, Any] | None = None) -> int:
    """Estimated requestedQueryCost of the document's (first) operation with these variables."""
    doc = parsed(document)
    fragments = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    estimator = _Estimator(fragments, dict(variables or {}))
    if operation.operation is OperationType.MUTATION:
        return sum(
            MUTATION_FIELD_COST
            + sum(estimator.children(p.selection_set) for p in estimator.fields(f.selection_set))
            for f in estimator.fields(operation.selection_set)
        )
    return estimator.children(operation.selection_set)


class _Estimator:
    """Walks a selection set with fragments inlined and variables substituted."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]) -> None:
        self._fragments = fragments
        self._variables = variables

    def fields(self, selection_set: SelectionSetNode | None) -> list[FieldNode]:
        """Direct fields of a selection set, fragment spreads flattened (max over type cases)."""
        if selection_set is None:
            return []
        result: list[FieldNode] = []
        for selection in selection_set.selections or ():
            if isinstance(selection, FieldNode):
                result.append(selection)
            elif isinstance(selection, FragmentSpreadNode):
                result.extend(self.fields(self._fragments[selection.name.value].selection_set))
            elif isinstance(selection, InlineFragmentNode):
                result.extend(self.fields(selection.selection_set))
        return result

    def children(self, selection_set: SelectionSetNode | None) -> int:
        """Cost of everything selected inside an object."""
        return sum(self.field(f) for f in self.fields(selection_set))

    def field(self, node: FieldNode) -> int:
        """Cost of one field: 0 for leaves and money, 1 + children for objects, sized connections."""
        if node.selection_set is None or node.name.value in _CONNECTION_PARTS:
            return 0
        if self._is_money(node):
            return 0
        batch = self._id_count(node)
        if batch is not None:
            # `nodes(ids:)`: priced like a connection of that many nodes, without its base.
            return self._sized(batch, self.fields(node.selection_set)) - CONNECTION_BASE_COST
        size = self._page_size(node)
        if size is None:
            return 1 + self.children(node.selection_set)
        elements = self._elements(node.selection_set)
        if elements is None:
            # A plain list with a `first` argument: priced like one object.
            return 1 + self.children(node.selection_set)
        return self._sized(size, elements)

    def _sized(self, size: int, elements: list[FieldNode]) -> int:
        """A connection of `size` nodes: nested connections are charged once, not per node."""
        flat = sum(self.field(f) for f in elements if self._page_size(f) is None)
        nested = sum(self.field(f) for f in elements if self._page_size(f) is not None)
        return CONNECTION_BASE_COST + size * (1 + flat) + nested

    def _is_money(self, node: FieldNode) -> bool:
        """A MoneyBag/MoneyV2 selection, which Shopify does not charge for."""
        if node.name.value in _MONEY:
            return True
        inner = self.fields(node.selection_set)
        return (
            bool(inner)
            and all(f.name.value in _MONEY or f.selection_set is None for f in inner)
            and any(f.name.value in _MONEY for f in inner)
        )

    def _elements(self, selection_set: SelectionSetNode) -> list[FieldNode] | None:
        """Fields selected on each node of a connection, or None for a plain list."""
        wrapped = [f for f in self.fields(selection_set) if f.name.value in _CONNECTION_WRAPPERS]
        if not wrapped:
            return None
        result: list[FieldNode] = []
        for wrapper in wrapped:
            inner = self.fields(wrapper.selection_set)
            if wrapper.name.value == "edges":
                inner = [n for f in inner if f.name.value == "node" for n in self.fields(f.selection_set)]
            result.extend(inner)
        return result

    def _id_count(self, node: FieldNode) -> int | None:
        """The number of ids of an `ids:` list argument, or None when the field has none."""
        for argument in node.arguments or ():
            if argument.name.value != "ids":
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                given = self._variables.get(value.name.value)
                return len(given) if isinstance(given, list) else DEFAULT_PAGE
            if isinstance(value, ListValueNode):
                return len(value.values)
        return None

    def _page_size(self, node: FieldNode) -> int | None:
        """The `first`/`last` argument's value, or None when the field is not paged."""
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self._variables.get(value.name.value)
                return int(given) if isinstance(given, int) else DEFAULT_PAGE
        if any(f.name.value in ("edges", "nodes") for f in self.fields(node.selection_set)):
            return DEFAULT_PAGE
        return None
