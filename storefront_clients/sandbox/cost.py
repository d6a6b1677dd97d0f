"""Shopify-style query cost: requested (static, from page sizes) and actual (from the result).

Called by the executor for every operation. Rules (Shopify's documented ones, calibrated on the
captured `requestedQueryCost` values: 94 of 131 captured operations match exactly, the rest are
close): scalars and enums 0, objects 1, interfaces/unions the max of their branches, a mutation 10
flat plus what its payload's objects select below their first level, and a connection
2 + ceil(sqrt(page size) x per-node cost), so nested pages cost far less than `first x child`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    value_from_ast_untyped,
)

MUTATION_COST = 10
# A `Count` (productsCount, ordersCount …) costs 10: captures harry-test-heelo.myshopify.com/2026-04/
# bulk-operations/bulk-operation-run-query-group-objects.json (productsCount alone: 10) and
# 2025-01/orders/order-edit-residual-live-capture.json (order 1 + orders(first: 5) 5 + ordersCount 10).
COUNT_COST = 10
CONNECTION_BASE = 2
NODE_COST = 1


def _is_connection(type_name: str) -> bool:
    return type_name.endswith("Connection")


class _Walker:
    """Walks an operation with the schema, asking `sizer` how many items a list field holds."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def _fields(
        self, selection_set: SelectionSetNode | None, type_name: str
    ) -> list[tuple[str, list[FieldNode]]]:
        """Group selections: plain fields first, then one group per other type condition."""
        plain: list[FieldNode] = []
        branches: list[tuple[str, list[FieldNode]]] = []
        if selection_set is not None:
            for sel in selection_set.selections:
                if isinstance(sel, FieldNode):
                    plain.append(sel)
                    continue
                frag = (
                    sel if isinstance(sel, InlineFragmentNode) else self.fragments.get(sel.name.value)  # type: ignore[attr-defined]
                )
                if frag is None:
                    continue
                cond = frag.type_condition.name.value if frag.type_condition else type_name
                sub = self._fields(frag.selection_set, cond)
                if cond == type_name:
                    plain.extend(sub[0][1])
                    branches.extend(sub[1:])
                else:
                    branches.append((cond, [f for _t, group in sub for f in group]))
        return [(type_name, plain), *branches]

    def _arg(self, node: FieldNode, name: str) -> Any:
        for arg in node.arguments or ():
            if arg.name.value == name:
                return value_from_ast_untyped(arg.value, dict(self.variables))
        return None

    def page_size(self, node: FieldNode) -> int:
        """Requested page size of a connection or sized list (first/last, ids, else 1)."""
        for name in ("first", "last"):
            value = self._arg(node, name)
            if isinstance(value, int):
                return max(value, 0)
        ids = self._arg(node, "ids")  # nodes(ids:) is charged like a page of that many
        return len(ids) if isinstance(ids, list) else 1

    def payload_cost(self, selection_set: SelectionSetNode | None, type_name: str, data: Any) -> int:
        """Mutation payload: its direct objects are covered by the flat mutation cost."""
        total = 0
        for _cond, group in self._fields(selection_set, type_name):
            for node in group:
                cost = self.field_cost(node, type_name, data)
                total += max(0, cost - 1) if cost and not self._is_conn_field(node, type_name) else cost
        return total

    def _is_conn_field(self, node: FieldNode, type_name: str) -> bool:
        parent = self.schema.get_type(type_name)
        field_def = parent.fields.get(node.name.value) if isinstance(parent, GraphQLObjectType) else None
        return field_def is not None and _is_connection(get_named_type(field_def.type).name)

    def selection_cost(self, selection_set: SelectionSetNode | None, type_name: str, data: Any) -> int:
        """Cost of a selection set on a type; abstract branches cost their maximum."""
        groups = self._fields(selection_set, type_name)
        plain = sum(self.field_cost(f, type_name, data) for f in groups[0][1])
        extra = max((sum(self.field_cost(f, cond, data) for f in g) for cond, g in groups[1:]), default=0)
        return plain + extra

    def field_cost(self, node: FieldNode, parent_name: str, data: Any) -> int:
        """Cost of one field; `data` is the parent's result (None for the requested cost)."""
        parent = self.schema.get_type(parent_name)
        fields: Mapping[str, GraphQLField] = getattr(parent, "fields", {})
        field_def = fields.get(node.name.value)
        if field_def is None:
            return 0
        named = get_named_type(field_def.type)
        if is_leaf_type(named):
            return 0
        if named.name == "Count":
            return COUNT_COST
        key = node.alias.value if node.alias else node.name.value
        value = data.get(key) if isinstance(data, Mapping) else None
        actual = data is not None
        if actual and value is None:
            return 0
        if _is_connection(named.name):
            return self._connection_cost(node, named.name, value if actual else None, actual)
        is_list = isinstance(get_nullable_type(field_def.type), GraphQLList)
        if is_list:
            if actual:
                items = value if isinstance(value, list) else []
                return scaled_items([self._object_cost(node, named.name, item) for item in items])
            return scaled(self.page_size(node), self._object_cost(node, named.name, None))
        return self._object_cost(node, named.name, value if actual else None)

    def _object_cost(self, node: FieldNode, type_name: str, value: Any) -> int:
        type_for_value = type_name
        if isinstance(value, Mapping) and isinstance(value.get("__typename"), str):
            type_for_value = value["__typename"]
        return 1 + self.selection_cost(node.selection_set, type_for_value, value)

    def _connection_cost(self, node: FieldNode, conn_name: str, value: Any, actual: bool) -> int:
        conn = self.schema.get_type(conn_name)
        assert isinstance(conn, GraphQLObjectType)
        node_type = get_named_type(conn.fields["nodes"].type).name if "nodes" in conn.fields else ""
        per_item: list[int] = []
        for _cond, group in self._fields(node.selection_set, conn_name):
            for sub in group:
                if sub.name.value == "nodes":
                    costs = self._item_costs(sub, node_type, value, actual, "nodes", None)
                elif sub.name.value == "edges":
                    costs = self._edge_costs(sub, node_type, value, actual)
                else:
                    continue
                if sum(costs) > sum(per_item) or not per_item:
                    per_item = costs
        if not actual:
            return CONNECTION_BASE + scaled(self.page_size(node), max(per_item, default=NODE_COST))
        return CONNECTION_BASE + scaled_items(per_item)

    def _item_costs(
        self, sub: FieldNode, node_type: str, value: Any, actual: bool, key: str, inner_key: str | None
    ) -> list[int]:
        if not actual:
            return [NODE_COST + self.selection_cost(sub.selection_set, node_type, None)]
        items = value.get(sub.alias.value if sub.alias else key) if isinstance(value, Mapping) else None
        return [NODE_COST + self.selection_cost(sub.selection_set, node_type, item) for item in (items or [])]

    def _edge_costs(self, sub: FieldNode, node_type: str, value: Any, actual: bool) -> list[int]:
        for _cond, group in self._fields(sub.selection_set, ""):
            for inner in group:
                if inner.name.value != "node":
                    continue
                if not actual:
                    return [NODE_COST + self.selection_cost(inner.selection_set, node_type, None)]
                edges = (
                    value.get(sub.alias.value if sub.alias else "edges")
                    if isinstance(value, Mapping)
                    else None
                )
                key = inner.alias.value if inner.alias else "node"
                return [
                    NODE_COST + self.selection_cost(inner.selection_set, node_type, e.get(key))
                    for e in (edges or [])
                    if isinstance(e, Mapping)
                ]
        return [NODE_COST] * (len(value.get("edges") or []) if actual and isinstance(value, Mapping) else 1)


def scaled(count: int, per_item: int) -> int:
    """Charge for `count` items of a page: sublinear in the page size (calibrated, see module doc)."""
    if count <= 0:
        return 0
    return math.ceil(math.sqrt(count) * per_item)


def scaled_items(costs: list[int]) -> int:
    """Actual charge for returned items: the page formula over their mean cost."""
    if not costs:
        return 0
    return math.ceil(math.sqrt(len(costs)) * sum(costs) / len(costs))


def _root(schema: GraphQLSchema, op: OperationDefinitionNode) -> GraphQLObjectType:
    root = schema.mutation_type if op.operation.value == "mutation" else schema.query_type
    assert root is not None
    return root


def operation_cost(
    schema: GraphQLSchema,
    op: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
) -> int:
    """Requested cost (data None) or actual cost (data = the result) of an operation."""
    walker = _Walker(schema, fragments, variables)
    root = _root(schema, op)
    is_mutation = op.operation.value == "mutation"
    total = 0
    for _cond, group in walker._fields(op.selection_set, root.name):
        for node in group:
            if node.name.value.startswith("__"):
                continue
            if is_mutation:
                payload = data.get(node.alias.value if node.alias else node.name.value) if data else None
                total += MUTATION_COST + (
                    walker.payload_cost(
                        node.selection_set,
                        get_named_type(root.fields[node.name.value].type).name,
                        payload,
                    )
                    if node.name.value in root.fields and (data is None or payload is not None)
                    else 0
                )
            else:
                total += walker.field_cost(node, root.name, data if data is not None else None)
    return total
