"""Read-only documents for pre-flight checks and the operator console (doctor, status, /console)."""

from __future__ import annotations

from typing import Final

# https://shopify.dev/docs/api/admin-graphql/latest/queries/currentAppInstallation
APP_SCOPES: Final = """
query AppScopes {
  currentAppInstallation { accessScopes { handle } }
}
"""

# The newest order with its protected customer fields (email, shipping address): reading them
# fails without protected customer data access, which order_pull needs.
NEWEST_ORDER: Final = """
query NewestOrder {
  orders(first: 1, sortKey: CREATED_AT, reverse: true) {
    nodes {
      id
      name
      createdAt
      email
      shippingAddress { address1 city countryCodeV2 }
    }
  }
}
"""
