"""Shared fixtures: databases (SQLite; PostgreSQL when reachable, mandatory with CI=true), settings,
the app over the in-memory fake store, and the app over a seeded sandbox store (real Shopify client).

Helpers live in tests/support/; this file holds fixtures only.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel
from starlette.testclient import TestClient

import connector.db.tables  # noqa: F401
from connector.app import create_app, default_storefront
from connector.db.engine import make_engine
from connector.settings import Settings
from tests.support.builders import seeded_store, settings_for
from tests.support.calls import Call, action_poster
from tests.support.databases import migrated_sqlite, postgres_database, require_pg
from tests.support.fakes.storefront import FakeStorefront
from tests.support.sandbox import SandboxAdmin, SandboxServer, start_sandbox


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file copied for each test (migrating once is the slow part)."""
    directory = tmp_path_factory.mktemp("db")
    migrated_sqlite(directory, "template.db")
    return directory / "template.db"


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL database of this test process; skipped without a server unless CI=true."""
    require_pg()
    with postgres_database(migrated=True) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A fresh copy of the migrated SQLite template."""
    path = tmp_path / "connector.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A clean, migrated database: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_engine")
        return
    pg: Engine = request.getfixturevalue("pg_engine")
    with pg.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield pg


@pytest.fixture
def settings(engine: Engine) -> Settings:
    """Settings for an app under test: a real key, the test key allowed, no scheduler."""
    # A short write budget: the fakes fail fast and a test need not wait for the request budget.
    return settings_for(engine.url.render_as_string(hide_password=False), connector_write_budget_seconds=0.3)


@pytest.fixture
def storefront() -> FakeStorefront:
    """The in-memory storefront behind the app."""
    return FakeStorefront()


@pytest.fixture
def client(settings: Settings, engine: Engine, storefront: FakeStorefront) -> Iterator[TestClient]:
    """A TestClient over the app wired to the fake storefront (lifespan run)."""
    app = create_app(settings, engine=engine, storefront_factory=lambda _s: storefront)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def call(client: TestClient) -> Call:
    """POST actions to the app wired to the in-memory storefront."""
    return action_poster(client)


# --- the connector over a seeded sandbox store, through the real Shopify client ---------------

SANDBOX_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A seeded sandbox store on a loopback port (time scale 50 so rate limits never stall tests)."""
    server = start_sandbox(seeded_store(SANDBOX_NOW))
    yield server
    server.stop()


@pytest.fixture
def admin(sandbox: SandboxServer) -> SandboxAdmin:
    """Admin API client of the sandbox (closed with it)."""
    return sandbox.admin


@pytest.fixture
def e2e_settings(engine: Engine, sandbox: SandboxServer) -> Settings:
    """Test settings pointed at the sandbox store."""
    url = engine.url.render_as_string(hide_password=False)
    return settings_for(url, sandbox.base_url, sandbox.token, connector_write_budget_seconds=5.0)


@pytest.fixture
def app_client(e2e_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The connector app with the real Shopify client talking HTTP to the sandbox."""
    app = create_app(e2e_settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def ro(app_client: TestClient) -> Call:
    """POST a RetailOps action to the connector wired to the sandbox store."""
    return action_poster(app_client)
