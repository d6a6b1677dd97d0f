"""`ShopifyConfig`: what the Shopify client needs to reach one shop (built by its caller)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ShopifyConfig:
    """One shop's Admin API coordinates and credentials; secrets are kept out of `repr`."""

    shop: str | None = None
    admin_url: str | None = None  # base URL override (sandboxes, proxies, tests)
    api_version: str = "2026-07"
    access_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    timeout_seconds: float = 10.0
    location_id: str | None = None

    @property
    def base_url(self) -> str:
        """The shop's base URL (`https://<shop>` unless overridden)."""
        return self.admin_url or f"https://{self.shop}"

    @property
    def endpoint(self) -> str:
        """The Admin GraphQL URL for the pinned version."""
        return f"{self.base_url.rstrip('/')}/admin/api/{self.api_version}/graphql.json"
