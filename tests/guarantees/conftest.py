"""Fixtures of the guarantee tests: a recorded sandbox server, `serve` subprocesses, their databases."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from storefront_clients.sandbox import SandboxConfig, Store, seed
from tests.conftest import IN_CI, PG_ADMIN_URL, _pg_available
from tests.guarantees.process import ConnectorProcess, connector_env
from tests.guarantees.store import SandboxServer, StoreAdmin, start_sandbox

SandboxFactory = Callable[..., SandboxServer]
ConnectorFactory = Callable[..., ConnectorProcess]


@pytest.fixture
def make_sandbox() -> Iterator[SandboxFactory]:
    """Start seeded sandbox servers (time scale 50: the rate limit never stalls a test); stops them after."""
    servers: list[SandboxServer] = []

    def make(**seed_args: Any) -> SandboxServer:
        server = start_sandbox(seed(Store(), **seed_args), SandboxConfig(time_scale=50.0))
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
            connector_env(database_url, sandbox.base_url, sandbox.token, **env), tmp_path, name
        )
        made.append(proc)
        return proc

    yield make
    for proc in made:
        proc.close()


@pytest.fixture
def admin_of() -> Iterator[Callable[[SandboxServer], StoreAdmin]]:
    """Admin API clients for sandbox servers (closed after the test)."""
    clients: list[StoreAdmin] = []

    def make(server: SandboxServer) -> StoreAdmin:
        client = StoreAdmin(server.base_url)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file the first `serve --migrate` creates."""
    return f"sqlite:///{tmp_path / 'connector.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database (dropped after); skipped without a server unless CI=true."""
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(reason + " (mandatory when CI=true)")
        pytest.skip(reason)
    name = f"connector_guarantee_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
