"""Resolver modules; importing this package registers every resolver with the registry."""

from . import (  # noqa: F401
    bulk,
    catalog,
    inventory,
    nodes,
    order_money,
    order_parts,
    orders,
    product_set,
    shop,
)
