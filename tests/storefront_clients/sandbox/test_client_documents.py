"""Every GraphQL document of the Shopify client executes cleanly against the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storefront_clients.sandbox import Store
from storefront_clients.sandbox.order_models import Order
from storefront_clients.shopify import documents
from tests.support.gql import Gql

SIZES = {
    "lineItemsFirst": 50,
    "transactionsFirst": 10,
    "fulfillmentsFirst": 5,
    "fulfillmentLinesFirst": 20,
    "shippingLinesFirst": 5,
}


SIZE_S = {"optionName": "Size", "name": "S"}


def _order(store: Store, name: str) -> Order:
    return next(o for o in store.orders.values() if o.name == name)


def _gid(kind: str, num: int) -> str:
    return f"gid://shopify/{kind}/{num}"


FACTS = {"fulfillmentOrdersFirst": 5}


def _variables(store: Store) -> dict[str, Callable[[], dict[str, Any]]]:
    """Realistic variables per operation name (built lazily: some depend on earlier state)."""
    variant = store.variant_by_sku("SBX-00001-S")[0]
    item = _gid("InventoryItem", variant.inventory_item_id)
    location = _gid("Location", store.primary_location.id)
    paid, auth, manual, partial = (_order(store, n) for n in ("#1001", "#1004", "#1005", "#1006"))
    fo = partial.fulfillment_orders[0]
    sale = paid.transactions[0]
    line = paid.line_items[0]
    refund_lines = [{"lineItemId": _gid("LineItem", line.id), "quantity": 1, "restockType": "CANCEL"}]
    return {
        "ShopInfo": lambda: {"first": 10},
        "AppScopes": dict,
        "NewestOrder": dict,
        "VariantsBySku": lambda: {"first": 50, "query": "sku:SBX-00001-S OR sku:SBX-00002-M"},
        "VariantsPage": lambda: {"first": 50},
        "BulkVariants": dict,
        "BulkOrders": dict,
        "RecentBulkOperations": dict,
        "BulkRunQuery": lambda: {"query": documents.BULK_VARIANTS_QUERY},
        "BulkOperationPoll": lambda: {"id": _gid("BulkOperation", max(store.bulk_operations))},
        "ProductSet": lambda: {
            "identifier": {"handle": "doc-check"},
            "variantsFirst": 10,
            "input": {
                "title": "Doc check",
                "productOptions": [{"name": "Size", "values": [{"name": "S"}]}],
                "variants": [{"sku": "DOC-S", "price": "5.00", "optionValues": [SIZE_S]}],
            },
        },
        "InventorySetQuantities": lambda: {
            "key": "doc-check",
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": item,
                        "locationId": location,
                        "quantity": 12,
                        "changeFromQuantity": None,
                    }
                ],
            },
        },
        "InventoryLevels": lambda: {"ids": [item], "locationId": location},
        "OrdersPage": lambda: {"first": 10, "query": "status:any", **SIZES},
        "OrderFactsPage": lambda: {"first": 50, "query": "updated_at:>='2020-01-01T00:00:00Z'", **FACTS},
        "OrderFactsById": lambda: {"ids": [_gid("Order", paid.id)], **FACTS},
        "WebhookSubscriptions": lambda: {"first": 10},
        "WebhookSubscriptionCreate": lambda: {
            "topic": "ORDERS_CREATE",
            "uri": "https://example.com/webhooks/shopify",
        },
        "FulfillmentOrderOwners": lambda: {"ids": [_gid("FulfillmentOrder", paid.fulfillment_orders[0].id)]},
        "OrdersById": lambda: {"ids": [_gid("Order", paid.id), _gid("Order", partial.id)], **SIZES},
        "OrderLineItemsPage": lambda: {"id": _gid("Order", paid.id), "first": 1},
        "OrderLists": lambda: {
            "id": _gid("Order", paid.id),
            "transactionsFirst": 250,
            "fulfillmentsFirst": 250,
            "fulfillmentLinesFirst": 20,
        },
        "FulfillmentOrderMove": lambda: {
            "id": _gid("FulfillmentOrder", _order(store, "#1012").fulfillment_orders[-1].id),
            "newLocationId": _gid("Location", store.primary_location.id),
            "fulfillmentOrderLineItems": None,
        },
        "FulfillmentLinesPage": lambda: {
            "id": _gid("Fulfillment", next(f.id for o in store.orders.values() for f in o.fulfillments)),
            "first": 1,
        },
        "OrderIdsByQuery": lambda: {"query": "name:#1001", "first": 5},
        "OrderIdsById": lambda: {"ids": [_gid("Order", paid.id), "gid://shopify/Order/404404"]},
        "TagsAdd": lambda: {"id": _gid("Order", paid.id), "tags": ["retailops"]},
        "OrderEditBegin": lambda: {"id": _gid("Order", paid.id), "first": 10},
        "OrderEditSetQuantity": lambda: {
            "id": _gid("CalculatedOrder", max(store.edit_sessions)),
            "lineItemId": _gid("CalculatedLineItem", line.id),
            "quantity": line.current_quantity - 1,
            "restock": True,
        },
        "OrderEditAddVariant": lambda: {
            "id": _gid("CalculatedOrder", max(store.edit_sessions)),
            "variantId": _gid("ProductVariant", variant.id),
            "quantity": 1,
            "locationId": location,
        },
        "OrderEditCommit": lambda: {"id": _gid("CalculatedOrder", max(store.edit_sessions)), **SIZES},
        "OrderCancel": lambda: {
            "orderId": _gid("Order", manual.id),
            "reason": "CUSTOMER",
            "restock": True,
            "refundMethod": {"originalPaymentMethodsRefund": True},
        },
        "Job": lambda: {"id": next(iter(store.jobs))},
        "FulfillmentOrders": lambda: {
            "id": _gid("Order", partial.id),
            "first": 5,
            "fulfillmentOrderLinesFirst": 20,
        },
        "FulfillmentOrderLinesPage": lambda: {"id": _gid("FulfillmentOrder", fo.id), "first": 1},
        "OrderShipping": lambda: {
            "id": _gid("Order", partial.id),
            "lineItemsFirst": 50,
            "fulfillmentsFirst": 5,
            "fulfillmentLinesFirst": 10,
            "fulfillmentOrdersFirst": 5,
            "fulfillmentOrderLinesFirst": 20,
        },
        "OrderLineIdsPage": lambda: {"id": _gid("Order", paid.id), "first": 1},
        "OrderStatesById": lambda: {
            "ids": [_gid("Order", paid.id), _gid("Order", partial.id)],
            "fulfillmentsFirst": 5,
        },
        "OrderFulfillments": lambda: {
            "id": _gid("Order", partial.id),
            "fulfillmentsFirst": 50,
            "fulfillmentLinesFirst": 10,
        },
        "FulfillmentCreate": lambda: {
            "linesFirst": 10,
            "fulfillment": {
                "lineItemsByFulfillmentOrder": [
                    {
                        "fulfillmentOrderId": _gid("FulfillmentOrder", fo.id),
                        "fulfillmentOrderLineItems": [
                            {"id": _gid("FulfillmentOrderLineItem", fo.lines[0].id), "quantity": 1}
                        ],
                    }
                ],
                "trackingInfo": {"company": "UPS", "number": "1ZDOC"},
                "notifyCustomer": False,
            },
        },
        "FulfillmentTrackingInfoUpdate": lambda: {
            "fulfillmentId": _gid("Fulfillment", partial.fulfillments[-1].id),
            "trackingInfoInput": {"company": "FedEx", "number": "42"},
        },
        "OrderClose": lambda: {"input": {"id": _gid("Order", partial.id)}},
        "OrderCapture": lambda: {
            "input": {
                "id": _gid("Order", auth.id),
                "parentTransactionId": _gid("OrderTransaction", auth.transactions[0].id),
                "amount": str(auth.transactions[0].amount),
                "currency": "USD",
            }
        },
        "OrderMarkAsPaid": lambda: {"input": {"id": _gid("Order", _order(store, "#1010").id)}},
        "SuggestedRefund": lambda: {
            "id": _gid("Order", paid.id),
            "refundLineItems": refund_lines,
            "refundShipping": True,
        },
        "OrderRefunds": lambda: {"id": _gid("Order", paid.id), "first": 50},
        "RefundCreate": lambda: {
            "key": "doc-refund",
            "input": {
                "orderId": _gid("Order", paid.id),
                "refundLineItems": refund_lines,
                "transactions": [
                    {
                        "orderId": _gid("Order", paid.id),
                        "parentId": _gid("OrderTransaction", sale.id),
                        "amount": "1.00",
                        "gateway": sale.gateway,
                        "kind": "REFUND",
                    }
                ],
            },
        },
    }


async def test_every_client_document_runs_without_errors(gql: Gql, store: Store) -> None:
    factories = _variables(store)
    missing = set(documents.ALL) - set(factories)
    assert not missing, f"new client documents need variables here: {sorted(missing)}"
    for name, document in documents.ALL.items():
        if name in ("BulkVariants", "BulkOrders"):  # bulk query bodies: run by bulkOperationRunQuery
            ran = await gql(documents.BULK_RUN_QUERY, {"query": document})
            assert ran["data"]["bulkOperationRunQuery"]["userErrors"] == [], (name, ran)
            continue
        body = await gql(document, factories[name]())
        assert "errors" not in body, (name, body.get("errors"))
        payload = next(iter(body["data"].values()))
        if isinstance(payload, dict):
            errors = payload.get("userErrors") or payload.get("orderCancelUserErrors") or []
            assert errors == [], (name, errors)
