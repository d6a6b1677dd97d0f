"""GraphQL calls to an in-process sandbox app, for the sandbox's own tests."""

from __future__ import annotations

from typing import Any

import httpx

from .builders import SANDBOX_TOKEN

TOKEN = SANDBOX_TOKEN


class Gql:
    """Posts GraphQL documents to the sandbox and returns (status, body)."""

    def __init__(self, client: httpx.AsyncClient, version: str = "2026-07") -> None:
        self.client = client
        self.version = version

    async def raw(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
        """The HTTP response of one GraphQL call."""
        return await self.client.post(
            f"/admin/api/{kw.get('version', self.version)}/graphql.json",
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": kw.get("token", TOKEN)},
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON body of a successful (HTTP 200) call."""
        response = await self.raw(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """`data` of a call that must not have top-level errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result
