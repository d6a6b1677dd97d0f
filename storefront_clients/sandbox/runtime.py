"""Per-app runtime state around the store: bucket, faults, call log and issued OAuth tokens."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .bucket import LeakyBucket
from .config import SandboxConfig
from .faults import FaultPlan
from .store import Store
from .webhooks import Dispatcher


@dataclass
class CallRecord:
    """One GraphQL call as the admin call log reports it."""

    operation: str | None
    root_fields: list[str]
    requested_cost: int | None
    actual_cost: int | None
    status: int
    timestamp: float
    version: str
    fault: str | None = None
    error_code: str | None = None


class CallLog:
    """Bounded, thread-safe log of GraphQL calls (newest last)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._calls: deque[CallRecord] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def add(self, record: CallRecord) -> None:
        """Append a call."""
        with self._lock:
            self._calls.append(record)

    def all(self) -> list[CallRecord]:
        """Snapshot of the calls."""
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._calls.clear()


@dataclass
class SandboxRuntime:
    """Everything a running sandbox app holds; shared by the GraphQL, OAuth and admin routes."""

    store: Store
    config: SandboxConfig
    bucket: LeakyBucket = field(init=False)
    webhooks: Dispatcher = field(init=False)
    faults: FaultPlan = field(default_factory=FaultPlan)
    calls: CallLog = field(default_factory=CallLog)
    tokens: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cfg = self.config
        self.bucket = LeakyBucket(cfg.bucket_size, cfg.restore_rate, cfg.time_scale)
        self.webhooks = Dispatcher(cfg.client_secret, cfg.versions[0], cfg.shop_domain)
        self.store.webhook_dispatcher = self.webhooks

    def issue_token(self) -> tuple[str, int]:
        """Mint a client-credentials token valid for the configured lifetime."""
        token = f"sandbox-cc-{secrets.token_hex(16)}"
        lifetime = self.config.token_lifetime_seconds
        self.tokens[token] = time.time() + lifetime
        return token, lifetime

    def token_valid(self, token: str | None) -> bool:
        """Static admin token, or an unexpired client-credentials token."""
        if not token:
            return False
        if secrets.compare_digest(token, self.config.access_token):
            return True
        expiry = self.tokens.get(token)
        return expiry is not None and expiry > time.time()

    def describe_config(self) -> dict[str, Any]:
        """Current limits for the admin API."""
        return {
            "bucket_size": self.bucket.size,
            "restore_rate": self.bucket.restore_rate,
            "time_scale": self.bucket.time_scale,
            "max_query_cost": self.config.max_query_cost,
            "deny_protected_customer_data": self.config.deny_protected_customer_data,
            "granted_scopes": self.config.granted_scopes,
            "throttle_status": self.bucket.status(),
        }
