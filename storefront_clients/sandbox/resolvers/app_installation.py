"""`currentAppInstallation`: the installation of the calling app with its granted access scopes."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.registry import Info, field

from .common import ctx


@field("QueryRoot", "currentAppInstallation")
def current_app_installation(_root: Any, info: Info) -> dict[str, Any]:
    """The scopes the sandbox grants (SandboxConfig.granted_scopes), as AccessScope objects.

    Shape per https://shopify.dev/docs/api/admin-graphql/latest/queries/currentAppInstallation
    (AppInstallation.accessScopes: [AccessScope!]! with `handle` and `description`).
    """
    scopes = [s.strip() for s in ctx(info).runtime.config.granted_scopes.split(",") if s.strip()]
    return {
        "id": "gid://shopify/AppInstallation/1",
        "accessScopes": [{"handle": s, "description": f"Sandbox grant: {s}"} for s in scopes],
    }
