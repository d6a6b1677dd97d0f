"""The switch that denies protected customer data: field-level ACCESS_DENIED beside the data.

An app not approved for protected customer data still reads orders, but the fields holding a
customer's name, address, phone or email are denied (shopify.dev/docs/apps/launch/protected-customer-data:
level 2 covers "name, address, phone, or email fields"). Shopify answers such a field as null with an
`errors` entry carrying `path` and `extensions.code: ACCESS_DENIED` while the rest of `data` stands
(shape of capture shipping-fulfillments/fulfillment-order-lifecycle.json, holdRelease.hold).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from storefront_clients.sandbox.registry import Info

# (type, field) pairs guarded as protected customer data on the Admin API.
PROTECTED = frozenset(
    {
        ("Order", "email"),
        ("Order", "phone"),
        ("Order", "customer"),
        ("Order", "billingAddress"),
        ("Order", "shippingAddress"),
        ("Customer", "email"),
        ("Customer", "phone"),
        ("Customer", "firstName"),
        ("Customer", "lastName"),
        ("Customer", "displayName"),
    }
)
REQUIRED = "Level 2 access to Customer data including name, address, phone, and email fields."


def deny_protected(next_: Any, root: Any, info: Info, **args: Any) -> Any:
    """graphql-core middleware: raise ACCESS_DENIED for protected fields when the switch is on."""
    runtime = info.context.runtime
    if runtime.config.deny_protected_customer_data and (info.parent_type.name, info.field_name) in PROTECTED:
        raise GraphQLError(
            f"Access denied for {info.field_name} field. Required access: {REQUIRED}",
            extensions={
                "code": "ACCESS_DENIED",
                "documentation": "https://shopify.dev/docs/apps/launch/protected-customer-data",
                "requiredAccess": REQUIRED,
            },
        )
    return next_(root, info, **args)
