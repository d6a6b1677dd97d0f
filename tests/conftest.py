"""Shared fixtures: databases (SQLite; PostgreSQL when reachable, mandatory with CI=true), settings, app."""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel
from starlette.testclient import TestClient

import connector.db.tables  # noqa: F401
from connector.app import create_app
from connector.db.engine import make_engine
from connector.db.migrate import upgrade_to_head
from connector.settings import Settings
from tests.fakes.storefront import FakeStorefront

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_ADMIN_URL = os.environ.get("CONNECTOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AUTH_KEY = "test-integration-key-0123456789"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file copied for each test (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL database of this test process; skipped without a server unless CI=true."""
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(reason + " (mandatory when CI=true)")
        pytest.skip(reason)
    name = f"connector_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A clean, migrated database: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "connector.db"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    pg: Engine = request.getfixturevalue("pg_engine")
    with pg.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield pg


@pytest.fixture
def settings(engine: Engine) -> Settings:
    """Settings for an app under test: a real key, the test key allowed, no scheduler."""
    return Settings(
        _env_file=None,
        connector_database_url=engine.url.render_as_string(hide_password=False),
        retailops_integration_auth_key=AUTH_KEY,
        retailops_allow_test_key=True,
        shopify_shop="example.myshopify.com",
        shopify_access_token="test-token-not-real",
        connector_scheduler_enabled=False,
        connector_write_budget_seconds=0.3,
        # Tests pull right after creating orders: no cooling-off, and the mirror is caught up per pull.
        connector_order_delay_seconds=0,
        connector_order_mirror_max_lag_seconds=0,
    )


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


class Call(Protocol):
    """POST one RetailOps action; answers the JSON body after checking the status."""

    def __call__(self, action: str, expect: int = 200, **fields: Any) -> dict[str, Any]: ...


def action_poster(client: TestClient) -> Call:
    """A Call over a TestClient: the envelope (real key) is filled in; fields are the action's own."""

    def post(action: str, expect: int = 200, **fields: Any) -> dict[str, Any]:
        envelope = {"integration_auth_token": AUTH_KEY, "action": action, "version": 1, "client_id": 1}
        response = client.post(f"/{action}_v1", json={**envelope, "channel_info": {"id": 1}, **fields})
        assert response.status_code == expect, response.text
        result: dict[str, Any] = response.json()
        return result

    return post


@pytest.fixture
def call(client: TestClient) -> Call:
    """POST actions to the app wired to the in-memory storefront."""
    return action_poster(client)


def run_job(client: TestClient, job: Any, *args: Any) -> Any:
    """Run a scheduled job (e.g. flush, retry_due) once on the app's loop, as the scheduler would."""
    portal = client.portal
    assert portal is not None, "run_job needs the client's lifespan (use `with TestClient(app)`)"
    services = client.app.state.services  # type: ignore[attr-defined]
    return portal.call(functools.partial(job, services, *args))
