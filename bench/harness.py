"""Shared benchmark plumbing: a seeded sandbox on a socket, fresh databases, connector wiring.

Used by every `bench/bench_*.py` that talks to the sandbox; the scaled clock and the timing
wrappers are in `bench.timing`, tables and call-log summaries in `bench.report`.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
from sqlalchemy import create_engine, text

from connector.db.engine import make_engine
from connector.db.migrate import upgrade_to_head
from connector.services import Services
from connector.settings import Settings
from connector.wiring import build_services
from storefront_clients.base import StorefrontClient
from storefront_clients.sandbox import SandboxConfig, ServerHandle, Store, start_server

from .timing import TimedStorefront, shopify_client, timer_of

PG_URL = os.environ.get("CONNECTOR_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AUTH_KEY = "bench-integration-key-0123456789"
SANDBOX_TOKEN = "sandbox-admin-token"
BUCKET = 2_000.0
RESTORE = 100.0
ADMIN_TIMEOUT = httpx.Timeout(30.0)
# Points left in the bucket for the priming read of `drained` (one location costs 1-2).
PRIME_LEVEL = 2.0


def envelope(action: str, **fields: Any) -> dict[str, Any]:
    """A RetailOps request body for `action` with the bench key (shape of the official examples)."""
    return {
        "integration_auth_token": AUTH_KEY,
        "action": action,
        "version": 1,
        "client_id": 1,
        "channel_info": {"id": 1},
        **fields,
    }


@dataclass
class Sandbox:
    """A running sandbox server and the admin calls the benchmarks need."""

    handle: ServerHandle
    store: Store
    scale: float

    @property
    def url(self) -> str:
        """Base URL (the connector's SHOPIFY_ADMIN_URL)."""
        return self.handle.base_url

    def _admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.request(method, self.url + path, json=body, timeout=ADMIN_TIMEOUT)
        response.raise_for_status()
        return response.json()

    def drain(self, level: float = 0.0) -> None:
        """Empty the bucket (to `level`) so a run measures the sustained rate, not the burst."""
        self._admin("POST", "/_sandbox/config", {"fill": level})

    def fill(self) -> None:
        """Fill the bucket (a shop that has been idle)."""
        self._admin("POST", "/_sandbox/config", {"fill": True})

    def clear_calls(self) -> None:
        """Forget the call log."""
        self._admin("DELETE", "/_sandbox/calls")

    def calls(self) -> list[dict[str, Any]]:
        """The GraphQL call log (operation, requested/actual cost, status, error code)."""
        return list(self._admin("GET", "/_sandbox/calls")["calls"])

    def stop(self) -> None:
        """Stop the server thread."""
        self.handle.stop()


CHEAP_READ = "query Ping { shop { id } }"  # one point: lets the client's pacer see the drained bucket


async def drained(sandbox: Sandbox, services: Services) -> None:
    """Empty the bucket and let the client see it (one cheap read), as after a busy minute.

    Without the read the client's pacer would still believe the bucket full and the timed run
    would open with a THROTTLED answer that only the benchmark's own draining caused.
    """
    await services.locations.default_id()  # asked before draining: it is a larger read
    sandbox.drain(PRIME_LEVEL)
    await timer_of(services).client.transport.execute(CHEAP_READ, {}, operation="Ping", idempotent=True)
    sandbox.clear_calls()


def start_sandbox(store: Store, scale: float) -> Sandbox:
    """Serve `store` on a free loopback port at Standard limits, restoring `scale`x faster."""
    config = SandboxConfig(bucket_size=BUCKET, restore_rate=RESTORE, time_scale=scale)
    return Sandbox(start_server(0, store, config), store, scale)


def migrated_sqlite(directory: Path) -> str:
    """A fresh SQLite database at head in `directory`; answers its URL."""
    url = f"sqlite:///{directory / 'connector.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A migrated, empty database for one run: a temporary SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield migrated_sqlite(Path(tmp))
        return
    name = f"connector_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        engine = make_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings_for(database_url: str, sandbox_url: str, **extra: Any) -> Settings:
    """Connector settings pointed at the sandbox, scheduler off (benchmarks drive the jobs)."""
    return Settings(
        _env_file=None,
        connector_database_url=database_url,
        retailops_integration_auth_key=AUTH_KEY,
        retailops_allow_test_key=True,
        shopify_shop="sandbox-store.myshopify.com",
        shopify_admin_url=sandbox_url,
        shopify_access_token=SANDBOX_TOKEN,
        connector_scheduler_enabled=False,
        connector_log_level="WARNING",
        **extra,
    )


@asynccontextmanager
async def services_for(settings: Settings, scale: float) -> AsyncIterator[Services]:
    """Services as the app's lifespan builds them, with the real client (timed) on the scaled clock."""
    engine = make_engine(settings.connector_database_url)
    client = shopify_client(settings, scale)
    storefront = cast(StorefrontClient, TimedStorefront(client))
    try:
        yield build_services(settings, engine, storefront)
    finally:
        await client.aclose()
        engine.dispose()
