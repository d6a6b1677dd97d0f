"""What the store's answers say about the API version, deprecations and the rate-limit bucket.

The transport feeds every answer into one ``Telemetry`` per client; the connector's console,
``/metrics``, ``status`` and ``doctor`` read it. Shopify returns ``X-Shopify-API-Version`` (the
version that executed the request; another than the one asked for means the pinned version is
no longer served) and ``X-Shopify-API-Deprecated-Reason`` (deprecated fields the request used;
a list of fields since 2025-04) -- https://shopify.dev/docs/api/usage/versioning and
https://shopify.dev/changelog/graphql-return-actual-deprecation-reasons.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from storefront_clients.priority import call_origin

VERSION_HEADER = "X-Shopify-API-Version"
DEPRECATED_HEADER = "X-Shopify-API-Deprecated-Reason"
USAGE_WINDOW_SECONDS = 60.0
_MAX_DEPRECATIONS = 50
_VERSION_IN_URL = re.compile(r"/admin/api/([0-9]{4}-[0-9]{2}|unstable)/")


def pinned_version(endpoint: str) -> str | None:
    """The API version named in an Admin endpoint URL, if any."""
    found = _VERSION_IN_URL.search(endpoint)
    return found.group(1) if found else None


@dataclass
class Deprecation:
    """One deprecation notice seen in answers: how often, last when, on which operation."""

    reason: str
    count: int
    last_seen: float
    operation: str


class Telemetry:
    """Answer headers and cost readings of one client; cheap enough to run on every call."""

    def __init__(self, pinned: str | None, *, wall: Any = time.time, clock: Any = time.monotonic) -> None:
        self.pinned = pinned
        self.answered: str | None = None
        self.answered_at: float | None = None
        self.deprecations: dict[str, Deprecation] = {}
        # Local clock minus the store's `Date` header at the last answer (seconds; None before one).
        self.clock_skew: float | None = None
        self.bucket: dict[str, float] | None = None
        self.bucket_at: float | None = None
        self._usage: deque[tuple[float, str, float]] = deque()
        self._wall = wall
        self._clock = clock

    def observe_headers(self, headers: Mapping[str, str], operation: str) -> None:
        """Record the version and deprecation headers of one answer."""
        version = headers.get(VERSION_HEADER)
        if version:
            self.answered = version.strip()
            self.answered_at = self._wall()
        date = headers.get("Date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                self.clock_skew = self._wall() - parsedate_to_datetime(date).timestamp()
        reason = headers.get(DEPRECATED_HEADER)
        if reason:
            reason = reason.strip()[:500]
            seen = self.deprecations.get(reason)
            if seen is None:
                if len(self.deprecations) >= _MAX_DEPRECATIONS:
                    oldest = min(self.deprecations.values(), key=lambda d: d.last_seen)
                    del self.deprecations[oldest.reason]
                self.deprecations[reason] = Deprecation(reason, 1, self._wall(), operation)
            else:
                seen.count += 1
                seen.last_seen = self._wall()
                seen.operation = operation

    def observe_cost(
        self, actual: float | None, maximum: float | None, available: float | None, restore_rate: float | None
    ) -> None:
        """Record one answer's cost: the bucket reading and the points spent, by origin."""
        if available is not None:
            self.bucket = {
                "available": available,
                "maximum": maximum or 0.0,
                "restore_rate": restore_rate or 0.0,
            }
            self.bucket_at = self._wall()
        if actual:
            now = self._clock()
            self._usage.append((now, call_origin(), float(actual)))
            self._trim(now)

    def _trim(self, now: float) -> None:
        while self._usage and now - self._usage[0][0] > USAGE_WINDOW_SECONDS:
            self._usage.popleft()

    def points_per_second(self) -> dict[str, float]:
        """Points per second spent over the last minute, by origin (job / request)."""
        self._trim(self._clock())
        spent = {"job": 0.0, "request": 0.0}
        for _at, origin, points in self._usage:
            spent[origin] = spent.get(origin, 0.0) + points
        return {k: round(v / USAGE_WINDOW_SECONDS, 2) for k, v in spent.items()}

    @property
    def version_mismatch(self) -> bool:
        """True when the store answered in another version than the pinned one."""
        return bool(self.answered and self.pinned and self.answered != self.pinned)

    def snapshot(self) -> dict[str, Any]:
        """Everything as JSON-ready values (persisted for `status` and other replicas)."""
        return {
            "pinned": self.pinned,
            "answered": self.answered,
            "answered_at": self.answered_at,
            "deprecations": [
                {"reason": d.reason, "count": d.count, "last_seen": d.last_seen, "operation": d.operation}
                for d in sorted(self.deprecations.values(), key=lambda d: -d.last_seen)
            ],
            "clock_skew": self.clock_skew,
            "bucket": self.bucket,
            "bucket_at": self.bucket_at,
            "points_per_second": self.points_per_second(),
        }
