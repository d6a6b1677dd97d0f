"""Cost-aware pacing for Shopify's leaky bucket, shared by every caller of one client.

The transport asks ``Pacer.acquire(cost)`` before each call and feeds every answer's
``extensions.cost`` back through ``Pacer.observe``. Between readings the available points are
estimated with the restore rate; a call whose expected cost does not fit waits
``(expected - available) / restoreRate`` first. ``CostBook`` remembers what each operation really
requested so the next call's expectation (and page sizes) follow Shopify, not our estimate.

Priority: a call made while RetailOps waits (``storefront_clients.priority.interactive()``, set by the request
path) goes ahead of background work. Background calls (flush, sync, reconcile) wait outside the
queue while an interactive call waits, and leave headroom for the largest interactive call seen;
with no interactive traffic they still drain the bucket at its restore rate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from storefront_clients.priority import is_interactive

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Shopify Standard plan; replaced by the first real throttleStatus reading.
DEFAULT_MAXIMUM = 2000.0
DEFAULT_RESTORE_RATE = 100.0
MAX_QUERY_COST = 1000.0
# Longest a background caller sleeps before looking again (an interactive call may have arrived).
BACKGROUND_RECHECK_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class CostReading:
    """One answer's `extensions.cost`."""

    requested: float | None
    actual: float | None
    maximum: float | None
    available: float | None
    restore_rate: float | None

    @classmethod
    def from_extensions(cls, extensions: Mapping[str, Any] | None) -> CostReading | None:
        """Parse `extensions.cost`, or None when the answer carried none."""
        cost = (extensions or {}).get("cost")
        if not isinstance(cost, Mapping):
            return None
        status = cost.get("throttleStatus")
        status = status if isinstance(status, Mapping) else {}
        return cls(
            requested=_number(cost.get("requestedQueryCost")),
            actual=_number(cost.get("actualQueryCost")),
            maximum=_number(status.get("maximumAvailable")),
            available=_number(status.get("currentlyAvailable")),
            restore_rate=_number(status.get("restoreRate")),
        )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class CostBook:
    """Requested costs learned per operation, and the ratio of real cost to our estimate."""

    def __init__(self) -> None:
        self._requested: dict[str, float] = {}
        self._ratio: dict[str, float] = {}

    def expected(self, operation: str, estimate: float) -> float:
        """What the next call of this operation will likely request (estimate corrected)."""
        ratio = self._ratio.get(operation)
        if ratio is not None and estimate > 0:
            return estimate * ratio
        return self._requested.get(operation, estimate)

    def last_requested(self, operation: str) -> float | None:
        """What the operation's latest answered call requested, if any."""
        return self._requested.get(operation)

    def ratio(self, operation: str) -> float:
        """Real requested cost over our estimate for this operation (1.0 until learned)."""
        return self._ratio.get(operation, 1.0)

    def learn(self, operation: str, requested: float, estimate: float) -> None:
        """Record Shopify's requestedQueryCost for a call we had estimated at `estimate`."""
        self._requested[operation] = requested
        if estimate > 0:
            self._ratio[operation] = requested / estimate


class Pacer:
    """Leaky-bucket bookkeeping shared by concurrent asyncio callers of one client."""

    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        maximum: float = DEFAULT_MAXIMUM,
        restore_rate: float = DEFAULT_RESTORE_RATE,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self.maximum = maximum
        self.restore_rate = restore_rate
        self._available = maximum
        self._at = clock()
        # Points taken by calls sent but not yet answered: a reading from one answer cannot
        # include them, so they are subtracted from it (else concurrent callers overspend).
        self._inflight = 0.0
        self.costs = CostBook()
        self.total_wait = 0.0
        # Interactive callers queued or sleeping in `acquire`; background callers yield to them.
        self._interactive_waiting = 0
        # Headroom background work leaves: the largest expected cost of an interactive operation
        # (none seen: none kept). Kept per operation so Shopify's requestedQueryCost replaces our
        # first estimate: an all-time maximum kept an estimate several times the real cost (755
        # points for FulfillmentOrders, which requests 194) idle in the bucket for good.
        self._interactive_costs: dict[str, float] = {}

    def available(self) -> float:
        """Points estimated available now: last reading plus what restored since."""
        elapsed = max(0.0, self._clock() - self._at)
        return min(self.maximum, self._available + elapsed * self.restore_rate)

    def wait_for(self, cost: float) -> float:
        """Seconds until `cost` points fit in the bucket (0 when they fit now)."""
        cost = min(cost, self.maximum)
        missing = cost - self.available()
        return max(0.0, missing / self.restore_rate) if missing > 0 else 0.0

    @property
    def largest_interactive(self) -> float:
        """Points background work keeps free for an interactive call."""
        return max(self._interactive_costs.values(), default=0.0)

    def learned(self, operation: str, requested: float) -> None:
        """Shopify's requestedQueryCost for `operation`: the headroom follows it (called by the transport)."""
        if operation in self._interactive_costs:
            self._interactive_costs[operation] = min(requested, self.maximum)

    async def acquire(self, cost: float, operation: str = "") -> float:
        """Wait until `cost` points are available, then take them; answers the seconds waited."""
        if not is_interactive():
            return await self._acquire_background(cost)
        self._interactive_costs[operation] = min(cost, self.maximum)
        self._interactive_waiting += 1
        try:
            return await self._acquire_now(cost)
        finally:
            self._interactive_waiting -= 1

    async def _acquire_background(self, cost: float) -> float:
        """Take `cost` points only while no interactive call waits and the headroom stays free."""
        waited = 0.0
        while True:
            if self._interactive_waiting == 0 and not self._lock.locked():
                reserve = min(self.largest_interactive, max(0.0, self.maximum - min(cost, self.maximum)))
                wait = self.wait_for(min(cost, self.maximum) + reserve)
                if wait <= 1e-9:  # float rounding after sleeping exactly the wait
                    return waited + await self._acquire_now(cost)
            else:
                wait = BACKGROUND_RECHECK_SECONDS
            # Sleeping outside the lock: an interactive call arriving meanwhile goes first.
            step = max(wait, 0.001)
            waited += step
            self.total_wait += step
            await self._sleep(step)

    async def _acquire_now(self, cost: float) -> float:
        async with self._lock:
            # Holding the lock while sleeping queues callers in order: nobody jumps the bucket.
            wait = self.wait_for(cost)
            if wait > 0:
                self.total_wait += wait
                await self._sleep(wait)
            self._available = self.available() - min(cost, self.maximum)
            self._at = self._clock()
            self._inflight += min(cost, self.maximum)
            return wait

    def refund(self, cost: float) -> None:
        """Give back points taken for a call Shopify refused without charging (no cost reading)."""
        self._available = min(self.maximum, self._available + min(cost, self.maximum))

    def release(self, cost: float) -> None:
        """The call that acquired `cost` was answered (or failed); stop counting it as in flight."""
        self._inflight = max(0.0, self._inflight - min(cost, self.maximum))

    def observe(self, reading: CostReading) -> None:
        """Adopt Shopify's view of the bucket from an answer."""
        if reading.maximum:
            self.maximum = reading.maximum
        if reading.restore_rate:
            self.restore_rate = reading.restore_rate
        if reading.available is not None:
            self._available = reading.available - self._inflight
            self._at = self._clock()

    async def pause(self, seconds: float) -> None:
        """Hold every caller for `seconds` (HTTP 429 Retry-After): the bucket is empty for all."""
        if seconds <= 0:
            return
        async with self._lock:
            self.total_wait += seconds
            await self._sleep(seconds)
            self._available = 0.0
            self._at = self._clock()
