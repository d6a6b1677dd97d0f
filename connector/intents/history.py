"""Record each attempt of a write intent at the store (the engine wraps every performer call)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from dataclasses import asdict
from functools import partial
from typing import Any

from connector.db.tables import WriteIntent
from connector.repo import attempts, runs
from connector.services import Services
from storefront_clients.errors import (
    PermanentStorefrontError,
    StorefrontError,
    ThrottledError,
)

log = logging.getLogger("connector.intents")


def classify(exc: BaseException | None) -> str:
    """applied, refused, transient (throttled: the store did not apply it) or ambiguous (it may have)."""
    if exc is None:
        return "applied"
    if isinstance(exc, PermanentStorefrontError):
        return "refused"
    if isinstance(exc, ThrottledError):
        return "transient"
    # A timeout, reset, 5xx or an unforeseen error: the write may still have reached the store.
    return "ambiguous"


async def tried(services: Services, intent: WriteIntent, call: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """Await one performer call and keep the attempt (outcome, answer, duration); re-raise its error."""
    started = time.perf_counter()
    try:
        result = await call
    except Exception as exc:
        await _keep(services, intent, exc, started)
        raise
    await _keep(services, intent, None, started)
    return result


async def _keep(services: Services, intent: WriteIntent, error: Exception | None, started: float) -> None:
    """Store one attempt in its own transaction (named after the job's run, if any)."""
    message = str(error) if error is not None else None
    if error is not None and not isinstance(error, StorefrontError):
        message = f"unexpected {type(error).__name__}: {error}"
    user_errors = [asdict(e) for e in error.user_errors] if isinstance(error, StorefrontError) else None
    duration = int((time.perf_counter() - started) * 1000)
    record = attempts.Tried(classify(error), message, user_errors or None, duration)
    try:
        await services.db.run(partial(attempts.record, intent=intent, tried=record, run=runs.current.get()))
    except Exception:  # the history is for operators; never let it change a write's outcome
        log.exception("could not record an attempt of intent %s", intent.idempotency_key)
