"""Resolver modules; importing this package registers every resolver with the registry."""

from . import (  # noqa: F401
    bulk,
    catalog,
    inventory,
    nodes,
    order_edit,
    order_mutations,
    orders,
    product_set,
    shop,
)
