"""Shopify's rules for a bulk query document (bulkOperationRunQuery refuses others as INVALID)."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    GraphQLObjectType,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
    validate,
)

# shopify.dev "Perform bulk operations with the GraphQL Admin API" (Limitations): five connections.
MAX_CONNECTIONS = 5
# Same page: "Maximum of two levels deep for nested connections".
MAX_DEPTH = 2


def _connections(
    schema: Any,
    sel: SelectionSetNode | None,
    type_name: str,
    depth: int,
    out: list[tuple[str, int, FieldNode, bool]],
) -> None:
    """Collect (name, depth, node, parent-selects-id) for every connection field."""
    gql_type = schema.get_type(type_name)
    if sel is None or not isinstance(gql_type, GraphQLObjectType):
        return
    has_id = any(
        isinstance(s, FieldNode) and s.name.value == "id" and s.alias is None for s in sel.selections
    )
    for s in sel.selections:
        if not isinstance(s, FieldNode) or s.name.value not in gql_type.fields:
            continue
        named = get_named_type(gql_type.fields[s.name.value].type)
        if named.name.endswith("Connection"):
            out.append((s.name.value, depth + 1, s, has_id))
            conn = schema.get_type(named.name)
            node_type = get_named_type(conn.fields["edges"].type) if "edges" in conn.fields else None
            for edge_sel in s.selection_set.selections if s.selection_set else []:
                if (
                    isinstance(edge_sel, FieldNode)
                    and edge_sel.name.value == "edges"
                    and edge_sel.selection_set
                ):
                    for n in edge_sel.selection_set.selections:
                        if isinstance(n, FieldNode) and n.name.value == "node" and node_type is not None:
                            edge_type = schema.get_type(node_type.name)
                            _connections(
                                schema,
                                n.selection_set,
                                get_named_type(edge_type.fields["node"].type).name,
                                depth + 1,
                                out,
                            )
        else:
            _connections(schema, s.selection_set, named.name, depth, out)


def check_bulk_query(schema: Any, text: str) -> str | None:
    """Return Shopify's INVALID message for a bulk query, or None when it is acceptable."""
    try:
        doc = parse(text)
    except GraphQLSyntaxError as exc:
        return f"Invalid bulk query: {exc.message}"
    errors = validate(schema, doc)
    if errors:
        return f"Invalid bulk query: {errors[0].message}"
    ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    if not ops or ops[0].operation.value != "query":
        return "Invalid operation type. Only `query` operations are supported."
    roots = [s for s in ops[0].selection_set.selections if isinstance(s, FieldNode)]
    if any(r.name.value == "node" for r in roots):
        return "Bulk queries cannot contain a top level `node` field."
    found: list[tuple[str, int, FieldNode, bool]] = []
    _connections(schema, ops[0].selection_set, "QueryRoot", 0, found)
    if not found:
        return "Bulk queries must contain at least one connection."
    if len(found) > MAX_CONNECTIONS:
        return "Bulk queries cannot contain more than 5 connections."
    if any(depth > MAX_DEPTH for _n, depth, _f, _i in found):
        return "Bulk queries cannot contain connections with a nesting depth greater than 2."
    via_nodes = [
        name
        for name, _d, f, _i in found
        if f.selection_set
        and any(isinstance(s, FieldNode) and s.name.value == "nodes" for s in f.selection_set.selections)
    ]
    if via_nodes:
        names = ", ".join(f"'{n}'" for n in via_nodes)
        return (
            "All connection fields in a bulk query must select their contents using 'edges' > 'node', "
            f"e.g: '{via_nodes[0]} {{ edges {{ node {{'. Selecting via 'nodes' is not supported. "
            f"Invalid connection fields: {names}."
        )
    missing_id = [name for name, depth, _f, has_id in found if depth > 1 and not has_id]
    if missing_id:
        return (
            "The parent 'node' field for a nested connection must select the 'id' field without an alias "
            f"and must be of 'ID' return type. Connection fields without 'id': {', '.join(missing_id)}."
        )
    return None
