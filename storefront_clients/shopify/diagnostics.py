"""Read-only diagnostics on a ShopifyClient: granted scopes and the newest order (doctor, console)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storefront_clients.shopify import documents
from storefront_clients.shopify.parse import nodes, obj
from storefront_clients.shopify.transport import Transport


@dataclass(frozen=True, slots=True)
class NewestOrder:
    """The store's newest order and whether its protected customer fields came back."""

    id: str
    name: str
    created_at: datetime | None
    has_email: bool
    has_address: bool


async def granted_scopes(transport: Transport) -> set[str]:
    """Handles of the access scopes granted to the app (`currentAppInstallation`)."""
    data = await transport.execute(documents.APP_SCOPES, {}, operation="AppScopes", idempotent=True)
    scopes = obj(data.get("currentAppInstallation")).get("accessScopes") or []
    return {str(s["handle"]) for s in scopes if isinstance(s, dict) and s.get("handle")}


async def newest_order(transport: Transport) -> NewestOrder | None:
    """The newest order (None in an empty store); raises when protected fields are refused."""
    data = await transport.execute(documents.NEWEST_ORDER, {}, operation="NewestOrder", idempotent=True)
    found = nodes(data.get("orders"))
    if not found:
        return None
    node = found[0]
    created = node.get("createdAt")
    created_at = datetime.fromisoformat(created.replace("Z", "+00:00")) if isinstance(created, str) else None
    return NewestOrder(
        id=str(node.get("id") or ""),
        name=str(node.get("name") or ""),
        created_at=created_at,
        has_email=bool(node.get("email")),
        has_address=isinstance(node.get("shippingAddress"), dict),
    )
