"""Console fixtures: the app with the console on (fake storefront), and a logged-in client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.settings import Settings
from tests.support.fakes.storefront import FakeStorefront

PASSWORD = "console-password-for-tests"


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


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def log_in(client: TestClient, password: str = PASSWORD) -> str:
    """Log in through the form; answers the session's CSRF token ("" when refused)."""
    form = client.get("/console/login")
    response = client.post(
        "/console/login", data={"csrf": csrf_of(form.text), "password": password}, follow_redirects=False
    )
    if response.headers.get("location") != "/console":
        return ""
    return csrf_of(client.get("/console").text)


@pytest.fixture
def operator(console: TestClient) -> tuple[TestClient, str]:
    """A logged-in console client and its CSRF token."""
    token = log_in(console)
    assert token
    return console, token
