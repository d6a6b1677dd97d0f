"""The transport's retry rules: the policy's bounds, and what one failed send allows (pure functions).

Used by ``Transport``: a connection failure before the request left is always resent, after it only
when idempotent; HTTP 401 refreshes the token once, 429 waits, 5xx resends only when idempotent;
GraphQL THROTTLED is resent (not applied), INTERNAL_SERVER_ERROR only when idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import httpx

from storefront_clients.errors import StorefrontError, ThrottledError, TransientStorefrontError

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


class Retry(Enum):
    """What the retry policy may do after one failed send."""

    NO = "raise"  # not safe or not useful to resend
    BACKOFF = "backoff"  # resend after the capped, jittered backoff
    PAUSE = "pause"  # HTTP 429 with Retry-After: pause every caller that long, then resend
    RESEND = "resend"  # THROTTLED: resend once the pacer has room (it waits in acquire)
    REFRESH = "refresh"  # 401 with a refreshable token: fetch a new token and resend at once


@dataclass(slots=True)
class Sent:
    """What one send produced: `data`, or an `error` and the retry the policy allows for it."""

    expected: float  # the cost to reserve next time (corrected by what Shopify reported)
    data: dict[str, Any] | None = None
    error: StorefrontError | None = None
    retry: Retry = Retry.NO
    wait: float | None = None


def after_transport_error(exc: httpx.HTTPError, idempotent: bool) -> Retry:
    """A connection failure before the request left is always resent; after it, only if idempotent."""
    return Retry.BACKOFF if idempotent or isinstance(exc, _NOT_SENT) else Retry.NO


def after_status(
    status: int, idempotent: bool, can_refresh: bool, retry_after: float | None
) -> tuple[Retry, float | None]:
    """An HTTP error status: 401 refreshes once, 429 always waits, 5xx resends only if idempotent."""
    if status == 401 and can_refresh:
        return Retry.REFRESH, None
    if status == 429:
        return (Retry.BACKOFF, None) if retry_after is None else (Retry.PAUSE, retry_after)
    if status >= 500:
        return (Retry.BACKOFF if idempotent else Retry.NO), None
    return Retry.NO, None


def after_graphql_error(error: StorefrontError, idempotent: bool) -> Retry:
    """GraphQL `errors`: THROTTLED (not applied) is resent; INTERNAL_SERVER_ERROR only if idempotent."""
    if isinstance(error, ThrottledError):
        return Retry.RESEND
    if type(error) is TransientStorefrontError and idempotent:
        return Retry.BACKOFF
    return Retry.NO
