"""Shared benchmark plumbing: a seeded sandbox on a socket, fresh databases, connector wiring.

Used by every `bench/bench_*.py` that talks to the sandbox; the sandbox server, its admin client,
the settings builder and the databases are the test suite's (`tests.support`). The scaled clock and
the timing wrappers are in `bench.timing`, tables and call-log summaries in `bench.report`.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, cast

from connector.db.engine import make_engine
from connector.services import Services
from connector.settings import Settings
from connector.wiring import build_services
from storefront_clients.base import StorefrontClient
from storefront_clients.sandbox import SandboxConfig, Store
from tests.support.builders import SANDBOX_TOKEN, serve_env
from tests.support.builders import settings_for as test_settings
from tests.support.databases import migrated_sqlite, postgres_database
from tests.support.process import ConnectorProcess
from tests.support.sandbox import SandboxServer
from tests.support.sandbox import start_sandbox as start_test_sandbox

from .timing import TimedStorefront, shopify_client, timer_of

BUCKET = 2_000.0
RESTORE = 100.0
# Points left in the bucket for the priming read of `drained` (one location costs 1-2).
PRIME_LEVEL = 2.0


CHEAP_READ = "query Ping { shop { id } }"  # one point: lets the client's pacer see the drained bucket


async def drained(sandbox: SandboxServer, services: Services) -> None:
    """Empty the bucket and let the client see it (one cheap read), as after a busy minute.

    Without the read the client's pacer would still believe the bucket full and the timed run
    would open with a THROTTLED answer that only the benchmark's own draining caused.
    """
    await services.locations.default_id()  # asked before draining: it is a larger read
    sandbox.admin.drain(PRIME_LEVEL)
    await timer_of(services).client.transport.execute(CHEAP_READ, {}, operation="Ping", idempotent=True)
    sandbox.admin.clear_calls()


def start_sandbox(store: Store, scale: float) -> SandboxServer:
    """Serve `store` on a free loopback port at Standard limits, restoring `scale`x faster."""
    return start_test_sandbox(
        store, SandboxConfig(bucket_size=BUCKET, restore_rate=RESTORE, time_scale=scale)
    )


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A migrated, empty database for one run: a temporary SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield migrated_sqlite(Path(tmp))
        return
    with postgres_database("connector_bench", migrated=True) as url:
        yield url


def settings_for(database_url: str, sandbox_url: str, **extra: Any) -> Settings:
    """Connector settings pointed at the sandbox, scheduler off (benchmarks drive the jobs)."""
    return test_settings(database_url, sandbox_url, SANDBOX_TOKEN, connector_log_level="WARNING", **extra)


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


@contextmanager
def connector_server(
    database_url: str, sandbox: SandboxServer, *, public_url: bool = False, **env: str
) -> Iterator[tuple[str, int]]:
    """`retailops-connector serve` in a child process (scheduler off unless `env` says); yields (URL, pid)."""
    env = serve_env(
        database_url,
        sandbox.base_url,
        sandbox.token,
        **{"CONNECTOR_SCHEDULER_ENABLED": "false", "CONNECTOR_LOG_LEVEL": "WARNING", **env},
    )
    with tempfile.TemporaryDirectory() as cwd:  # no stray .env from the work tree
        process = ConnectorProcess(env, Path(cwd), "bench-connector", args=())
        if public_url:
            # The port is only known once the process object exists; webhooks then come back to it.
            process.env["CONNECTOR_PUBLIC_URL"] = f"http://127.0.0.1:{process.port}"
        process.start()
        try:
            assert process.proc is not None
            yield f"http://127.0.0.1:{process.port}", process.proc.pid
        finally:
            process.close()
