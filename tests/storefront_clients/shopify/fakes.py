"""Test doubles for the Shopify client's unit tests: a fake clock and a scripted Admin API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx


class FakeClock:
    """Monotonic time that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def cost_extensions(
    requested: float, available: float, maximum: float = 2000, rate: float = 100
) -> dict[str, Any]:
    """An `extensions` object as Shopify sends it."""
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": requested,
            "throttleStatus": {
                "maximumAvailable": maximum,
                "currentlyAvailable": available,
                "restoreRate": rate,
            },
        }
    }


Handler = Callable[[httpx.Request], httpx.Response]


class ScriptedShop:
    """A MockTransport handler answering a queue of responses and recording every request."""

    def __init__(self, *responses: httpx.Response | Exception | Handler) -> None:
        self.queue = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.queue:
            raise AssertionError(f"unexpected request {request.url}")
        item = self.queue.pop(0)
        if isinstance(item, Exception):
            raise item
        if isinstance(item, httpx.Response):
            return item
        return item(request)

    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies of the GraphQL requests made so far."""
        return [json.loads(r.content) for r in self.requests if r.url.path.endswith("graphql.json")]


def ok(data: dict[str, Any], requested: float = 10, available: float = 1990) -> httpx.Response:
    """A successful GraphQL answer with cost extensions."""
    return httpx.Response(200, json={"data": data, "extensions": cost_extensions(requested, available)})


def throttled(requested: float, available: float) -> httpx.Response:
    """THROTTLED in an HTTP 200, as Shopify sends it."""
    return httpx.Response(
        200,
        json={
            "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
            "extensions": cost_extensions(requested, available),
        },
    )


Resolver = Callable[[dict[str, Any]], "dict[str, Any] | httpx.Response"]


class OperationShop:
    """Answers GraphQL requests by operation name; records (operation, variables) calls."""

    def __init__(self, **resolvers: Resolver | list[Resolver]) -> None:
        self.resolvers = {k: v if isinstance(v, list) else [v] for k, v in resolvers.items()}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.downloads: dict[str, str] = {}
        self.headers: list[httpx.Headers] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.headers.append(request.headers)
        if request.method == "GET":
            return httpx.Response(200, text=self.downloads[str(request.url)])
        body = json.loads(request.content)
        operation = body["operationName"]
        variables = body.get("variables") or {}
        self.calls.append((operation, variables))
        queue = self.resolvers[operation]
        resolver = queue.pop(0) if len(queue) > 1 else queue[0]
        result = resolver(variables)
        if isinstance(result, httpx.Response):
            return result
        return ok(result)

    def operations(self) -> list[str]:
        """Operation names in call order."""
        return [name for name, _ in self.calls]


def client_for(shop: OperationShop, **kwargs: Any) -> Any:
    """A ShopifyClient wired to the fake shop, on a fake clock (sleeps cost no time)."""
    from storefront_clients.shopify.auth import StaticToken
    from storefront_clients.shopify.client import ShopifyClient

    clock = FakeClock()
    http = httpx.AsyncClient(transport=httpx.MockTransport(shop))
    endpoint = "https://shop.example/admin/api/2026-07/graphql.json"
    return ShopifyClient(http, endpoint, StaticToken("shpat_x"), clock=clock, sleep=clock.sleep, **kwargs)
