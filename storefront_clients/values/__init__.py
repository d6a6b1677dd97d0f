"""Value types exchanged through the StorefrontClient protocol (re-exported by storefront_clients.base)."""
