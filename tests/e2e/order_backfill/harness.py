"""The order backfill tests' app over the sandbox and what they read: mirror, cursors, call log."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session
from starlette.testclient import TestClient

from connector.app import create_app, default_storefront
from connector.db.tables import OrderMirror
from connector.jobs.order_sync import CURSOR
from connector.repo import cursors
from connector.services import Services
from connector.settings import Settings
from tests.support.builders import settings_for
from tests.support.calls import run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer

EXTRA = 400
SKU = "SBX-00001-S"


def sandbox_settings(engine: Engine, sandbox: SandboxServer, **overrides: Any) -> Settings:
    """Test settings for the connector on `engine` against the sandbox (each backfill test)."""
    url = engine.url.render_as_string(hide_password=False)
    return settings_for(url, sandbox.base_url, sandbox.token, **overrides)


def connector_app(settings: Settings, engine: Engine) -> TestClient:
    """The connector app with the real Shopify client, not yet started (each backfill test)."""
    return TestClient(create_app(settings, engine=engine, storefront_factory=default_storefront))


def mirror(engine: Engine) -> dict[str, str | None]:
    """The order mirror's payload per store order id (each backfill test)."""
    with Session(engine) as session:
        return {r.store_order_id: r.payload for r in session.execute(select(OrderMirror)).scalars()}


def read_cursor(client: TestClient, name: str = CURSOR) -> str | None:
    """A stored cursor's value: order_sync's by default, or the bulk operation record (BULK)."""

    async def read(services: Services) -> str | None:
        return await services.db.run(partial(cursors.get, name=name))

    return run_job(client, read)  # type: ignore[no-any-return]


def set_cursor(client: TestClient, value: datetime) -> None:
    """Put order_sync's cursor at `value`, as if the last sync ran then (catch-up and fallback tests)."""

    async def write(services: Services) -> None:
        await services.db.run(partial(cursors.put, name=CURSOR, value=value.isoformat()))

    run_job(client, write)


def operations(admin: SandboxAdmin) -> list[str]:
    """The operation of every store call the sandbox logged, in order (each backfill test)."""
    return [str(c["operation"]) for c in admin.calls()]


def points(admin: SandboxAdmin) -> int:
    """Actual points of every store call the sandbox logged (test_bulk_fill)."""
    return sum(int(c["actual_cost"] or 0) for c in admin.calls())


def open_ids(sandbox: SandboxServer) -> set[str]:
    """Gids of the store's open orders: what a complete mirror holds (each backfill test)."""
    return {
        f"gid://shopify/Order/{o.id}"
        for o in sandbox.store.orders.values()
        if o.cancelled_at is None and not o.closed
    }
