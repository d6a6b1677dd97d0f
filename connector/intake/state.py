"""The order intake subsystem's state: the order_sync wake-up and lock, and the app's install status."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from connector.workers import Wakeup


class OrderIntake(Wakeup):
    """Woken by webhooks; one order sync at a time per process (the job, a wake-up, a lagging pull)."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = asyncio.Lock()
        # Set when Shopify reported app/uninstalled: the jobs stop and /healthz says so.
        self.uninstalled_at: str | None = None
        # Stops the scheduled jobs (set by start_jobs; app/uninstalled calls it once).
        self.stop_jobs: Callable[[], Awaitable[None]] | None = None
