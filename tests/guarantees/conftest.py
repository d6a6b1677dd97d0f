"""Fixtures of the guarantee tests: recorded sandbox servers, `serve` subprocesses, their databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storefront_clients.sandbox import Store, seed
from tests.guarantees.orders import STORE_TIMEOUT, OneOrder
from tests.support.builders import serve_env
from tests.support.databases import postgres_database, require_pg
from tests.support.process import ConnectorFactory, ConnectorProcess
from tests.support.sandbox import SandboxAdmin, SandboxFactory, SandboxServer, start_sandbox


@pytest.fixture
def make_sandbox() -> Iterator[SandboxFactory]:
    """Start seeded, recorded sandbox servers (time scale 50); stops them after."""
    servers: list[SandboxServer] = []

    def make(**seed_args: Any) -> SandboxServer:
        server = start_sandbox(seed(Store(), **seed_args), record=True)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def make_connector(tmp_path: Path) -> Iterator[ConnectorFactory]:
    """Build (not start) `serve` processes wired to a sandbox; every one is stopped after the test."""
    made: list[ConnectorProcess] = []

    def make(
        database_url: str, sandbox: SandboxServer, name: str = "connector", **env: str
    ) -> ConnectorProcess:
        proc = ConnectorProcess(
            serve_env(database_url, sandbox.base_url, sandbox.token, **env), tmp_path, name
        )
        made.append(proc)
        return proc

    yield make
    for proc in made:
        proc.close()


@pytest.fixture
def admin_of() -> Callable[[SandboxServer], SandboxAdmin]:
    """The admin API client of a sandbox server (closed when the server stops)."""
    return lambda server: server.admin


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file the first `serve --migrate` creates."""
    return f"sqlite:///{tmp_path / 'connector.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database (dropped after); skipped without a server unless CI=true."""
    require_pg()
    with postgres_database("connector_guarantee") as url:
        yield url


@pytest.fixture
def one_order(
    make_sandbox: SandboxFactory, make_connector: ConnectorFactory, sqlite_url: str
) -> Callable[[dict[str, Any]], OneOrder]:
    """Make a small store with one order as `spec` asks, and start `serve` on it (store timeout 1 s)."""

    def make(spec: dict[str, Any]) -> OneOrder:
        store = make_sandbox(products=6, variants_per_product=4, orders=False)
        order = store.admin.add_order(spec)
        conn = make_connector(sqlite_url, store, SHOPIFY_TIMEOUT_SECONDS=STORE_TIMEOUT)
        conn.start()
        return OneOrder(store.admin, order, conn)

    return make
