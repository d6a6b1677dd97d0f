"""Translation between storefront value types and RetailOps shapes (no I/O)."""
