"""RetailOps channel connector for Shopify stores."""

__version__ = "0.1.0"
