"""The one way tests, recorders and benchmarks build connector settings, request bodies and stores."""

from __future__ import annotations

import json
import os
from datetime import datetime
from decimal import Decimal
from typing import Any

from connector.settings import Settings
from storefront_clients.sandbox import SandboxConfig, Store, seed

from .paths import RETAILOPS_EXAMPLES

AUTH_KEY = "test-integration-key-0123456789"
TEST_KEY = "RETAILOPS_SDK"
SANDBOX_SHOP = "sandbox-store.myshopify.com"
SANDBOX_TOKEN = SandboxConfig().access_token


def settings_for(
    database_url: str, store_url: str | None = None, token: str = "test-token-not-real", **overrides: Any
) -> Settings:
    """Settings with the real key, the test key allowed and no scheduler; the store at `store_url`.

    Every field starts from its declared default, not from the environment or a .env file: a
    variable such as SHOPIFY_API_VERSION set on the machine must not change what a test sends.
    """
    defaults = {
        name: field.get_default(call_default_factory=True) for name, field in Settings.model_fields.items()
    }
    values: dict[str, Any] = {
        **defaults,
        "connector_database_url": database_url,
        "retailops_integration_auth_key": AUTH_KEY,
        "retailops_allow_test_key": True,
        "shopify_shop": SANDBOX_SHOP if store_url else "example.myshopify.com",
        "shopify_access_token": token,
        "connector_scheduler_enabled": False,
        # Tests pull right after creating orders: no cooling-off, and the mirror is caught up per pull.
        "connector_order_delay_seconds": 0,
        "connector_order_mirror_max_lag_seconds": 0,
        # A loaded CI machine may need more than the default 3 s for that catch-up.
        "connector_order_pull_catch_up_seconds": 10,
    }
    if store_url:
        values["shopify_admin_url"] = store_url
    return Settings(_env_file=None, **{**values, **overrides})


def envelope(action: str, key: str = AUTH_KEY, **fields: Any) -> dict[str, Any]:
    """A RetailOps request body for `action` (the official examples' envelope) with `fields` added."""
    return {
        "integration_auth_token": key,
        "action": action,
        "version": 1,
        "client_id": 1,
        "channel_info": {"id": 1},
        **fields,
    }


def official_example(action: str) -> dict[str, Any]:
    """The official example request for an action, with the verifier's test key set (as it does)."""
    body: dict[str, Any] = json.loads((RETAILOPS_EXAMPLES / f"{action}_v1_ex_1.json").read_text())
    body["integration_auth_token"] = TEST_KEY
    return body


def seeded_store(now: datetime | None = None, *, frozen: bool = False, **seed_args: Any) -> Store:
    """A deterministically seeded sandbox store (12 products x 4 variants and the shaped orders)."""
    seed_args.setdefault("products", 12)
    seed_args.setdefault("variants_per_product", 4)
    store = Store(frozen_now=now) if frozen else Store()
    return seed(store, now=now, **seed_args)


def serve_env(database_url: str, store_url: str, token: str = SANDBOX_TOKEN, **extra: str) -> dict[str, str]:
    """Environment of a `serve` subprocess against the sandbox: short job intervals, nothing inherited."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTOR_", "SHOPIFY_", "RETAILOPS_"))}
    env.update(
        {
            "CONNECTOR_DATABASE_URL": database_url,
            "RETAILOPS_INTEGRATION_AUTH_KEY": AUTH_KEY,
            "SHOPIFY_SHOP": SANDBOX_SHOP,
            "SHOPIFY_ADMIN_URL": store_url,
            "SHOPIFY_ACCESS_TOKEN": token,
            "SHOPIFY_TIMEOUT_SECONDS": "2",
            "CONNECTOR_INVENTORY_FLUSH_SECONDS": "0.5",
            "CONNECTOR_INTENT_RETRY_SECONDS": "1",
            "CONNECTOR_WRITE_BUDGET_SECONDS": "3",
            "CONNECTOR_LOG_JSON": "false",
            **extra,
        }
    )
    return env


def charge(series: int, amount: float | Decimal) -> dict[str, Any]:
    """An order_settle_payment `payment` charging `amount` to the channel payment."""
    transaction = {
        "payment_processing_type": "channel_payment",
        "transaction_type": "charge",
        "amount": float(amount),
    }
    return {"payment_series_id": series, "payment_transactions": [transaction]}
