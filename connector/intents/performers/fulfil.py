"""fulfil and update_tracking: ship a package across its fulfillment orders; replace its tracking."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import Fulfil, UpdateTracking
from connector.services import Services
from storefront_clients.base import FulfillmentRequest, Tracking
from storefront_clients.errors import PermanentStorefrontError, UserError


def tracking_of(number: str | None, company: str | None, url: str | None) -> Tracking | None:
    """The tracking to send, or None without a tracking number (reconcile repairs with it too)."""
    return Tracking(number, company, url) if number else None


async def fulfil(services: Services, payload: Fulfil) -> dict[str, Any]:
    """Ship a package's lines across its fulfillment orders; re-reads state so a retry never doubles."""
    order_id = payload.order_id
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    number = payload.tracking_number
    if order is not None and number:
        # fulfillmentCreate has no idempotency key: a fulfillment with this package's tracking means applied.
        for existing in order.fulfillments:
            if any(t.number == number for t in existing.tracking):
                return {"fulfillment_id": existing.id, "found_existing": True}
    if order is not None and payload.known_fulfillments is not None:
        # Without a tracking number, a fulfillment that appeared after the intent was recorded and
        # ships exactly this package's lines is an earlier attempt that applied but never answered.
        known = set(payload.known_fulfillments)
        wanted = sorted(payload.lines)
        for existing in order.fulfillments:
            shipped = sorted((li.line_item_id, li.quantity) for li in existing.lines)
            if existing.id not in known and shipped == wanted:
                return {"fulfillment_id": existing.id, "found_existing": True}
    fulfillment_orders = await services.storefront.fulfillment_orders(order_id)
    grouped: dict[str, list[tuple[str, int]]] = {}
    for line_id, asked in payload.lines:
        remaining = asked
        for fo in fulfillment_orders:
            if fo.status not in ("OPEN", "IN_PROGRESS"):
                continue
            for fo_line in fo.lines:
                if fo_line.line_item_id == line_id and fo_line.remaining_quantity > 0 and remaining > 0:
                    take = min(remaining, fo_line.remaining_quantity)
                    grouped.setdefault(fo.id, []).append((fo_line.id, take))
                    remaining -= take
        if remaining > 0:
            raise PermanentStorefrontError(
                "over-quantity",
                (
                    UserError(
                        f"line {line_id.rsplit('/', 1)[-1]}: {remaining} more than remain to ship",
                        "OVER_QUANTITY",
                    ),
                ),
            )
    fulfillment = await services.storefront.create_fulfillment(
        FulfillmentRequest(
            order_id=order_id,
            lines=tuple((fo_id, tuple(lines)) for fo_id, lines in grouped.items()),
            tracking=tracking_of(payload.tracking_number, payload.company, payload.url),
            notify_customer=services.settings.connector_notify_customer_on_ship,
        )
    )
    return {"fulfillment_id": fulfillment.id}


async def retrack(services: Services, payload: UpdateTracking) -> dict[str, Any]:
    """Replace a shipped package's tracking."""
    tracking = tracking_of(payload.tracking_number, payload.company, payload.url)
    if tracking is not None:
        await services.storefront.update_tracking(payload.fulfillment_id, tracking)
    return {"fulfillment_id": payload.fulfillment_id}
