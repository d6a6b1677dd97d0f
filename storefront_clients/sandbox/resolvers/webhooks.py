"""Resolvers of webhook subscriptions: list, create, delete."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.webhooks import Subscription

from .common import store_of


@field("WebhookSubscription", "id")
def subscription_id(sub: Subscription, _info: Info) -> str:
    """The subscription's gid."""
    return gid("WebhookSubscription", sub.id)


@field("QueryRoot", "webhookSubscriptions")
def webhook_subscriptions(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """The app's subscriptions, oldest first."""
    return page(list(store_of(info).webhook_subscriptions.values()), args, lambda s: s.id)


@field("Mutation", "webhookSubscriptionCreate")
def webhook_subscription_create(
    _root: Any, info: Info, topic: str, webhookSubscription: dict[str, Any]
) -> dict[str, Any]:
    """Subscribe a URI to a topic; the same topic and URI twice is refused."""
    store = store_of(info)
    uri = str(webhookSubscription.get("uri") or webhookSubscription.get("callbackUrl") or "")
    if not uri.startswith(("http://", "https://")):
        # Source: shopify.dev docs/apps/build/webhooks/subscribe/https (HTTPS endpoints; the
        # sandbox also accepts http:// on loopback for tests).
        return {
            "webhookSubscription": None,
            "userErrors": [{"field": ["uri"], "message": "Address is invalid"}],
        }
    if any(s.topic == topic and s.uri == uri for s in store.webhook_subscriptions.values()):
        # Source: webhookSubscriptionCreate userErrors ("Address for this topic has already been taken").
        message = "Address for this topic has already been taken"
        return {"webhookSubscription": None, "userErrors": [{"field": ["uri"], "message": message}]}
    sub = Subscription(store.next_id("WebhookSubscription"), topic, uri, store.now())
    store.webhook_subscriptions[sub.id] = sub
    return {"webhookSubscription": sub, "userErrors": []}


@field("Mutation", "webhookSubscriptionDelete")
def webhook_subscription_delete(_root: Any, info: Info, id: str) -> dict[str, Any]:
    """Delete a subscription by gid."""
    store = store_of(info)
    removed = store.webhook_subscriptions.pop(parse_gid(id, "WebhookSubscription") or 0, None)
    if removed is None:
        return {
            "deletedWebhookSubscriptionId": None,
            "userErrors": [{"field": ["id"], "message": "not found"}],
        }
    return {"deletedWebhookSubscriptionId": id, "userErrors": []}
