"""Runtime configuration of one sandbox store; built by tests, the CLI and the admin API."""

from __future__ import annotations

from dataclasses import dataclass, field

SUPPORTED_VERSIONS = ("2026-07", "2026-10")


@dataclass
class SandboxConfig:
    """Knobs of a sandbox instance (auth, rate limits, time scale, OAuth client)."""

    access_token: str = "sandbox-admin-token"  # noqa: S105 - deliberately non-secret demo value
    client_id: str = "sandbox-client-id"
    client_secret: str = "sandbox-client-secret"  # noqa: S105 - demo value
    token_lifetime_seconds: int = 86_399
    bucket_size: float = 2_000.0
    restore_rate: float = 100.0
    max_query_cost: int = 1_000
    # >1 makes the bucket refill faster than real time so tests need not wait.
    time_scale: float = 1.0
    versions: tuple[str, ...] = field(default=SUPPORTED_VERSIONS)
    # Versions Shopify no longer serves: their requests are answered by the oldest supported one.
    retired_versions: tuple[str, ...] = ()
    shop_domain: str = "sandbox-store.myshopify.com"
    # Bulk operations report RUNNING for this many status reads before COMPLETED (poll tests).
    bulk_running_polls: int = 0
    # The next bulk operation ends with this status instead of COMPLETED (FAILED, CANCELED,
    # EXPIRED; with `bulk_error_code` for FAILED), once: how tests make an export go wrong.
    bulk_outcome: str | None = None
    bulk_error_code: str | None = None
    # Public base URL used in bulk-operation result links; set by the server helper.
    base_url: str = "http://127.0.0.1"
    # Deny protected customer data (names, addresses, phone, email): see protected_data.py.
    deny_protected_customer_data: bool = False
    granted_scopes: str = (
        "read_products,write_products,read_inventory,write_inventory,read_orders,"
        "write_orders,read_all_orders,read_fulfillments,write_fulfillments,"
        "read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders,"
        "write_order_edits"
    )
