"""Console fixtures: the app with the console on (fake storefront), a logged-in client, two replicas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.db.engine import make_engine
from connector.settings import Settings
from tests.support.console import PASSWORD, log_in
from tests.support.fakes.storefront import FakeStorefront


@pytest.fixture
def console_settings(settings: Settings) -> Settings:
    """The test settings with the console on."""
    return settings.model_copy(update={"connector_console_password": SecretStr(PASSWORD)})


@pytest.fixture
def console(console_settings: Settings, engine: Engine, storefront: FakeStorefront) -> Iterator[TestClient]:
    """A TestClient over the app with the console on (not logged in)."""
    app = create_app(console_settings, engine=engine, storefront_factory=lambda _s: storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def operator(console: TestClient) -> tuple[TestClient, str]:
    """A logged-in console client and its CSRF token."""
    token = log_in(console)
    assert token
    return console, token


@pytest.fixture
def replicas(
    console_settings: Settings, engine: Engine, storefront: FakeStorefront
) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances on the same database, each with its own engine (its own pool)."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    first = create_app(console_settings, engine=engine, storefront_factory=lambda _s: storefront)
    second = create_app(console_settings, engine=other, storefront_factory=lambda _s: storefront)
    try:
        with TestClient(first) as one, TestClient(second) as two:
            yield one, two
    finally:
        other.dispose()
