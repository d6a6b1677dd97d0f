"""`retailops-connector sandbox`: a seeded sandbox store plus the connector wired to it (demo default)."""

from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

import uvicorn

from connector.runtime import serve
from connector.settings import TEST_KEY, Settings
from storefront_clients.sandbox.app import create_app as create_store_app
from storefront_clients.sandbox.config import SandboxConfig
from storefront_clients.sandbox.seed import seed
from storefront_clients.sandbox.store import Store


class StoreServer:
    """The sandbox store on a loopback port, served by uvicorn in a daemon thread."""

    def __init__(self, port: int, config: SandboxConfig, store: Store) -> None:
        self.url = f"http://127.0.0.1:{port}"
        config.base_url = self.url
        app = create_store_app(store, config)
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        self._thread = threading.Thread(target=self._server.run, name="sandbox-store", daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        """Start serving and wait until the port accepts requests."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the sandbox store did not start on {self.url}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _banner(host: str, port: int, store_url: str, key: str) -> str:
    base = f"http://{host}:{port}"
    return f"""
RetailOps connector running against a sandbox Shopify store
  connector:      {base}   (health: {base}/healthz, metrics: {base}/metrics)
  sandbox store:  {store_url}/admin/api/2026-07/graphql.json   (state: {store_url}/_sandbox/state)
  database:       SQLite under ./var/sandbox.db
  keys accepted:  {TEST_KEY} (verifier test key) and {key}

Try:
  curl -s {base}/catalog_get_config_v1 -H 'content-type: application/json' \\
    -d '{{"integration_auth_token":"{TEST_KEY}","action":"catalog_get_config","version":1,"client_id":1,"channel_info":{{"id":1}}}}'
  curl -s {base}/order_pull_v1 -H 'content-type: application/json' \\
    -d '{{"integration_auth_token":"{TEST_KEY}","action":"order_pull","version":1,"client_id":1,"channel_info":{{"id":1}},"page_token":""}}'
Stop with Ctrl-C.
"""


def run_sandbox(*, port: int, store_port: int, host: str = "127.0.0.1") -> None:
    """Seed and start the sandbox store, then serve the connector against it until interrupted."""
    config = SandboxConfig()
    store_server = StoreServer(store_port, config, seed(Store()))
    store_server.start()
    key = "sandbox-" + secrets.token_urlsafe(18)
    Path("var").mkdir(exist_ok=True)
    settings = Settings(
        _env_file=None,
        connector_database_url="sqlite:///var/sandbox.db",
        retailops_integration_auth_key=key,
        retailops_allow_test_key=True,
        shopify_shop=config.shop_domain,
        shopify_admin_url=store_server.url,
        shopify_access_token=config.access_token,
        connector_log_json=False,
    )
    print(_banner(host, port, store_server.url, key), flush=True)
    try:
        serve(settings, host=host, port=port, migrate=True)
    finally:
        store_server.stop()
