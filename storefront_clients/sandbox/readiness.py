"""Test controls for what makes an order wait: risk levels, fulfilment holds, schedules (admin API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .order_models import FulfillmentHold, Order
from .store import Store
from .webhooks import emit_fulfillment_orders, emit_order

RISK_LEVELS = ("NONE", "LOW", "MEDIUM", "HIGH", "PENDING")
# Source: shopify.dev enums/FulfillmentHoldReason.
HOLD_REASONS = (
    "AWAITING_PAYMENT",
    "AWAITING_RETURN_ITEMS",
    "HIGH_RISK_OF_FRAUD",
    "INCORRECT_ADDRESS",
    "INVENTORY_OUT_OF_STOCK",
    "ONLINE_STORE_POST_PURCHASE_CROSS_SELL",
    "OTHER",
    "UNKNOWN_DELIVERY_DATE",
)


def find_order(store: Store, name: str) -> Order:
    """The order with this name (#1001), or a ValueError."""
    for order in store.orders.values():
        if order.name == name:
            return order
    raise ValueError(f"no order named {name!r}")


def apply(store: Store, data: dict[str, Any]) -> Order:
    """Set an order's risk levels, hold or release its fulfilment orders, or schedule them."""
    order = find_order(store, str(data.get("name") or ""))
    if "risk_levels" in data:
        levels = [str(x) for x in data["risk_levels"]]
        bad = [lvl for lvl in levels if lvl not in RISK_LEVELS]
        if bad:
            raise ValueError(f"unknown risk levels {bad}; expected {RISK_LEVELS}")
        # Source: shopify.dev mutations/orderRiskAssessmentCreate (an app adds an assessment per level).
        order.risk_levels = levels
        emit_order(store, "orders/risk_assessment_changed", order)
    live = [fo for fo in order.fulfillment_orders if fo.status not in ("CLOSED", "CANCELLED")]
    if data.get("hold"):
        reason = str(data["hold"])
        if reason not in HOLD_REASONS:
            raise ValueError(f"unknown hold reason {reason!r}; expected one of {HOLD_REASONS}")
        # Source: shopify.dev mutations/fulfillmentOrderHold (the fulfillment order becomes ON_HOLD;
        # since 2025-01 several holds may be active at once).
        for fo in live:
            fo.holds.append(FulfillmentHold(store.next_id("FulfillmentHold"), reason, None))
            fo.status = "ON_HOLD"
            fo.updated_at = store.now()
        emit_fulfillment_orders(store, "fulfillment_orders/placed_on_hold", order)
    if data.get("release"):
        # Source: shopify.dev mutations/fulfillmentOrderReleaseHold (back to OPEN when no hold remains).
        for fo in live:
            if fo.status == "ON_HOLD":
                fo.holds.clear()
                fo.status = "OPEN"
                fo.updated_at = store.now()
        emit_fulfillment_orders(store, "fulfillment_orders/hold_released", order)
    if "fulfill_at" in data:
        at = datetime.fromisoformat(str(data["fulfill_at"])) if data["fulfill_at"] else None
        # Source: schema FulfillmentOrderStatus.SCHEDULED ("ready for fulfillment after fulfill_at").
        for fo in live:
            if fo.status in ("OPEN", "SCHEDULED"):
                fo.status = "SCHEDULED" if at is not None else "OPEN"
                fo.fulfill_at = at
                fo.updated_at = store.now()
        emit_fulfillment_orders(store, "fulfillment_orders/rescheduled", order)
    # Holds, releases and risk assessments change the fulfilment orders / risk summary, not the
    # order; Shopify reports them by their own webhook topics (fulfillment_orders/placed_on_hold,
    # fulfillment_orders/hold_released), so the order's updatedAt is left alone here.
    return order
