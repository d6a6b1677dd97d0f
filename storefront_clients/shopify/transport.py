"""One GraphQL call to the Admin API with pacing, retries and error mapping.

``Transport.execute`` is called by every operation of ``ShopifyClient``. It paces from the shared
``Pacer``, sends with the current token, and retries what is safe to retry within a bounded
number of attempts and a time budget:

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
from dataclasses import dataclass
from typing import Any

import httpx

from storefront_clients import notices
from storefront_clients.errors import (
    StorefrontError,
    ThrottledError,
    TransientStorefrontError,
)
from storefront_clients.shopify.auth import TokenProvider
from storefront_clients.shopify.cost import estimate_cost
from storefront_clients.shopify.errors import (
    MaxCostExceededError,
    from_graphql_errors,
    from_status,
    from_transport,
    redact,
    retry_after_seconds,
)
from storefront_clients.shopify.pacer import MAX_QUERY_COST, Clock, CostReading, Pacer, Sleep

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Shopify-Access-Token"  # noqa: S105 - a header name, not a secret
# Failures where the request never reached Shopify: always safe to resend.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one call tries: attempts, total time, and the backoff curve."""

    max_attempts: int = 5
    time_budget: float = 8.0
    base_delay: float = 0.2
    max_delay: float = 3.0

    def delay(self, attempt: int, rand: Callable[[], float]) -> float:
        """Capped exponential backoff with jitter (half fixed, half random) before `attempt`+1."""
        capped = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempt - 1))
        return float(capped / 2 + capped / 2 * rand())


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
    ) -> None:
        self._http = http
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
            token = await self._auth.token()
            await self.pacer.acquire(expected)
            try:
                response = await self._http.post(self._endpoint, json=payload, headers={TOKEN_HEADER: token})
            except httpx.HTTPError as exc:
                self.pacer.release(expected)
                error: StorefrontError = from_transport(exc, operation)
                if not idempotent and not isinstance(exc, _NOT_SENT):
                    raise error from None
                await self._backoff(attempt, deadline, error)
                continue
            self.pacer.release(expected)
            status = response.status_code
            if status == 401 and self._auth.refreshable and not refreshed:
                self._auth.invalidate(token)
                refreshed = True
                continue
            if status == 429:
                wait = retry_after_seconds(response)
                error = from_status(response, operation)
                if wait is None:
                    await self._backoff(attempt, deadline, error)
                else:
                    self._check_budget(attempt, deadline, wait, error)
                    await self.pacer.pause(wait)
                continue
            if status >= 500:
                error = from_status(response, operation)
                if not idempotent:
                    raise error
                await self._backoff(attempt, deadline, error)
                continue
            if status >= 400:
                raise from_status(response, operation)
            body = self._json(response, operation)
            reading = CostReading.from_extensions(body.get("extensions"))
            if reading is not None:
                self.pacer.observe(reading)
                if reading.requested is not None:
                    self.pacer.costs.learn(operation, reading.requested, estimate)
                    expected = reading.requested
            errors = body.get("errors")
            partial = _partial(document, operation, _error_list(errors), body.get("data")) if errors else None
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
                error = from_graphql_errors(_error_list(errors), operation, requested)
                if isinstance(error, ThrottledError):
                    wait = self.pacer.wait_for(expected)
                    error.retry_after = wait
                    self._check_budget(attempt, deadline, wait, error)
                    continue
                if type(error) is TransientStorefrontError and idempotent:
                    await self._backoff(attempt, deadline, error)
                    continue
                if isinstance(error, MaxCostExceededError) and reading is None:
                    # Refused before running, nothing was charged: give back what we set aside.
                    self.pacer.refund(expected)
                raise error
            data = body.get("data")
            if not isinstance(data, dict):
                raise TransientStorefrontError(f"Shopify {operation}: answer without data")
            log.debug(
                "shopify call",
                extra={"operation": operation, "attempt": attempt, "cost": expected},
            )
            return data

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


_FATAL_CODES = frozenset({"THROTTLED", "MAX_COST_EXCEEDED"})


def _partial(
    document: str, operation: str, errors: list[Mapping[str, Any]], data: Any
) -> list[notices.FieldProblem] | None:
    """The field problems of an answer that is usable despite its errors, or None when it is not.

    Usable: every error names a field (`path`), the root field it sits under came back non-null,
    and either the call is a mutation (its payload came back, so it applied) or every error is an
    ACCESS_DENIED on a field we can do without (a query's other failures stay failures: a null
    field there could be mistaken for "none").
    """
    if not isinstance(data, dict) or not errors:
        return None
    mutation = document.lstrip().startswith("mutation")
    problems = []
    for error in errors:
        path = error.get("path")
        extensions = error.get("extensions") if isinstance(error.get("extensions"), Mapping) else {}
        code = extensions.get("code") if isinstance(extensions, Mapping) else None
        if not isinstance(path, list) or len(path) < 2 or code in _FATAL_CODES:
            return None
        if data.get(str(path[0])) is None:
            return None
        if not mutation and code != "ACCESS_DENIED":
            return None
        required = extensions.get("requiredAccess") if isinstance(extensions, Mapping) else None
        problems.append(
            notices.FieldProblem(
                operation=operation,
                path=tuple(str(p) for p in path),
                code=str(code) if code else None,
                message=redact(str(error.get("message") or "")),
                required_access=str(required) if required else None,
            )
        )
    return problems


def _error_list(errors: Any) -> list[Mapping[str, Any]]:
    if isinstance(errors, list):
        return [e if isinstance(e, Mapping) else {"message": str(e)} for e in errors]
    return [{"message": str(errors)}]
