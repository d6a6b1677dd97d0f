"""The objects every action and job needs; connector.wiring builds them once per app."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from connector.background import BackgroundTasks
from connector.db.session import Database
from connector.domain.commitments import CommitmentsCache
from connector.domain.locations import Locations
from connector.health import StorefrontHealth
from connector.intake.state import OrderIntake
from connector.observability.metrics import Metrics
from connector.ops.state import OpsState
from connector.settings import Settings
from connector.workers import IntentWorker, InventoryFlusher, SkuMapWarmup
from storefront_clients.base import StorefrontClient


@dataclass
class Services:
    """Four dependencies (settings, database, storefront, metrics) and the subsystems owning state."""

    settings: Settings
    db: Database
    storefront: StorefrontClient
    metrics: Metrics
    flusher: InventoryFlusher
    intent_worker: IntentWorker
    sku_map: SkuMapWarmup
    locations: Locations
    commitments: CommitmentsCache
    health: StorefrontHealth
    intake: OrderIntake
    background: BackgroundTasks
    # Last RetailOps call per action and last run per job, for the console and `status`.
    ops: OpsState = field(default_factory=OpsState)

    def spawn(self, work: Coroutine[Any, Any, Any], what: str) -> None:
        """Run `work` after the answer (see BackgroundTasks.spawn)."""
        self.background.spawn(work, what)
