"""Build the Services of one app: the dependencies and each subsystem's state object, in one place."""

from __future__ import annotations

from sqlalchemy import Engine

from connector.background import BackgroundTasks
from connector.db.session import Database
from connector.domain.commitments import CommitmentsCache
from connector.domain.locations import Locations
from connector.health import StorefrontHealth
from connector.intake.state import OrderIntake
from connector.observability.metrics import Metrics
from connector.services import Services
from connector.settings import Settings
from connector.workers import IntentWorker, InventoryFlusher, SkuMapWarmup
from storefront_clients.base import StorefrontClient


def build_services(
    settings: Settings, engine: Engine, storefront: StorefrontClient, metrics: Metrics | None = None
) -> Services:
    """The app's lifespan (and bench/) call this once per app."""
    db = Database(engine)
    return Services(
        settings=settings,
        db=db,
        storefront=storefront,
        metrics=metrics or Metrics(),
        flusher=InventoryFlusher(),
        intent_worker=IntentWorker(),
        sku_map=SkuMapWarmup(),
        locations=Locations(settings, storefront),
        commitments=CommitmentsCache(settings, db),
        health=StorefrontHealth(storefront),
        intake=OrderIntake(),
        background=BackgroundTasks(),
    )
