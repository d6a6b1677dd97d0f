"""Deprecated fields a document selects, named as Shopify's X-Shopify-API-Deprecated-Reason lists them.

Since 2025-04 that header lists the detected deprecations as `Type.field` names, e.g.
`Shop.products, Shop.productVariants` (https://shopify.dev/changelog/graphql-return-actual-deprecation-reasons).
"""

from __future__ import annotations

from functools import lru_cache

from graphql import DocumentNode, FieldNode, GraphQLSchema, TypeInfo, TypeInfoVisitor, Visitor, parse, visit
from graphql.type import get_named_type

from .schema import executable_schema


class _Collect(Visitor):
    def __init__(self, info: TypeInfo) -> None:
        super().__init__()
        self.info = info
        self.found: list[str] = []

    def enter_field(self, node: FieldNode, *_args: object) -> None:
        definition = self.info.get_field_def()
        parent = self.info.get_parent_type()
        if definition is not None and parent is not None and definition.deprecation_reason is not None:
            name = f"{get_named_type(parent).name}.{node.name.value}"
            if name not in self.found:
                self.found.append(name)


def deprecated_fields(schema: GraphQLSchema, document: DocumentNode) -> list[str]:
    """`Type.field` for every deprecated field the document selects, in document order."""
    info = TypeInfo(schema)
    collector = _Collect(info)
    visit(document, TypeInfoVisitor(info, collector))
    return collector.found


@lru_cache(maxsize=256)
def deprecated_in(version: str, query: str) -> tuple[str, ...]:
    """`deprecated_fields` of a valid query text under a version (cached: clients repeat documents)."""
    return tuple(deprecated_fields(executable_schema(version), parse(query)))
