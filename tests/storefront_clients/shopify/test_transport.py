"""Transport over httpx.MockTransport: retries, pacing after THROTTLED/429, error mapping, tokens."""

from __future__ import annotations

import httpx
import pytest

from storefront_clients.errors import (
    AuthenticationError,
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
)
from storefront_clients.shopify.auth import StaticToken, TokenProvider
from storefront_clients.shopify.errors import MaxCostExceededError
from storefront_clients.shopify.retry_rules import RetryPolicy
from storefront_clients.shopify.transport import Transport

from .fakes import FakeClock, ScriptedShop, cost_extensions, ok, throttled

ENDPOINT = "https://shop.example/admin/api/2026-07/graphql.json"
QUERY = "query Ping { shop { name } }"
MUTATION = 'mutation Tag($id: ID!) { tagsAdd(id: $id, tags: ["a"]) { userErrors { message } } }'
TOKEN = "shpat_00000000000000000000000000000000"


def build(
    shop: ScriptedShop, auth: TokenProvider | None = None, retry: RetryPolicy | None = None
) -> tuple[Transport, FakeClock]:
    clock = FakeClock()
    http = httpx.AsyncClient(transport=httpx.MockTransport(shop))
    transport = Transport(
        http,
        ENDPOINT,
        auth or StaticToken(TOKEN),
        retry=retry or RetryPolicy(),
        clock=clock,
        sleep=clock.sleep,
        rand=lambda: 1.0,
    )
    return transport, clock


async def test_sends_token_header_and_returns_data() -> None:
    shop = ScriptedShop(ok({"shop": {"name": "S"}}, requested=1, available=1999))
    transport, _ = build(shop)
    data = await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert data == {"shop": {"name": "S"}}
    assert shop.requests[0].headers["X-Shopify-Access-Token"] == TOKEN
    assert shop.bodies()[0]["operationName"] == "Ping"


async def test_throttled_is_waited_out_and_retried() -> None:
    shop = ScriptedShop(throttled(requested=300, available=50), ok({"shop": {"name": "S"}}))
    transport, clock = build(shop)
    await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert len(shop.requests) == 2
    # The retry waited for the missing points at the restore rate: (300 - 50) / 100.
    assert clock.sleeps == [pytest.approx(2.5)]


async def test_throttled_mutation_is_retried_because_it_was_not_applied() -> None:
    shop = ScriptedShop(throttled(requested=10, available=0), ok({"tagsAdd": {"userErrors": []}}))
    transport, clock = build(shop)
    await transport.execute(MUTATION, {"id": "x"}, operation="Tag", idempotent=False)
    assert len(shop.requests) == 2
    assert clock.sleeps == [pytest.approx(0.1)]


async def test_throttled_beyond_budget_raises_throttled_with_retry_after() -> None:
    shop = ScriptedShop(throttled(requested=900, available=0))
    transport, _ = build(shop, retry=RetryPolicy(time_budget=5.0))
    with pytest.raises(ThrottledError) as caught:
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert caught.value.retry_after == pytest.approx(9.0)
    assert len(shop.requests) == 1


async def test_429_retry_after_pauses_every_caller() -> None:
    shop = ScriptedShop(httpx.Response(429, headers={"Retry-After": "2.0"}), ok({"shop": {}}))
    transport, clock = build(shop)
    await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    # Retry-After first; then the emptied bucket must restore the call's own cost.
    assert clock.sleeps[0] == 2.0
    assert sum(clock.sleeps[1:]) == pytest.approx(1 / 100)
    assert len(shop.requests) == 2


async def test_5xx_on_query_backs_off_exponentially_then_gives_up() -> None:
    shop = ScriptedShop(*[httpx.Response(503) for _ in range(3)])
    transport, clock = build(shop, retry=RetryPolicy(max_attempts=3, base_delay=0.2, max_delay=3.0))
    with pytest.raises(TransientStorefrontError):
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert len(shop.requests) == 3
    assert clock.sleeps == [pytest.approx(0.2), pytest.approx(0.4)]


async def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=2.0)
    assert policy.delay(10, lambda: 1.0) == pytest.approx(2.0)
    assert policy.delay(10, lambda: 0.0) == pytest.approx(1.0)
    assert policy.delay(1, lambda: 0.5) == pytest.approx(0.375)


async def test_5xx_on_non_idempotent_mutation_is_not_resent() -> None:
    shop = ScriptedShop(httpx.Response(502), ok({}))
    transport, _ = build(shop)
    with pytest.raises(TransientStorefrontError):
        await transport.execute(MUTATION, {"id": "x"}, operation="Tag", idempotent=False)
    assert len(shop.requests) == 1


async def test_read_timeout_on_non_idempotent_mutation_is_not_resent() -> None:
    request = httpx.Request("POST", ENDPOINT)
    shop = ScriptedShop(httpx.ReadTimeout("slow", request=request), ok({}))
    transport, _ = build(shop)
    with pytest.raises(TransientStorefrontError) as caught:
        await transport.execute(MUTATION, {"id": "x"}, operation="Tag", idempotent=False)
    assert "timed out" in str(caught.value)
    assert len(shop.requests) == 1


async def test_connect_error_is_resent_even_for_mutations() -> None:
    request = httpx.Request("POST", ENDPOINT)
    shop = ScriptedShop(httpx.ConnectError("refused", request=request), ok({"tagsAdd": {}}))
    transport, _ = build(shop)
    await transport.execute(MUTATION, {"id": "x"}, operation="Tag", idempotent=False)
    assert len(shop.requests) == 2


async def test_time_budget_bounds_retries() -> None:
    shop = ScriptedShop(*[httpx.Response(500) for _ in range(10)])
    transport, clock = build(shop, retry=RetryPolicy(max_attempts=10, time_budget=1.0, base_delay=0.4))
    with pytest.raises(TransientStorefrontError):
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert sum(clock.sleeps) <= 1.0
    assert len(shop.requests) < 10


async def test_internal_server_error_in_200_is_retried_for_queries() -> None:
    body = {"errors": [{"message": "Internal error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
    shop = ScriptedShop(httpx.Response(200, json=body), ok({"shop": {}}))
    transport, _ = build(shop)
    await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert len(shop.requests) == 2


async def test_max_cost_exceeded_answer_raises_with_requested_cost() -> None:
    body = {
        "errors": [
            {
                "message": "Query cost is 1400, which exceeds the single query max cost limit (1000).",
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": 1400, "maxCost": 1000},
            }
        ],
        "extensions": cost_extensions(1400, 2000),
    }
    shop = ScriptedShop(httpx.Response(200, json=body))
    transport, _ = build(shop)
    with pytest.raises(MaxCostExceededError) as caught:
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert caught.value.requested_cost == 1400


async def test_query_expected_over_ceiling_is_never_sent() -> None:
    shop = ScriptedShop()
    transport, _ = build(shop)
    big = "query Big($n: Int!) { orders(first: $n) { nodes { id customer { id } } } }"
    with pytest.raises(MaxCostExceededError):
        await transport.execute(big, {"n": 600}, operation="Big", idempotent=True)
    assert shop.requests == []


async def test_learned_cost_is_used_for_the_next_call() -> None:
    shop = ScriptedShop(ok({"shop": {}}, requested=40, available=1960), ok({"shop": {}}))
    transport, _ = build(shop)
    await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert transport.expected_cost(QUERY, {}, "Ping") == pytest.approx(40)


async def test_graphql_validation_error_is_permanent() -> None:
    body = {
        "errors": [
            {"message": "Field 'nope' doesn't exist on type 'Shop'", "extensions": {"code": "undefinedField"}}
        ]
    }
    shop = ScriptedShop(httpx.Response(200, json=body))
    transport, _ = build(shop)
    with pytest.raises(PermanentStorefrontError):
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)


async def test_static_token_401_is_authentication_error_without_token_text() -> None:
    shop = ScriptedShop(
        httpx.Response(401, json={"errors": f"[API] Invalid API key or access token ({TOKEN})"})
    )
    transport, _ = build(shop)
    with pytest.raises(AuthenticationError) as caught:
        await transport.execute(QUERY, {}, operation="Ping", idempotent=True)
    assert TOKEN not in str(caught.value)
    assert "shpat_" not in repr(caught.value)
