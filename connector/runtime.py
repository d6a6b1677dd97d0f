"""Process wiring for `serve`: logging, database check, app with scheduled jobs, uvicorn."""

from __future__ import annotations

import logging
from collections.abc import Callable

import uvicorn

from connector.app import create_app, default_storefront
from connector.db.engine import make_engine
from connector.db.migrate import is_at_head, upgrade_to_head
from connector.jobs.scheduler import start_jobs
from connector.observability.logging import configure_logging
from connector.settings import Settings
from storefront_clients.base import StorefrontClient

log = logging.getLogger("connector.runtime")


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    migrate: bool = False,
    storefront_factory: Callable[[Settings], StorefrontClient] = default_storefront,
) -> None:
    """Run the connector in the foreground until interrupted."""
    configure_logging(settings.connector_log_level, settings.secrets(), settings.connector_log_json)
    engine = make_engine(settings.connector_database_url)
    if migrate:
        upgrade_to_head(engine)
    elif not is_at_head(engine):
        raise SystemExit("the database is not at the newest revision: run `retailops-connector migrate`")
    app = create_app(
        settings,
        engine=engine,
        storefront_factory=storefront_factory,
        on_startup=start_jobs if settings.connector_scheduler_enabled else None,
    )
    log.info("serving on http://%s:%s%s", host, port, settings.connector_base_path or "/")
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, timeout_graceful_shutdown=10)
    engine.dispose()
