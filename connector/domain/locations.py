"""Location rules: RetailOps facilities to store locations, and the default location (asked once)."""

from __future__ import annotations

import json

from connector.settings import Settings
from storefront_clients.base import StorefrontClient

DEFAULT_LOCATION = "default"  # resolved to SHOPIFY_LOCATION_ID or the primary location at flush time


def facility_locations(settings: Settings) -> dict[str, str]:
    """RetailOps facility_name → store location, from CONNECTOR_FACILITY_LOCATIONS (inventory_push)."""
    raw = settings.connector_facility_locations
    return {str(k): str(v) for k, v in json.loads(raw).items()} if raw else {}


def ship_from_location(settings: Settings) -> str | None:
    """The one store location every RetailOps facility maps to, else None (fulfil moves lines there).

    order_shipment_submit v1 names no facility per shipment or package, so a package's facility is
    known only when CONNECTOR_FACILITY_LOCATIONS sends every facility to the same location.
    """
    targets = {location_gid(v) for v in facility_locations(settings).values()}
    return targets.pop() if len(targets) == 1 else None


def location_gid(location: str) -> str:
    """A location id as a GID (numeric ids are accepted in settings)."""
    return location if location.startswith("gid://") else f"gid://shopify/Location/{location}"


class Locations:
    """The location RetailOps' default quantities go to; caches the shop's primary location."""

    def __init__(self, settings: Settings, storefront: StorefrontClient) -> None:
        self._settings = settings
        self._storefront = storefront
        self.primary: str | None = None

    async def default_id(self) -> str:
        """The configured location as a GID, else the shop's primary location (asked once)."""
        configured = self._settings.shopify_location_id
        if configured:
            return location_gid(configured)
        if self.primary is None:
            self.primary = (await self._storefront.shop_info()).primary_location_id
        return self.primary
