"""Webhook subscriptions and signed HTTPS-style deliveries of the sandbox store.

Headers as shopify.dev/docs/apps/build/webhooks/delivery-structure lists them (X-Shopify-Topic,
X-Shopify-Hmac-Sha256, X-Shopify-Shop-Domain, X-Shopify-Webhook-Id, X-Shopify-Event-Id,
X-Shopify-Triggered-At, X-Shopify-API-Version); the HMAC is base64 HMAC-SHA256 of the raw body
keyed with the app's client secret (shopify.dev/docs/apps/build/webhooks/verify-deliveries).
Deliveries run on a background thread so a store write never waits for the receiver.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from .ids import gid
from .order_models import Order
from .store import Store

DELIVERY_TIMEOUT = httpx.Timeout(5.0)  # Shopify waits 5 s for a response (delivery-structure page)


@dataclass
class Subscription:
    """One webhook subscription (topic in enum form, e.g. ORDERS_CREATE)."""

    id: int
    topic: str
    uri: str
    created_at: datetime
    format: str = "JSON"

    @property
    def updated_at(self) -> datetime:
        """Subscriptions are never updated in the sandbox."""
        return self.created_at


@dataclass
class Delivery:
    """One delivery attempt, for tests reading the log."""

    topic: str
    uri: str
    event_id: str
    status: int | None


@dataclass
class Dispatcher:
    """Sends each event to the subscriptions of its topic; `paused` drops deliveries (lost webhooks)."""

    secret: str
    api_version: str
    shop_domain: str
    paused: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def emit(self, store: Store, topic: str, payload: dict[str, Any]) -> None:
        """Queue `payload` for every subscription to `topic` (REST-style name, e.g. orders/create)."""
        enum = topic.upper().replace("/", "_")
        targets = [s.uri for s in store.webhook_subscriptions.values() if s.topic == enum]
        if not targets or self.paused:
            return
        body = json.dumps(payload, default=str).encode()
        event_id = str(uuid.uuid4())
        for uri in targets:
            threading.Thread(target=self._send, args=(topic, uri, body, event_id), daemon=True).start()

    def _send(self, topic: str, uri: str, body: bytes, event_id: str) -> None:
        digest = base64.b64encode(hmac.new(self.secret.encode(), body, hashlib.sha256).digest()).decode()
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": digest,
            "X-Shopify-Shop-Domain": self.shop_domain,
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
            "X-Shopify-Event-Id": event_id,
            "X-Shopify-Triggered-At": datetime.now(UTC).isoformat(),
            "X-Shopify-API-Version": self.api_version,
        }
        status: int | None = None
        try:
            status = httpx.post(uri, content=body, headers=headers, timeout=DELIVERY_TIMEOUT).status_code
        except httpx.HTTPError:
            status = None
        with self.lock:
            self.deliveries.append(Delivery(topic, uri, event_id, status))


def order_payload(order: Order) -> dict[str, Any]:
    """The few REST order fields a receiver needs (the full payload is the REST order resource)."""
    return {
        "id": order.id,
        "admin_graphql_api_id": gid("Order", order.id),
        "name": order.name,
        "updated_at": order.updated_at.isoformat(),
    }


def emit(store: Store, topic: str, payload: dict[str, Any]) -> None:
    """Deliver through the store's dispatcher, if the runtime attached one."""
    dispatcher = store.webhook_dispatcher
    if isinstance(dispatcher, Dispatcher):
        dispatcher.emit(store, topic, payload)


def emit_order(store: Store, topic: str, order: Order) -> None:
    """An orders/* event for one order."""
    emit(store, topic, order_payload(order))


def emit_fulfillment_orders(store: Store, topic: str, order: Order) -> None:
    """A fulfillment_orders/* event per live fulfillment order of the order."""
    for fo in order.fulfillment_orders:
        if fo.status not in ("CLOSED", "CANCELLED"):
            fo_view = {"id": gid("FulfillmentOrder", fo.id), "status": fo.status.lower()}
            emit(store, topic, {"fulfillment_order": fo_view})
