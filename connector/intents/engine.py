"""Apply storefront writes through durable intents: record, attempt within a budget, queue or fail."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any, Literal

from sqlmodel import Session

from connector.db.tables import IntentStatus, WriteIntent
from connector.intents.history import tried
from connector.intents.payloads import Payload
from connector.intents.registry import KINDS, IntentKind
from connector.intents.snapshots import running, untried
from connector.repo import intents as repo
from connector.services import Services
from storefront_clients.errors import (
    NoAnswerError,
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)

log = logging.getLogger("connector.intents")

LEASE = timedelta(seconds=60)
# How long, in store timeouts, an ambiguous write is held before anyone re-reads the state its
# performer decides on. A store may apply a request it received well after we stopped waiting (a
# loaded server); one timeout left a write landing at 1.8 timeouts a 0.2-timeout margin and it was
# applied twice under load (tests/guarantees/test_fulfil_once.py). Two timeouts cover a write that
# lands up to three store timeouts after it was sent.
HOLD_TIMEOUTS = 2.0
OUT_OF_BUDGET = "the store did not answer within the request's time budget"


class OutOfBudgetError(NoAnswerError):
    """We stopped waiting for the store (the request's budget ran out); says nothing about why."""


def informative(exc: TransientStorefrontError, earlier: str | None) -> str:
    """The error to keep: a failure without an answer loses to an earlier message (the store's)."""
    return earlier if isinstance(exc, NoAnswerError) and earlier else str(exc)


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


def ambiguous_hold(services: Services) -> float:
    """Seconds an intent waits after an ambiguous failure before its state is read again."""
    return HOLD_TIMEOUTS * services.settings.shopify_timeout_seconds


def record(session: Session, key: str, refnum: str | None, payload: Payload) -> WriteIntent:
    """Record an intent in the caller's transaction (new, or re-opened when its payload changed)."""
    return repo.ensure(session, key, payload.KIND, refnum, payload.to_json())


def record_new(session: Session, items: list[tuple[str, str | None, Payload]]) -> None:
    """Record many new intents (key, refnum, payload) in one statement; existing keys stay as they are."""
    repo.insert_new(session, [repo.NewIntent(key, p.KIND, refnum, p.to_json()) for key, refnum, p in items])


async def execute(
    services: Services,
    *,
    key: str,
    refnum: str | None,
    payload: Payload,
    budget: float | None = None,
) -> Outcome:
    """Record the intent durably, then try to apply it within `budget` seconds (actions call this)."""
    stored = payload.to_json()
    # A failed intent sent again is re-opened: the merchant may have fixed the cause.
    status, result = await services.db.run(
        partial(repo.ensure_reopened, key=key, kind=payload.KIND, refnum=refnum, payload=stored)
    )
    if status == IntentStatus.DONE:
        return Outcome("done", json.loads(result or "{}"), repeat=True)
    if budget is None:
        budget = services.settings.connector_write_budget_seconds
    return await attempt(services, key, budget, bounded=True)


async def _perform(
    kind: IntentKind[Any], services: Services, payload: dict[str, Any], limit: float | None
) -> dict[str, Any]:
    """Run a performer, within `limit` seconds when a request is waiting for the answer."""
    if limit is None:
        return await kind.apply(services, payload)
    try:
        return await asyncio.wait_for(kind.apply(services, payload), timeout=max(0.5, limit))
    except TimeoutError:
        # We stopped waiting; the store may still apply the write, so it counts as uncertain.
        raise OutOfBudgetError(OUT_OF_BUDGET) from None


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
    kind = KINDS.get(intent.kind)
    payload = json.loads(intent.payload)
    running.set((key, payload))
    tries = 0
    # The store's own message from an earlier try (or attempt) beats our "stopped waiting".
    earlier: str | None = intent.last_error
    while True:
        tries += 1
        # Only the first try of an intent nobody attempted before may use what the request read.
        untried.set(tries == 1 and intent.attempts == 1 and intent.last_error is None)
        try:
            limit = deadline - time.monotonic() if bounded else None
            if kind is None:
                raise LookupError(f"no performer for intent kind {intent.kind!r}")
            result = await tried(services, intent, _perform(kind, services, payload, limit))
        except TransientStorefrontError as exc:
            wait = exc.retry_after if exc.retry_after is not None else min(0.25 * 2**tries, 2.0)
            # Only a throttle says "not applied". After a timeout, reset or 5xx the write may still
            # be in flight at the store (we merely stopped waiting for it), so nobody re-reads the
            # state the performer decides on until the hold has passed: a write without an
            # idempotency key (fulfillmentCreate, orderCapture) that lands late is then seen, not repeated.
            hold = 0.0 if isinstance(exc, ThrottledError) else ambiguous_hold(services)
            wait = max(wait, hold)
            message = informative(exc, earlier)
            earlier = message
            if time.monotonic() + wait < deadline:
                await asyncio.sleep(wait)
                continue
            delay = timedelta(seconds=max(backoff(intent.attempts), hold))
            await services.db.run(
                partial(repo.defer, key=key, error=message, delay=delay, hold=timedelta(seconds=hold))
            )
            log.warning("intent %s queued after transient failure: %s", key, exc)
            return Outcome("queued", error=message)
        except PermanentStorefrontError as exc:
            message = str(exc)
            await services.db.run(partial(repo.fail, key=key, error=message))
            log.warning("intent %s refused by the storefront: %s", key, exc)
            return Outcome("failed", error=str(exc), user_errors=exc.user_errors)
        except Exception as exc:
            # A bug or an answer nobody foresaw: this intent waits with the error (held one store
            # timeout, since a write may have gone out); the rest of a batch goes on.
            message = f"unexpected {type(exc).__name__}: {exc}"
            hold = ambiguous_hold(services)
            delay = timedelta(seconds=max(backoff(intent.attempts), hold))
            await services.db.run(
                partial(repo.defer, key=key, error=message, delay=delay, hold=timedelta(seconds=hold))
            )
            log.exception("intent %s deferred after an unexpected error", key)
            return Outcome("queued", error=message)
        await services.db.run(partial(repo.finish, key=key, result=result))
        return Outcome("done", result)
