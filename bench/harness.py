"""Shared benchmark plumbing: a seeded sandbox on a socket, a scaled clock, connector wiring, tables.

Used by every `bench/bench_*.py` that talks to the sandbox. Time scale k: the sandbox bucket
restores k times faster than real time and the Shopify client runs on a clock k times faster
(its pacer sleeps 1/k of what it computes), so the pair behaves like Standard limits in
"store time"; figures are converted back with `store_seconds = real_seconds x k`.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
from sqlalchemy import create_engine, text

from connector.db.engine import make_engine
from connector.db.migrate import upgrade_to_head
from connector.db.session import Database
from connector.jobs.inventory_flush import location_id
from connector.observability.metrics import Metrics
from connector.services import Services
from connector.settings import Settings
from storefront_clients.base import StorefrontClient
from storefront_clients.sandbox import SandboxConfig, ServerHandle, Store, start_server
from storefront_clients.shopify.client import ShopifyClient

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


class ScaledTime:
    """A clock running `scale` times faster than real time, and the matching sleep."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._origin = time.monotonic()

    def clock(self) -> float:
        """Store-time seconds (monotonic)."""
        return self._origin + (time.monotonic() - self._origin) * self.scale

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds` of store time."""
        await asyncio.sleep(seconds / self.scale)


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


async def drained(sandbox: Sandbox, services: Services) -> None:
    """Empty the bucket and let the client see it (one cheap read), as after a busy minute.

    Without the read the client's pacer would still believe the bucket full and the timed run
    would open with a THROTTLED answer that only the benchmark's own draining caused.
    """
    location = await location_id(services)  # asked before draining: it is a larger read
    sandbox.drain(PRIME_LEVEL)
    await services.storefront.check_location(location)
    sandbox.clear_calls()


def start_sandbox(store: Store, scale: float) -> Sandbox:
    """Serve `store` on a free loopback port at Standard limits, restoring `scale`x faster."""
    config = SandboxConfig(bucket_size=BUCKET, restore_rate=RESTORE, time_scale=scale)
    return Sandbox(start_server(0, store, config), store, scale)


@dataclass(frozen=True)
class CallStats:
    """The call log of one run, summarised for one operation."""

    calls: int
    throttled: int
    other_calls: int
    actual_cost: float
    requested_cost: float

    @classmethod
    def of(cls, calls: Sequence[dict[str, Any]], operation: str) -> CallStats:
        """Summarise the calls of `operation` (THROTTLED answers counted across all operations)."""
        mine = [c for c in calls if c["operation"] == operation and c["error_code"] is None]
        costs = [c["actual_cost"] for c in mine if c["actual_cost"] is not None]
        requested = [c["requested_cost"] for c in mine if c["requested_cost"] is not None]
        return cls(
            calls=len(mine),
            throttled=sum(1 for c in calls if c["error_code"] == "THROTTLED"),
            other_calls=len(calls) - len(mine),
            actual_cost=statistics.fmean(costs) if costs else 0.0,
            requested_cost=statistics.fmean(requested) if requested else 0.0,
        )


def operations(calls: Sequence[dict[str, Any]]) -> str:
    """'Opxn, …' for a call log, most frequent first."""
    counts = Counter(str(c["operation"]) + ("/" + c["error_code"] if c["error_code"] else "") for c in calls)
    return ", ".join(f"{op}x{n}" for op, n in counts.most_common())


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
        _env_file=None,  # type: ignore[call-arg]
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


def shopify_client(settings: Settings, scale: float) -> ShopifyClient:
    """The real Shopify client for the sandbox, its pacer on the scaled clock."""
    scaled = ScaledTime(scale)
    return ShopifyClient.from_settings(settings, clock=scaled.clock, sleep=scaled.sleep)


class TimedStorefront:
    """Wraps the client and adds up the real seconds spent inside its coroutine methods.

    Lets a benchmark split a request's time into storefront time (HTTP, sandbox, pacer waits)
    and the connector's own time.
    """

    def __init__(self, client: ShopifyClient) -> None:
        self.client = client
        self.seconds = 0.0
        self.calls = 0

    def reset(self) -> None:
        """Start counting from zero."""
        self.seconds, self.calls = 0.0, 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not asyncio.iscoroutinefunction(attr):
            return attr

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        return timed


class DbTimer:
    """Adds up the real seconds `services.db.run` takes (thread hop, session, SQL, commit)."""

    def __init__(self, services: Services) -> None:
        self.seconds = 0.0
        run = services.db.run

        async def timed(work: Callable[[Any], Any]) -> Any:
            started = time.perf_counter()
            try:
                return await run(work)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(services.db, "run", timed)  # noqa: B010 - instance override of the bound method


def timer_of(services: Services) -> TimedStorefront:
    """The timing wrapper `services_for` put around the client."""
    assert isinstance(services.storefront, TimedStorefront)
    return services.storefront


def timed_factory(scale: float) -> Callable[[Settings], StorefrontClient]:
    """A storefront factory for `create_app`: the real client on the scaled clock, timed."""
    return lambda settings: cast(StorefrontClient, TimedStorefront(shopify_client(settings, scale)))


@asynccontextmanager
async def services_for(settings: Settings, scale: float) -> AsyncIterator[Services]:
    """Services as the app's lifespan builds them, with the real client (timed) on the scaled clock."""
    engine = make_engine(settings.connector_database_url)
    client = shopify_client(settings, scale)
    storefront = cast(StorefrontClient, TimedStorefront(client))
    try:
        yield Services(settings=settings, db=Database(engine), storefront=storefront, metrics=Metrics())
    finally:
        await client.aclose()
        engine.dispose()


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain fixed-width table: first column left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers], *[[_fmt(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(parts))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def verdict(ok: bool, text: str) -> str:
    """The one-line verdict under a table."""
    return ("PASS: " if ok else "MISS: ") + text
