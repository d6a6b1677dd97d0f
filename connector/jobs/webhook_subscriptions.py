"""Keep the webhook subscriptions the connector relies on (re-created when Shopify deleted them).

Shopify removes a subscription after repeated failed deliveries; this job (at start and every
CONNECTOR_WEBHOOK_CHECK_SECONDS, only with CONNECTOR_PUBLIC_URL set) lists them and creates missing ones.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from connector.services import Services
from connector.settings import Settings

log = logging.getLogger("connector.jobs.webhook_subscriptions")
WEBHOOK_PATH = "/webhooks/shopify"
# WebhookSubscriptionTopic values (schema enum): order changes, fulfilment-order holds and
# schedules (which need not move the order's updatedAt), and the app's removal.
TOPICS = (
    "ORDERS_CREATE",
    "ORDERS_UPDATED",
    "ORDERS_CANCELLED",
    "ORDERS_EDITED",
    "ORDERS_PAID",
    "ORDERS_RISK_ASSESSMENT_CHANGED",
    "FULFILLMENT_ORDERS_PLACED_ON_HOLD",
    "FULFILLMENT_ORDERS_HOLD_RELEASED",
    "FULFILLMENT_ORDERS_SCHEDULED_FULFILLMENT_ORDER_READY",
    "FULFILLMENT_ORDERS_RESCHEDULED",
    "APP_UNINSTALLED",
)


def webhook_uri(settings: Settings) -> str | None:
    """Where Shopify should deliver, from CONNECTOR_PUBLIC_URL (None: polling only)."""
    base = settings.connector_public_url
    return f"{base.rstrip('/')}{WEBHOOK_PATH}" if base else None


@dataclass
class SubscriptionFigures:
    """What one check found and created."""

    present: int = 0
    created: list[str] = field(default_factory=list)


async def ensure_subscriptions(services: Services) -> SubscriptionFigures:
    """Create every subscription of TOPICS to our URI that the shop does not have."""
    figures = SubscriptionFigures()
    uri = webhook_uri(services.settings)
    if uri is None:
        return figures
    existing = {s.topic for s in await services.storefront.webhook_subscriptions() if s.uri == uri}
    figures.present = len(existing & set(TOPICS))
    for topic in TOPICS:
        if topic not in existing:
            await services.storefront.create_webhook_subscription(topic, uri)
            figures.created.append(topic)
    if figures.created and figures.present:
        log.warning("webhook subscriptions were missing and are re-created: %s", figures.created)
    return figures
