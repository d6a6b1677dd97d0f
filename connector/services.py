"""The objects every action and job needs, built once in the app's lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.db.session import Database
from connector.observability.metrics import Metrics
from connector.settings import Settings
from storefront_clients.base import StorefrontClient

if TYPE_CHECKING:
    from connector.jobs.commitments import Commitments


log = logging.getLogger("connector.services")


@dataclass
class Services:
    """Settings, database, storefront client and metrics, shared by actions and jobs."""

    settings: Settings
    db: Database
    storefront: StorefrontClient
    metrics: Metrics
    # Set by inventory_push so the flusher runs now instead of at its next interval.
    inventory_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when a write intent is queued for background delivery (e.g. an acknowledged order's tag).
    intent_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Set by a webhook so order_sync runs now instead of at its next interval.
    order_sync_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # One order sync at a time per process (the job, a webhook wake-up, a lagging order_pull).
    order_sync_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Set when Shopify reported app/uninstalled: the jobs stop and /healthz says so.
    uninstalled_at: str | None = None
    # Stops the scheduled jobs (set by the app's lifespan when jobs run; app/uninstalled calls it).
    stop_jobs: Callable[[], Awaitable[None]] | None = None
    # One flush at a time per process; replicas are kept apart by row leases in the database.
    flush_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    default_location: str | None = None
    # (monotonic time, verdict) of the last storefront reachability check made by /healthz.
    storefront_health: tuple[float, str] | None = None
    # Monotonic start time of a running SKU map warm-up (the flusher waits for it on a cold start).
    sku_map_warming_since: float | None = None
    # Cached units held by unacknowledged orders (connector.jobs.commitments); None until read.
    commitments: Commitments | None = None

    # Background work that must not delay an answer; kept referenced until done (see `spawn`).
    background: set[asyncio.Task[Any]] = field(default_factory=set)

    def spawn(self, work: Coroutine[Any, Any, Any], what: str) -> None:
        """Run `work` after the answer; a failure is logged, never raised into a request."""
        task = asyncio.get_running_loop().create_task(work, name=what)
        self.background.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self.background.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("background %s failed: %r", what, finished.exception())

        task.add_done_callback(done)
