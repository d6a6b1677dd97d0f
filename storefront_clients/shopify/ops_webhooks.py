"""Webhook subscriptions (list, create) and fulfillment-order owners; called by ``ShopifyClient``."""

from __future__ import annotations

from collections.abc import Sequence

from storefront_clients.base import WebhookSubscription
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import from_user_errors
from storefront_clients.shopify.paging import MAX_PAGE
from storefront_clients.shopify.parse import Json, nodes, obj, page_info
from storefront_clients.shopify.transport import Transport


def _subscription(node: Json) -> WebhookSubscription:
    return WebhookSubscription(
        id=str(node["id"]), topic=str(node.get("topic") or ""), uri=str(node.get("uri") or "")
    )


async def subscriptions(transport: Transport) -> list[WebhookSubscription]:
    """Every webhook subscription of this app on the shop."""
    found: list[WebhookSubscription] = []
    cursor: str | None = None
    while True:
        data = await transport.execute(
            documents.WEBHOOK_SUBSCRIPTIONS,
            {"first": MAX_PAGE, "after": cursor},
            operation="WebhookSubscriptions",
            idempotent=True,
        )
        connection = obj(data.get("webhookSubscriptions"))
        found.extend(_subscription(n) for n in nodes(connection))
        has_next, cursor = page_info(connection)
        if not has_next:
            return found


async def create_subscription(transport: Transport, topic: str, uri: str) -> WebhookSubscription:
    """`webhookSubscriptionCreate` for one topic, JSON format."""
    data = await transport.execute(
        documents.WEBHOOK_SUBSCRIPTION_CREATE,
        {"topic": topic, "uri": uri},
        operation="WebhookSubscriptionCreate",
        idempotent=False,
    )
    payload = obj(data.get("webhookSubscriptionCreate"))
    error = from_user_errors(payload.get("userErrors"), "webhookSubscriptionCreate")
    if error is not None:
        raise error
    return _subscription(obj(payload.get("webhookSubscription")))


async def fulfillment_order_owners(transport: Transport, ids: Sequence[str]) -> dict[str, str]:
    """Fulfillment order gid → its order's gid, for the ids that exist."""
    owners: dict[str, str] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), MAX_PAGE):
        data = await transport.execute(
            documents.FULFILLMENT_ORDER_OWNERS,
            {"ids": wanted[start : start + MAX_PAGE]},
            operation="FulfillmentOrderOwners",
            idempotent=True,
        )
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and node.get("id") and node.get("orderId"):
                owners[str(node["id"])] = str(node["orderId"])
    return owners
