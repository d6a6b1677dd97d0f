"""Storefront API clients behind the StorefrontClient protocol (see ``base``)."""
