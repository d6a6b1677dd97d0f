"""Resolver modules; importing this package registers every resolver with the registry."""

from . import bulk, catalog, inventory, nodes, product_set, shop  # noqa: F401
