"""Cassette tests of each RetailOps action's Shopify traffic (recorded against the sandbox, replayed)."""
