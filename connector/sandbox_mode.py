"""`retailops-connector sandbox`: a seeded sandbox store plus the connector wired to it (demo default)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from pydantic import SecretStr

from connector.runtime import serve
from connector.settings import TEST_KEY, Settings
from storefront_clients.sandbox.config import SandboxConfig
from storefront_clients.sandbox.seed import seed
from storefront_clients.sandbox.server import start_server
from storefront_clients.sandbox.store import Store


def _example(action: str, **fields: object) -> str:
    envelope = {"integration_auth_token": TEST_KEY, "action": action, "version": 1, "client_id": 1}
    return json.dumps({**envelope, "channel_info": {"id": 1}, **fields})


def _banner(host: str, port: int, store_url: str, key: str, console_password: str) -> str:
    base = f"http://{host}:{port}"
    config_body = _example("catalog_get_config")
    pull_body = _example("order_pull", page_token="")
    return f"""
RetailOps connector running against a sandbox Shopify store
  connector:      {base}   (health: {base}/healthz, metrics: {base}/metrics)
  sandbox store:  {store_url}/admin/api/2026-07/graphql.json
                  (state: {store_url}/_sandbox/state, calls: {store_url}/_sandbox/calls)
  database:       SQLite at ./var/sandbox.db
  keys accepted:  {TEST_KEY} (verifier test key) and {key}
  console:        {base}/console   password: {console_password}   (generated for this run)

Try:
  curl -s {base}/catalog_get_config_v1 -H 'content-type: application/json' -d '{config_body}'
  curl -s {base}/order_pull_v1 -H 'content-type: application/json' -d '{pull_body}'
Stop with Ctrl-C.
"""


def run_sandbox(*, port: int, store_port: int, host: str = "127.0.0.1") -> None:
    """Seed and start the sandbox store, then serve the connector against it until interrupted."""
    config = SandboxConfig()
    store = start_server(store_port, seed(Store()), config)
    key = "sandbox-" + secrets.token_urlsafe(18)
    console_password = secrets.token_urlsafe(12)
    Path("var").mkdir(exist_ok=True)
    settings = Settings(
        _env_file=None,
        connector_database_url="sqlite:///var/sandbox.db",
        retailops_integration_auth_key=SecretStr(key),
        retailops_allow_test_key=True,
        shopify_shop=config.shop_domain,
        shopify_admin_url=store.base_url,
        shopify_access_token=SecretStr(config.access_token),
        connector_log_json=False,
        connector_console_password=SecretStr(console_password),
    )
    print(_banner(host, port, store.base_url, key, console_password), flush=True)
    try:
        serve(settings, host=host, port=port, migrate=True)
    finally:
        store.stop()
