"""State of the background workers: their wake-up signals, the flush lock, the SKU-map warm-up mark."""

from __future__ import annotations

import asyncio
import time

from storefront_clients.base import InventoryQuantity


class Wakeup:
    """A signal that runs a worker now instead of at its next interval (the scheduler waits on it)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def wake(self) -> None:
        """Ask the worker to run soon (actions and jobs call this after queueing work)."""
        self.event.set()

    async def wait(self) -> None:
        """Wait for the next wake-up and consume it (the scheduler's wake-up loop calls this)."""
        await self.event.wait()
        self.event.clear()


class InventoryFlusher(Wakeup):
    """The inventory flush worker: woken by every push; one flush at a time per process.

    Replicas are kept apart by row leases in the database; the lock only orders this process.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lock = asyncio.Lock()
        # Sends whose answer was lost (timeout, reset, 5xx): key -> the exact quantities. Each is
        # sent again with its key before anything newer goes out; Shopify answers the first result
        # once it has landed, or IDEMPOTENCY_CONCURRENT_REQUEST while it is still in flight.
        self.unsettled: dict[str, tuple[InventoryQuantity, ...]] = {}


class IntentWorker(Wakeup):
    """The write-intent retry worker: woken when a write is queued for background delivery."""


class SkuMapWarmup:
    """Whether a SKU map warm-up is running (the flusher waits for it on a cold start)."""

    def __init__(self) -> None:
        self.since: float | None = None

    def begin(self) -> None:
        """Mark a warm-up as started now."""
        self.since = time.monotonic()

    def end(self) -> None:
        """Mark the warm-up finished."""
        self.since = None

    def running(self, at_most: float) -> bool:
        """True while a warm-up started less than `at_most` seconds ago is running."""
        return self.since is not None and time.monotonic() - self.since < at_most
