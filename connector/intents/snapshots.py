"""Snapshots a performer keeps in its running intent's payload (`remember`); set up by the engine.

Also a request's own read handed to the first try of a brand-new intent (`offer`, `offered`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, Protocol, TypeVar

from connector.repo import intents as repo
from connector.services import Services
from storefront_clients.base import StoreOrder


class _Read(Protocol):
    """A store read of one order (StoreOrder, ShippingState, AppliedState …)."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Read)

# The intent a performer is applying (set by `attempt`): its key and stored payload, for `remember`.
running: contextvars.ContextVar[tuple[str, dict[str, Any]] | None] = contextvars.ContextVar(
    "intent_running", default=None
)
# Set by `attempt`: this try is the first of an intent never attempted before (attempts == 1, no
# error kept), so no earlier try of it can have reached the store, applied or in flight.
untried: contextvars.ContextVar[bool] = contextvars.ContextVar("intent_untried", default=False)
# What the request read moments before recording an intent (`offer`): the intent's key and the value.
_offered: contextvars.ContextVar[tuple[str, object] | None] = contextvars.ContextVar(
    "intent_offered", default=None
)


@contextmanager
def offer(key: str, value: object) -> Iterator[None]:
    """Hand `value` (the action's own read) to the first try of intent `key` while the block runs.

    Actions call this around `execute`; only an untried intent's first try takes it (`offered`),
    every other try or attempt (a retry, the drain job, a repeated request) reads the store again.
    """
    token = _offered.set((key, value))
    try:
        yield
    finally:
        _offered.reset(token)


def offered(kind: type[T], order_id: str) -> T | None:
    """The action's read of order `order_id` offered for the running intent, if this is the intent's
    first try ever (nothing of it can be in the store yet); None: the performer reads the store."""
    current, offer_ = running.get(), _offered.get()
    if current is None or offer_ is None or not untried.get():
        return None
    key, value = offer_
    if key != current[0] or not isinstance(value, kind) or value.id != order_id:
        return None
    return value


async def current_order(services: Services, order_id: str) -> StoreOrder | None:
    """The order as the store holds it, for a performer: the offered read, else read again."""
    return offered(StoreOrder, order_id) or (await services.storefront.fetch_orders([order_id])).get(order_id)


async def remember(services: Services, name: str, value: Any) -> None:
    """Keep `value` in the running intent's stored payload (durably, before the store call it prepares).

    Performers use it for what must be identical on every attempt (the exact input of a write with
    an idempotency key) or for progress a retry must not redo (fulfillments already created); the
    payload type reads it back as a snapshot field. `name` starts with "_": snapshots are not part
    of what RetailOps asked, so the request's hash is unchanged.
    """
    if not name.startswith("_"):
        raise ValueError(f"remembered payload keys start with '_': {name!r}")
    current = running.get()
    if current is None:
        return
    key, stored = current
    stored[name] = value  # the next attempt in this process decodes it too
    await services.db.run(partial(repo.amend, key=key, name=name, value=value))
