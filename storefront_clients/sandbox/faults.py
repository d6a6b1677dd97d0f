"""Fault injection rules matched by operation name or root field, by count or seeded chance."""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass
from typing import Any

FAULT_KINDS = (
    "http_5xx",
    "http_429",
    "throttled",
    "slow",  # answers and applies `delay_seconds` late: a write landing after the client gave up
    "reset",
    "applied_then_500",
    "applied_then_slow",  # applies now, answers `delay_seconds` late: past the client's timeout
    "applied_then_reset",  # applies now, then drops the connection without an answer
)
# Kinds that still execute the request (the others answer instead of executing it).
EXECUTING_KINDS = ("slow", "applied_then_500", "applied_then_slow", "applied_then_reset")


@dataclass
class FaultRule:
    """One rule: what to inject, for which operations, how often."""

    kind: str
    match: str | None = None
    count: int | None = 1
    probability: float | None = None
    skip: int = 0
    status: int = 500
    retry_after: float = 2.0
    delay_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")

    def applies_to(self, operation: str | None, root_fields: list[str]) -> bool:
        """Whether the rule targets this call (None matches every call)."""
        return self.match is None or self.match == operation or self.match in root_fields


class FaultPlan:
    """The active rules; `pick` consumes a rule's budget when it fires."""

    def __init__(self, seed: int = 0) -> None:
        self.rules: list[FaultRule] = []
        self._rng = random.Random(seed)  # noqa: S311 - test determinism, not security
        self._lock = threading.Lock()

    def set(self, rules: list[FaultRule], seed: int | None = None) -> None:
        """Replace the rules (and optionally reseed the chance generator)."""
        with self._lock:
            self.rules = list(rules)
            if seed is not None:
                self._rng = random.Random(seed)  # noqa: S311

    def add(self, rule: FaultRule) -> None:
        """Append one rule."""
        with self._lock:
            self.rules.append(rule)

    def clear(self) -> None:
        """Drop every rule."""
        self.set([])

    def pick(self, operation: str | None, root_fields: list[str]) -> FaultRule | None:
        """Return the first rule firing for this call, consuming its count."""
        with self._lock:
            for rule in self.rules:
                if rule.count is not None and rule.count <= 0:
                    continue
                if not rule.applies_to(operation, root_fields):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                if rule.probability is not None and self._rng.random() >= rule.probability:
                    continue
                if rule.count is not None:
                    rule.count -= 1
                return rule
            return None

    def describe(self) -> list[dict[str, Any]]:
        """Rules as JSON for the admin API."""
        with self._lock:
            return [asdict(r) for r in self.rules]
