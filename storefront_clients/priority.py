"""Call origin: who a store call is made for -- a waiting RetailOps request, or background work.

One marker serves two readers: the pacer (``storefront_clients.shopify.pacer``) lets calls made
while a caller waits go ahead of background work, and the telemetry
(``storefront_clients.shopify.telemetry``) splits bucket usage by origin. The connector's request
path wraps each action in ``interactive()``; everything else (scheduled jobs) is background.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

Origin = Literal["request", "job"]

_ORIGIN: contextvars.ContextVar[Origin] = contextvars.ContextVar("storefront_call_origin", default="job")


@contextmanager
def interactive() -> Iterator[None]:
    """Mark the store calls made inside (and in tasks started inside) as made for a waiting request."""
    token = _ORIGIN.set("request")
    try:
        yield
    finally:
        _ORIGIN.reset(token)


def call_origin() -> Origin:
    """Who the current task's store calls are for: "request" or "job" (telemetry reads it)."""
    return _ORIGIN.get()


def is_interactive() -> bool:
    """Whether the current task's store calls are made for a waiting request (the pacer reads it)."""
    return _ORIGIN.get() == "request"
