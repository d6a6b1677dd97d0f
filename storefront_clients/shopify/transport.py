"""One GraphQL call to the Admin API with pacing, retries and error mapping.

``Transport.execute`` is called by every operation of ``ShopifyClient``; every write goes through
``Transport.mutate``, which also raises the payload's userErrors. ``_send_once`` paces from the
shared ``Pacer``, sends once with the current token and classifies a failure with the retry
rules of ``retry_rules`` (``after_transport_error``, ``after_status``, ``after_graphql_error``,
each a pure function); ``execute`` applies them within a bounded number of attempts and a time
budget:

- THROTTLED (in an HTTP 200) and HTTP 429: the call was not applied; wait and resend (any call).
- Connection failures before the request left: resend (any call).
- Timeouts after sending, HTTP 5xx, INTERNAL_SERVER_ERROR: resent only when the caller says the
  operation is idempotent (queries, mutations carrying ``@idempotent(key:)``, and mutations that
  set a state rather than add to one); otherwise raised as TransientStorefrontError, because a
  resend of e.g. fulfillmentCreate or orderCapture could apply twice.
- HTTP 401: the token is invalidated and the call resent once (client-credentials tokens).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from storefront_clients import notices
from storefront_clients.errors import (
    StorefrontError,
    TransientStorefrontError,
)
from storefront_clients.shopify.auth import TokenProvider
from storefront_clients.shopify.cost import estimate_cost
from storefront_clients.shopify.errors import (
    MaxCostExceededError,
    from_graphql_errors,
    from_status,
    from_transport,
    raise_user_errors,
    retry_after_seconds,
)
from storefront_clients.shopify.pacer import MAX_QUERY_COST, Clock, CostReading, Pacer, Sleep
from storefront_clients.shopify.parse import Json, obj
from storefront_clients.shopify.partial_errors import error_list, partial_problems
from storefront_clients.shopify.retry_rules import (
    Retry,
    RetryPolicy,
    Sent,
    after_graphql_error,
    after_status,
    after_transport_error,
)
from storefront_clients.shopify.telemetry import Telemetry, pinned_version

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Shopify-Access-Token"  # noqa: S105 - a header name, not a secret


class Transport:
    """Sends GraphQL documents to one shop's Admin endpoint; shared by all callers of a client."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoint: str,
        auth: TokenProvider,
        *,
        pacer: Pacer | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        telemetry: Telemetry | None = None,
    ) -> None:
        self._http = http
        # API version, deprecation and bucket readings of the answers, for operators.
        self.telemetry = telemetry or Telemetry(pinned_version(endpoint))
        self._endpoint = endpoint
        self._auth = auth
        self.pacer = pacer or Pacer(clock=clock, sleep=sleep)
        self.retry = retry or RetryPolicy()
        self._clock = clock
        self._sleep = sleep
        self._rand = rand

    def expected_cost(self, document: str, variables: Mapping[str, Any], operation: str) -> float:
        """The cost this call will likely request: our estimate corrected by what we learned."""
        return self.pacer.costs.expected(operation, estimate_cost(document, variables))

    async def execute(
        self,
        document: str,
        variables: Mapping[str, Any],
        *,
        operation: str,
        idempotent: bool,
    ) -> dict[str, Any]:
        """Run the document and answer its `data`; raises a StorefrontError on failure."""
        estimate = float(estimate_cost(document, variables))
        expected = self.pacer.costs.expected(operation, estimate)
        if expected > MAX_QUERY_COST:
            raise MaxCostExceededError(
                f"Shopify {operation}: expected cost {expected:.0f} exceeds {MAX_QUERY_COST:.0f}",
                requested_cost=expected,
            )
        deadline = self._clock() + self.retry.time_budget
        attempt = 0
        refreshed = False
        payload = {"query": document, "variables": dict(variables), "operationName": operation}
        while True:
            attempt += 1
            sent = await self._send_once(payload, operation, estimate, expected, idempotent, not refreshed)
            expected = sent.expected
            if sent.data is not None:
                log.debug(
                    "shopify call", extra={"operation": operation, "attempt": attempt, "cost": expected}
                )
                return sent.data
            error = sent.error
            assert error is not None
            if sent.retry is Retry.REFRESH:
                refreshed = True
            elif sent.retry is Retry.BACKOFF:
                await self._backoff(attempt, deadline, error)
            elif sent.retry is Retry.PAUSE:
                wait = sent.wait or 0.0
                self._check_budget(attempt, deadline, wait, error)
                await self.pacer.pause(wait)
            elif sent.retry is Retry.RESEND:
                # The pacer already holds the next send until the bucket has room for it.
                self._check_budget(attempt, deadline, sent.wait or 0.0, error)
            else:
                raise error

    async def mutate(
        self,
        document: str,
        variables: Mapping[str, Any],
        *,
        operation: str,
        root: str,
        idempotent: bool,
        errors_key: str = "userErrors",
        tolerated: frozenset[str] = frozenset(),
    ) -> Json:
        """Run one mutation and answer the payload under `root`; its `errors_key` errors are raised.

        Every write of the client goes through here. Errors whose codes are all in `tolerated`
        are left in the payload for the caller to read (e.g. bulk operations being busy).
        """
        data = await self.execute(document, variables, operation=operation, idempotent=idempotent)
        payload = obj(data.get(root))
        errors = payload.get(errors_key) or []
        if not (errors and tolerated and all(obj(e).get("code") in tolerated for e in errors)):
            raise_user_errors(payload, root, errors_key)
        return payload

    async def _send_once(
        self,
        payload: dict[str, Any],
        operation: str,
        estimate: float,
        expected: float,
        idempotent: bool,
        may_refresh: bool,
    ) -> Sent:
        """Pace, send once, read the answer; says what the retry policy may do with a failure."""
        token = await self._auth.token()
        await self.pacer.acquire(expected, operation)
        try:
            response = await self._http.post(self._endpoint, json=payload, headers={TOKEN_HEADER: token})
        except httpx.HTTPError as exc:
            self.pacer.release(expected)
            return Sent(
                expected, error=from_transport(exc, operation), retry=after_transport_error(exc, idempotent)
            )
        self.pacer.release(expected)
        self.telemetry.observe_headers(response.headers, operation)
        status = response.status_code
        if status >= 400:
            can_refresh = may_refresh and self._auth.refreshable
            retry, wait = after_status(status, idempotent, can_refresh, retry_after_seconds(response))
            if retry is Retry.REFRESH:
                self._auth.invalidate(token)
            return Sent(expected, error=from_status(response, operation), retry=retry, wait=wait)
        body = self._json(response, operation)
        reading = CostReading.from_extensions(body.get("extensions"))
        if reading is not None:
            self.pacer.observe(reading)
            self.telemetry.observe_cost(
                reading.actual, reading.maximum, reading.available, reading.restore_rate
            )
            if reading.requested is not None:
                self.pacer.costs.learn(operation, reading.requested, estimate)
                self.pacer.learned(operation, reading.requested)
                expected = reading.requested
        errors = body.get("errors")
        partial = (
            partial_problems(str(payload["query"]), operation, error_list(errors), body.get("data"))
            if errors
            else None
        )
        if partial is not None:
            # Data beside field-level errors: the fields named are absent, the rest stands (an
            # applied mutation whose payload came back is applied).
            log.warning(
                "shopify answered with field errors; those fields are absent",
                extra={
                    "operation": operation,
                    "fields": [".".join(p.path) for p in partial],
                    "codes": sorted({p.code or "" for p in partial}),
                },
            )
            notices.report(partial)
            errors = None
        if errors:
            requested = reading.requested if reading else None
            error = from_graphql_errors(error_list(errors), operation, requested)
            retry = after_graphql_error(error, idempotent)
            wait = None
            if retry is Retry.RESEND:
                wait = self.pacer.wait_for(expected)
                assert isinstance(error, TransientStorefrontError)
                error.retry_after = wait
            if isinstance(error, MaxCostExceededError) and reading is None:
                # Refused before running, nothing was charged: give back what we set aside.
                self.pacer.refund(expected)
            return Sent(expected, error=error, retry=retry, wait=wait)
        data = body.get("data")
        if not isinstance(data, dict):
            raise TransientStorefrontError(f"Shopify {operation}: answer without data")
        return Sent(expected, data=data)

    def _json(self, response: httpx.Response, operation: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise TransientStorefrontError(f"Shopify {operation}: answer is not JSON") from None
        if not isinstance(body, dict):
            raise TransientStorefrontError(f"Shopify {operation}: answer is not a JSON object")
        return body

    def _check_budget(self, attempt: int, deadline: float, wait: float, error: StorefrontError) -> None:
        """Raise `error` when another attempt after `wait` seconds is out of bounds."""
        if attempt >= self.retry.max_attempts or self._clock() + wait > deadline:
            if isinstance(error, TransientStorefrontError) and error.retry_after is None:
                error.retry_after = wait
            raise error

    async def _backoff(self, attempt: int, deadline: float, error: StorefrontError) -> None:
        """Sleep the backoff before the next attempt, or raise `error` when out of bounds."""
        delay = self.retry.delay(attempt, self._rand)
        self._check_budget(attempt, deadline, delay, error)
        log.info(
            "shopify call retried",
            extra={"error": error.message, "attempt": attempt, "delay": round(delay, 3)},
        )
        await self._sleep(delay)
