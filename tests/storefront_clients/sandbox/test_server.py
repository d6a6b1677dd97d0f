"""The real threaded server: socket-level faults (connection reset, slow answers) and bulk URLs."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from storefront_clients.sandbox import ServerHandle, Store, seed, start_server
from tests.support.gql import TOKEN

from .conftest import NOW


@pytest.fixture(scope="module")
def server() -> Iterator[ServerHandle]:
    """One sandbox server on a free loopback port for this module."""
    handle = start_server(0, seed(Store(frozen_now=NOW), products=6, variants_per_product=4))
    yield handle
    handle.stop()


def _post(server: ServerHandle, query: str, timeout: float = 5.0) -> httpx.Response:
    return httpx.post(
        server.graphql_url(),
        json={"query": query},
        headers={"X-Shopify-Access-Token": TOKEN},
        timeout=timeout,
    )


def test_serves_graphql_and_bulk_files(server: ServerHandle) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    run = _post(
        server,
        'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") '
        "{ userErrors { message } } }",
    )
    assert run.json()["data"]["bulkOperationRunQuery"]["userErrors"] == []
    url = _post(server, "{ currentBulkOperation { url } }").json()["data"]["currentBulkOperation"]["url"]
    assert url.startswith(server.base_url)
    assert len(httpx.get(url, timeout=5).text.splitlines()) == 7


def test_connection_reset_and_slow_answer(server: ServerHandle) -> None:
    server.runtime.faults.set([])
    httpx.post(f"{server.base_url}/_sandbox/faults", json={"rules": [{"kind": "reset"}]}, timeout=5)
    with pytest.raises(httpx.TransportError):
        _post(server, "{ shop { name } }")
    slow = {"rules": [{"kind": "slow", "delay_seconds": 1.0}]}
    httpx.post(f"{server.base_url}/_sandbox/faults", json=slow, timeout=5)
    with pytest.raises(httpx.ReadTimeout):
        _post(server, "{ shop { name } }", timeout=0.3)
    assert _post(server, "{ shop { name } }").status_code == 200
