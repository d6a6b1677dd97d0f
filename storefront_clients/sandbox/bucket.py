"""Leaky-bucket rate limiter with Shopify's throttleStatus numbers; one per sandbox app."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class LeakyBucket:
    """Cost bucket: `size` points, refilled at `restore_rate`/s x `time_scale`."""

    def __init__(
        self,
        size: float,
        restore_rate: float,
        time_scale: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.restore_rate = restore_rate
        self.time_scale = time_scale
        self._clock = clock
        self._level = size
        self._stamp = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        gained = (now - self._stamp) * self.restore_rate * self.time_scale
        self._level = min(self.size, self._level + gained)
        self._stamp = now

    def configure(self, size: float, restore_rate: float, time_scale: float) -> None:
        """Change limits (admin API); the level is clamped to the new size."""
        with self._lock:
            self._refill()
            self.size, self.restore_rate, self.time_scale = size, restore_rate, time_scale
            self._level = min(self._level, size)

    def fill(self, level: float | None = None) -> None:
        """Set the level (default: full); used by reset and tests."""
        with self._lock:
            self._level = self.size if level is None else min(level, self.size)
            self._stamp = self._clock()

    def try_take(self, cost: float) -> bool:
        """Take `cost` points if available; False means THROTTLED."""
        with self._lock:
            self._refill()
            if cost > self._level:
                return False
            self._level -= cost
            return True

    def give_back(self, points: float) -> None:
        """Return points not used (requested minus actual cost)."""
        with self._lock:
            self._refill()
            self._level = min(self.size, self._level + max(points, 0))

    def status(self) -> dict[str, float | int]:
        """The `throttleStatus` object Shopify puts in extensions.cost."""
        with self._lock:
            self._refill()
            return {
                "maximumAvailable": _num(self.size),
                "currentlyAvailable": int(self._level),
                "restoreRate": _num(self.restore_rate),
            }


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
