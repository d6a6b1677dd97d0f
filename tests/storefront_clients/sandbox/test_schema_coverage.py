"""Every argument-free non-null leaf field of the modelled types resolves (answers stay schema-valid)."""

from __future__ import annotations

from graphql import GraphQLNonNull, get_named_type, is_leaf_type

from storefront_clients.sandbox import Store
from storefront_clients.sandbox.schema import executable_schema
from tests.support.gql import Gql


def _leaves(type_name: str) -> str:
    gql_type = executable_schema("2026-07").get_type(type_name)
    names = [
        name
        for name, f in gql_type.fields.items()  # type: ignore[union-attr]
        if not f.deprecation_reason
        and not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values())
        and is_leaf_type(get_named_type(f.type))
        and isinstance(f.type, GraphQLNonNull)
    ]
    return " ".join(names)


async def test_non_null_leaves_of_modelled_types(gql: Gql, store: Store) -> None:
    order = next(o for o in store.orders.values() if o.name == "#1006")
    query = f"""{{
      shop {{ {_leaves("Shop")} }}
      location {{ {_leaves("Location")} }}
      productVariants(first: 2) {{ nodes {{ {_leaves("ProductVariant")}
        product {{ {_leaves("Product")} }}
        inventoryItem {{ {_leaves("InventoryItem")}
          inventoryLevels(first: 2) {{ nodes {{ {_leaves("InventoryLevel")} }} }} }}
      }} }}
      order(id: "gid://shopify/Order/{order.id}") {{ {_leaves("Order")}
        customer {{ {_leaves("Customer")} }}
        lineItems(first: 5) {{ nodes {{ {_leaves("LineItem")} }} }}
        shippingLines(first: 5) {{ nodes {{ {_leaves("ShippingLine")} }} }}
        transactions {{ {_leaves("OrderTransaction")} }}
        fulfillments {{ {_leaves("Fulfillment")}
          fulfillmentLineItems(first: 5) {{ nodes {{ {_leaves("FulfillmentLineItem")} }} }} }}
        fulfillmentOrders(first: 5) {{ nodes {{ {_leaves("FulfillmentOrder")}
          lineItems(first: 5) {{ nodes {{ {_leaves("FulfillmentOrderLineItem")} }} }} }} }}
      }}
    }}"""
    body = await gql(query)
    assert "errors" not in body, body["errors"][:3]
    assert body["data"]["order"]["name"] == "#1006"
