"""JSON views of store state for the admin API (orders with their parts, store summary)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from . import order_math
from .ids import gid
from .money import fmt_amount
from .order_models import Order
from .store import Store


def summary(store: Store) -> dict[str, Any]:
    """Counts and locations of a store (admin reset/seed/state answers)."""
    return {
        "locations": [
            {"id": gid("Location", loc.id), "name": loc.name, "primary": loc.is_primary}
            for loc in store.locations.values()
        ],
        "products": len(store.products),
        "variants": len(store.variants),
        "orders": len(store.orders),
    }


def order_state(store: Store, order: Order) -> dict[str, Any]:
    """Inspectable view of an order (lines, fulfilments, refunds, transactions, tags)."""
    return {
        "id": gid("Order", order.id),
        "name": order.name,
        "tags": order.tags,
        "note": order.note,
        "closed": order.closed,
        "cancelled": order.cancelled_at is not None,
        "financial_status": order_math.financial_status(order),
        "fulfillment_status": order_math.fulfillment_status(order),
        "currency": order.currency,
        "presentment_currency": order.presentment_currency,
        "total": fmt_amount(order_math.total_price(order, True)),
        "lines": [
            {
                "id": gid("LineItem", li.id),
                "sku": li.sku,
                "quantity": li.quantity,
                "current_quantity": li.current_quantity,
                "fulfilled": order_math.fulfilled_quantity(order, li),
                "unfulfilled": order_math.unfulfilled_quantity(order, li),
            }
            for li in order.line_items
        ],
        "fulfillment_orders": [
            {
                "id": gid("FulfillmentOrder", fo.id),
                "status": fo.status,
                "location_id": gid("Location", fo.location_id),
                "lines": [
                    {"line_item_id": gid("LineItem", fol.line_item_id), "remaining": fol.remaining_quantity}
                    for fol in fo.lines
                ],
            }
            for fo in order.fulfillment_orders
        ],
        "fulfillments": [
            {
                "id": gid("Fulfillment", f.id),
                "status": f.status,
                "location_id": gid("Location", f.location_id),
                "tracking": [asdict(t) for t in f.tracking],
                "lines": [
                    {"line_item_id": gid("LineItem", fl.line_item_id), "quantity": fl.quantity}
                    for fl in f.lines
                ],
            }
            for f in order.fulfillments
        ],
        "refunds": [
            {
                "id": gid("Refund", r.id),
                "note": r.note,
                "shipping": fmt_amount(r.shipping),
                "lines": [
                    {
                        "line_item_id": gid("LineItem", rl.line_item_id),
                        "quantity": rl.quantity,
                        "restock_type": rl.restock_type,
                    }
                    for rl in r.lines
                ],
            }
            for r in order.refunds
        ],
        "transactions": [
            {
                "id": gid("OrderTransaction", t.id),
                "kind": t.kind,
                "status": t.status,
                "gateway": t.gateway,
                "amount": fmt_amount(t.amount),
                "parent_id": gid("OrderTransaction", t.parent_id) if t.parent_id else None,
            }
            for t in order.transactions
        ],
    }
