"""Each retry rule of the transport on its own, and the one write path (`Transport.mutate`)."""

from __future__ import annotations

import httpx
import pytest

from storefront_clients.errors import (
    NotFoundError,
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
)
from storefront_clients.shopify.errors import MaxCostExceededError
from storefront_clients.shopify.retry_rules import (
    Retry,
    after_graphql_error,
    after_status,
    after_transport_error,
)

from .fakes import ScriptedShop, ok
from .test_transport import build

REQUEST = httpx.Request("POST", "https://shop.example/admin/api/2026-07/graphql.json")


@pytest.mark.parametrize(
    ("exc", "idempotent", "expected"),
    [
        (httpx.ConnectError("refused", request=REQUEST), False, Retry.BACKOFF),  # never left
        (httpx.ConnectTimeout("slow connect", request=REQUEST), False, Retry.BACKOFF),
        (httpx.PoolTimeout("pool", request=REQUEST), False, Retry.BACKOFF),
        (httpx.ReadTimeout("sent, no answer", request=REQUEST), False, Retry.NO),  # may have applied
        (httpx.ReadTimeout("sent, no answer", request=REQUEST), True, Retry.BACKOFF),
        (httpx.RemoteProtocolError("reset", request=REQUEST), False, Retry.NO),
    ],
)
def test_transport_errors_are_resent_only_when_unsent_or_idempotent(
    exc: httpx.HTTPError, idempotent: bool, expected: Retry
) -> None:
    assert after_transport_error(exc, idempotent) is expected


@pytest.mark.parametrize(
    ("status", "idempotent", "can_refresh", "retry_after", "expected"),
    [
        (401, False, True, None, (Retry.REFRESH, None)),
        (401, True, False, None, (Retry.NO, None)),  # a static token or already refreshed
        (429, False, False, 2.0, (Retry.PAUSE, 2.0)),  # never applied: any call waits
        (429, False, False, None, (Retry.BACKOFF, None)),
        (503, True, False, None, (Retry.BACKOFF, None)),
        (503, False, False, None, (Retry.NO, None)),  # a mutation may have applied
        (400, True, True, None, (Retry.NO, None)),
        (404, True, False, None, (Retry.NO, None)),
    ],
)
def test_status_rules(
    status: int,
    idempotent: bool,
    can_refresh: bool,
    retry_after: float | None,
    expected: tuple[Retry, float | None],
) -> None:
    assert after_status(status, idempotent, can_refresh, retry_after) == expected


@pytest.mark.parametrize(
    ("error", "idempotent", "expected"),
    [
        (ThrottledError("THROTTLED"), False, Retry.RESEND),  # not applied, even for a mutation
        (TransientStorefrontError("INTERNAL_SERVER_ERROR"), True, Retry.BACKOFF),
        (TransientStorefrontError("INTERNAL_SERVER_ERROR"), False, Retry.NO),
        (MaxCostExceededError("too costly", requested_cost=1200), True, Retry.NO),
        (PermanentStorefrontError("bad query"), True, Retry.NO),
    ],
)
def test_graphql_error_rules(error: TransientStorefrontError, idempotent: bool, expected: Retry) -> None:
    assert after_graphql_error(error, idempotent) is expected


MUTATION = (
    "mutation OrderClose($input: OrderCloseInput!) { orderClose(input: $input) { userErrors { message } } }"
)


async def test_mutate_answers_the_payload_under_its_root() -> None:
    shop = ScriptedShop(ok({"orderClose": {"order": {"id": "gid://shopify/Order/1"}, "userErrors": []}}))
    transport, _ = build(shop)
    payload = await transport.mutate(MUTATION, {}, operation="OrderClose", root="orderClose", idempotent=True)
    assert payload == {"order": {"id": "gid://shopify/Order/1"}, "userErrors": []}


async def test_mutate_raises_user_errors_under_the_named_key() -> None:
    errors = [{"field": ["orderId"], "message": "Order does not exist", "code": "NOT_FOUND"}]
    shop = ScriptedShop(ok({"orderCancel": {"job": None, "orderCancelUserErrors": errors, "userErrors": []}}))
    transport, _ = build(shop)
    with pytest.raises(NotFoundError) as caught:
        await transport.mutate(
            MUTATION,
            {},
            operation="OrderCancel",
            root="orderCancel",
            idempotent=False,
            errors_key="orderCancelUserErrors",
        )
    assert str(caught.value) == (
        "Shopify orderCancel rejected the input: Order does not exist [NOT_FOUND] (field orderId)"
    )


async def test_mutate_leaves_tolerated_codes_to_the_caller_and_raises_the_rest() -> None:
    busy = [{"field": None, "message": "A bulk query is running", "code": "OPERATION_IN_PROGRESS"}]
    other = [*busy, {"field": ["query"], "message": "Invalid query", "code": "INVALID"}]
    shop = ScriptedShop(ok({"run": {"userErrors": busy}}), ok({"run": {"userErrors": other}}))
    transport, _ = build(shop)
    tolerated = frozenset({"OPERATION_IN_PROGRESS"})
    payload = await transport.mutate(
        MUTATION, {}, operation="Run", root="run", idempotent=False, tolerated=tolerated
    )
    assert payload["userErrors"] == busy
    with pytest.raises(PermanentStorefrontError):
        await transport.mutate(
            MUTATION, {}, operation="Run", root="run", idempotent=False, tolerated=tolerated
        )
