"""Resolver modules; importing this package registers every resolver with the registry."""

from . import (  # noqa: F401
    addresses,
    app_installation,
    bulk,
    catalog,
    fulfillment,
    fulfillment_reads,
    inventory,
    inventory_set,
    nodes,
    order_edit,
    order_edit_view,
    order_money,
    order_mutations,
    order_parts,
    orders,
    product_set,
    readiness,
    refunds,
    shop,
    webhooks,
)
