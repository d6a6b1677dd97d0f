"""In-process operator state: last RetailOps call per action and last run of each job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class CallSeen:
    """The latest RetailOps call of one action."""

    at: datetime
    status: int


@dataclass(frozen=True, slots=True)
class RunSeen:
    """The latest run of one scheduled job (idle runs too, which sync_run does not keep)."""

    at: datetime
    seconds: float
    outcome: str
    figures: Any = None


@dataclass
class OpsState:
    """What this process saw; the `ops_snapshot` job persists it for `status` and other replicas."""

    calls: dict[str, CallSeen] = field(default_factory=dict)
    runs: dict[str, RunSeen] = field(default_factory=dict)
