"""Call priority: store calls made while a caller waits (RetailOps' requests) go ahead of background work.

The connector's request path wraps each action in ``interactive()``; storefront clients read
``is_interactive()`` when they pace a call (``storefront_clients.shopify.pacer``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

_INTERACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("storefront_interactive", default=False)


@contextmanager
def interactive() -> Iterator[None]:
    """Mark the store calls made inside (and in tasks started inside) as interactive."""
    token = _INTERACTIVE.set(True)
    try:
        yield
    finally:
        _INTERACTIVE.reset(token)


def is_interactive() -> bool:
    """Whether the current task's store calls are interactive."""
    return _INTERACTIVE.get()
