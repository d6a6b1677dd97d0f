"""Snapshots a performer keeps in its running intent's payload (`remember`); set up by the engine."""

from __future__ import annotations

import contextvars
from functools import partial
from typing import Any

from connector.repo import intents as repo
from connector.services import Services

# The intent a performer is applying (set by `attempt`): its key and stored payload, for `remember`.
running: contextvars.ContextVar[tuple[str, dict[str, Any]] | None] = contextvars.ContextVar(
    "intent_running", default=None
)


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
