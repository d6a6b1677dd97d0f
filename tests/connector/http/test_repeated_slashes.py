"""The verifier's README base URL ends in `/`, so it posts to `//<action>_v1`: served like `/<action>_v1`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.retailops import target_validator
from connector.settings import Settings
from tests.support.builders import official_example as example
from tests.support.fakes.storefront import FakeStorefront


@pytest.mark.parametrize(
    "path", ["//catalog_get_config_v1", "///catalog_get_config_v1", "/catalog_get_config_v1/"]
)
def test_repeated_leading_slashes_reach_the_action(client: TestClient, path: str) -> None:
    # An absolute URL: httpx reads a bare `//x` as a host name, not as a path.
    response = client.post("http://testserver" + path, json=example("catalog_get_config"))
    assert response.status_code == 200, response.text
    assert not list(target_validator("catalog_get_config").iter_errors(response.json()))


@pytest.fixture
def prefixed(settings: Settings, engine: Engine, storefront: FakeStorefront) -> Iterator[TestClient]:
    """The app under CONNECTOR_BASE_PATH=/retailops."""
    app = create_app(
        settings.model_copy(update={"connector_base_path": "/retailops"}),
        engine=engine,
        storefront_factory=lambda _s: storefront,
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path", ["/retailops//order_pull_v1", "//retailops/order_pull_v1", "//retailops//order_pull_v1"]
)
def test_repeated_slashes_under_the_base_path(prefixed: TestClient, path: str) -> None:
    response = prefixed.post("http://testserver" + path, json=example("order_pull"))
    assert response.status_code == 200, response.text


def test_an_unknown_path_stays_404_with_repeated_slashes(client: TestClient) -> None:
    response = client.post("http://testserver//order_teleport_v1", json=example("order_pull"))
    assert response.status_code == 404
    assert response.json()["events"][0]["code"] == "NOT_FOUND"
