"""Apply storefront writes through durable intents: record, attempt within a budget, queue or fail."""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any, Literal

from connector.db.tables import IntentStatus
from connector.repo import intents as repo
from connector.services import Services
from storefront_clients.errors import (
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)

log = logging.getLogger("connector.intents")

Performer = Callable[[Services, dict[str, Any]], Awaitable[dict[str, Any]]]
PERFORMERS: dict[str, Performer] = {}
LEASE = timedelta(seconds=60)
# The key of the intent a performer is applying (set by `attempt`), for `remember`.
_CURRENT_KEY: contextvars.ContextVar[str | None] = contextvars.ContextVar("intent_key", default=None)


async def remember(services: Services, payload: dict[str, Any], name: str, value: Any) -> None:
    """Keep `value` in the running intent's payload (durably, before the store call it prepares).

    Performers use it for what must be identical on every attempt (the exact input of a write with
    an idempotency key) or for progress a retry must not redo (fulfillments already created).
    `name` starts with "_": such keys are snapshots, not part of what RetailOps asked.
    """
    if not name.startswith("_"):
        raise ValueError(f"remembered payload keys start with '_': {name!r}")
    payload[name] = value
    key = _CURRENT_KEY.get()
    if key is not None:
        await services.db.run(partial(repo.amend, key=key, name=name, value=value))


def performer(kind: str) -> Callable[[Performer], Performer]:
    """Register the function that applies intents of `kind`; actions declare theirs at import."""

    def register(fn: Performer) -> Performer:
        PERFORMERS[kind] = fn
        return fn

    return register


@dataclass(frozen=True)
class Outcome:
    """What happened to an intent: applied (now or before), queued for retry, or refused."""

    status: Literal["done", "queued", "failed"]
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    user_errors: tuple[UserError, ...] = ()
    repeat: bool = False


def backoff(attempts: int, cap: float = 300.0) -> float:
    """Capped, jittered exponential delay in seconds for the given attempt count."""
    base: float = min(cap, 2.0 ** min(attempts, 16))
    return base / 2 + random.uniform(0, base / 2)  # noqa: S311 - jitter, not security


async def execute(
    services: Services,
    *,
    key: str,
    kind: str,
    refnum: str | None,
    payload: dict[str, Any],
    budget: float | None = None,
) -> Outcome:
    """Record the intent durably, then try to apply it within `budget` seconds (actions call this)."""

    def record(session: Any) -> tuple[str, str | None, str | None]:
        intent = repo.ensure(session, key, kind, refnum, payload)
        if intent.status == IntentStatus.FAILED:
            # RetailOps sent it again: the merchant may have fixed the cause, so try once more.
            intent.status = IntentStatus.PENDING
            intent.attempts = 0
            session.add(intent)
        return intent.status, intent.result, intent.last_error

    status, result, _ = await services.db.run(record)
    if status == IntentStatus.DONE:
        return Outcome("done", json.loads(result or "{}"), repeat=True)
    if budget is None:
        budget = services.settings.connector_write_budget_seconds
    return await attempt(services, key, budget, bounded=True)


async def _perform(
    perform: Performer, services: Services, payload: dict[str, Any], limit: float | None
) -> dict[str, Any]:
    """Run a performer, within `limit` seconds when a request is waiting for the answer."""
    if limit is None:
        return await perform(services, payload)
    try:
        return await asyncio.wait_for(perform(services, payload), timeout=max(0.5, limit))
    except TimeoutError:
        # We stopped waiting; the store may still apply the write, so it counts as uncertain.
        raise TransientStorefrontError("the store did not answer within the request's time budget") from None


async def attempt(services: Services, key: str, budget: float, bounded: bool = False) -> Outcome:
    """Lease and apply one pending intent within `budget` s; `bounded` (requests) also cuts slow calls off."""
    deadline = time.monotonic() + budget
    intent = await services.db.run(lambda s: repo.claim(s, key, LEASE))
    if intent is None:
        current = await services.db.run(lambda s: repo.get(s, key))
        if current is not None and current.status == IntentStatus.DONE:
            return Outcome("done", json.loads(current.result or "{}"), repeat=True)
        if current is not None and current.status == IntentStatus.FAILED:
            return Outcome("failed", error=current.last_error)
        return Outcome("queued", error="another worker is applying this change")
    perform = PERFORMERS[intent.kind]
    payload = json.loads(intent.payload)
    _CURRENT_KEY.set(key)
    tries = 0
    while True:
        tries += 1
        try:
            limit = deadline - time.monotonic() if bounded else None
            result = await _perform(perform, services, payload, limit)
        except TransientStorefrontError as exc:
            wait = exc.retry_after if exc.retry_after is not None else min(0.25 * 2**tries, 2.0)
            # Only a throttle says "not applied". After a timeout, reset or 5xx the write may still
            # be in flight at the store (we merely stopped waiting for it), so nobody re-reads the
            # state the performer decides on until one store timeout has passed: a write without an
            # idempotency key (fulfillmentCreate, orderCapture) that lands late is then seen, not repeated.
            hold = 0.0 if isinstance(exc, ThrottledError) else services.settings.shopify_timeout_seconds
            wait = max(wait, hold)
            if time.monotonic() + wait < deadline:
                await asyncio.sleep(wait)
                continue
            delay = timedelta(seconds=max(backoff(intent.attempts), hold))
            message = str(exc)
            await services.db.run(
                partial(repo.defer, key=key, error=message, delay=delay, hold=timedelta(seconds=hold))
            )
            log.warning("intent %s queued after transient failure: %s", key, exc)
            return Outcome("queued", error=str(exc))
        except PermanentStorefrontError as exc:
            message = str(exc)
            await services.db.run(partial(repo.fail, key=key, error=message))
            log.warning("intent %s refused by the storefront: %s", key, exc)
            return Outcome("failed", error=str(exc), user_errors=exc.user_errors)
        await services.db.run(partial(repo.finish, key=key, result=result))
        return Outcome("done", result)
