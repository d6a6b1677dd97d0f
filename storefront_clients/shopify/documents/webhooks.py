"""Webhook subscription documents (list, create) and fulfillment-order owners (for webhook hints)."""

from __future__ import annotations

from typing import Final

WEBHOOK_SUBSCRIPTIONS: Final = """
query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) {
    nodes { id topic uri }
    pageInfo { hasNextPage endCursor }
  }
}
"""

WEBHOOK_SUBSCRIPTION_CREATE: Final = """
mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}
"""

FULFILLMENT_ORDER_OWNERS: Final = """
query FulfillmentOrderOwners($ids: [ID!]!) {
  nodes(ids: $ids) { ... on FulfillmentOrder { id orderId } }
}
"""
