"""The one settings object: every environment variable the connector reads, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TEST_KEY = "RETAILOPS_SDK"
DEFAULT_API_VERSION = "2026-07"


def default_database_url() -> str:
    """SQLite file under ./var/, the embedded default."""
    return f"sqlite:///{Path('var') / 'connector.db'}"


class Settings(BaseSettings):
    """Connector configuration from the environment and an optional `.env` file."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    connector_database_url: str = Field(default_factory=default_database_url)
    retailops_integration_auth_key: SecretStr | None = None
    # Accepted alongside the current key while RetailOps rotates to a new one.
    retailops_previous_auth_key: SecretStr | None = None
    retailops_allow_test_key: bool = False

    shopify_shop: str | None = None
    shopify_access_token: SecretStr | None = None
    shopify_client_id: str | None = None
    shopify_client_secret: SecretStr | None = None
    shopify_api_version: str = DEFAULT_API_VERSION
    shopify_location_id: str | None = None
    shopify_admin_url: str | None = None
    shopify_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    connector_base_path: str = ""
    connector_max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    connector_max_json_depth: int = Field(default=32, ge=4, le=512)
    connector_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    connector_log_json: bool = True
    connector_scheduler_enabled: bool = True

    # order_pull / order_acknowledge behaviour
    connector_order_tag: str = "retailops-imported"
    connector_pull_financial_statuses: tuple[str, ...] = ("PAID", "AUTHORIZED", "PARTIALLY_PAID")
    connector_page_token_ttl_seconds: int = Field(default=24 * 3600, ge=60)
    connector_page_token_secret: SecretStr | None = None
    # Where order_pull's gift_message comes from: "note" or the name of an order attribute.
    connector_gift_message_key: str = "note"

    # order intake: the local order mirror kept by the order_sync job (see README "Order intake")
    connector_order_sync_seconds: float = Field(default=30.0, gt=0)
    # A mirror older than this is caught up inside an order_pull first (bounded; store failures
    # then answer from the mirror). Keep it above the sync interval so a normal pull makes no store call.
    connector_order_mirror_max_lag_seconds: float = Field(default=120.0, ge=0)
    # How long an order_pull spends catching a lagging mirror up before answering from it (the
    # request ceiling is 13 s; RetailOps waits meanwhile).
    connector_order_pull_catch_up_seconds: float = Field(default=3.0, gt=0, le=10)
    # The first backfill, and a catch-up whose cursor lags more than this, read the store by one
    # bulk operation (no request-bucket cost) instead of pages; 0 = pages only.
    connector_order_bulk_catchup_seconds: float = Field(default=6 * 3600.0, ge=0)
    # Cooling-off before an order is offered (post-purchase upsells, customer edits); 0 turns it off.
    connector_order_delay_seconds: float = Field(default=300.0, ge=0)
    # Orders with a risk assessment at or above this level wait (PENDING always waits).
    connector_risk_hold_level: Literal["LOW", "MEDIUM", "HIGH"] = "HIGH"
    # Where Shopify delivers webhooks (https://host[/prefix]); unset = polling only.
    connector_public_url: str | None = None
    # How often the webhook subscriptions are checked (and missing ones re-created).
    connector_webhook_check_seconds: float = Field(default=600.0, gt=0)
    # The webhook HMAC key; the app's client secret when unset.
    shopify_webhook_secret: SecretStr | None = None

    # order_cancel / order_complete / order_returned behaviour
    connector_cancel_reason: Literal["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"] = "OTHER"
    connector_cancel_restock: bool = True
    connector_cancel_refund: bool = True
    connector_cancel_notify_customer: bool = False
    connector_notify_customer_on_ship: bool = True
    connector_return_restock: bool = True
    # order_complete removes what RetailOps will not ship by an order edit, or by a refund of those units.
    connector_complete_unshipped: Literal["edit", "refund"] = "edit"

    # inventory behaviour
    connector_subtract_committed: bool = True
    # Inventory drift check: re-send what RetailOps asked for (true) or only report it (false).
    connector_drift_repair: bool = False
    connector_drift_seconds: float = Field(default=3600.0, gt=0)
    connector_reconcile_seconds: float = Field(default=300.0, gt=0)
    connector_sku_map_seconds: float = Field(default=6 * 3600.0, gt=0)
    # JSON object mapping RetailOps facility_name → Shopify location id, e.g. {"WH1": "gid://shopify/Location/1"}.
    connector_facility_locations: str | None = None
    connector_inventory_flush_seconds: float = Field(default=2.0, gt=0)
    connector_intent_retry_seconds: float = Field(default=15.0, gt=0)
    # How long one request may retry a transient store failure before queueing the write
    # (kept well under the RetailOps verifier's 15 s client timeout).
    connector_write_budget_seconds: float = Field(default=8.0, ge=0, le=12)
    # Hard ceiling on one request, under the verifier's 15 s client timeout.
    connector_request_timeout_seconds: float = Field(default=13.0, gt=0, le=60)

    # Operator console at /console: off unless a password is set (never the RetailOps key).
    connector_console_password: SecretStr | None = None
    # Console sessions last this long without a new login.
    connector_console_session_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)

    @field_validator("connector_base_path")
    @classmethod
    def _normalise_base_path(cls, value: str) -> str:
        value = value.strip()
        if not value or value == "/":
            return ""
        if not value.startswith("/"):
            value = "/" + value
        return value.rstrip("/")

    @field_validator("connector_database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError("must be a sqlite:/// or postgresql:// SQLAlchemy URL")
        if value.startswith("postgres:"):
            value = "postgresql" + value[len("postgres") :]
        if value.startswith("postgresql:"):
            value = "postgresql+psycopg" + value[len("postgresql") :]
        return value

    @field_validator("shopify_shop")
    @classmethod
    def _check_shop(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
        if "/" in value or " " in value:
            raise ValueError("must be a shop domain such as example.myshopify.com")
        return value

    @field_validator("shopify_api_version")
    @classmethod
    def _check_version(cls, value: str) -> str:
        parts = value.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError("must look like 2026-07")
        return value

    @model_validator(mode="after")
    def _check_shopify_credentials(self) -> Settings:
        if bool(self.shopify_client_id) != bool(self.shopify_client_secret):
            raise ValueError("SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET must be set together")
        return self

    @model_validator(mode="after")
    def _check_console_password(self) -> Settings:
        password = self.console_password
        if password is None:
            return self
        if len(password) < 8:
            raise ValueError("CONNECTOR_CONSOLE_PASSWORD must be at least 8 characters")
        keys = [
            k.get_secret_value()
            for k in (self.retailops_integration_auth_key, self.retailops_previous_auth_key)
            if k
        ]
        if password in (*keys, TEST_KEY):
            raise ValueError("CONNECTOR_CONSOLE_PASSWORD must not be a RetailOps integration key")
        return self

    @property
    def console_password(self) -> str | None:
        """The console password, or None when the console is off."""
        value = self.connector_console_password
        return value.get_secret_value() if value is not None and value.get_secret_value() else None

    @property
    def shopify_endpoint(self) -> str:
        """The Admin GraphQL URL for the pinned version."""
        base = self.shopify_admin_url or f"https://{self.shopify_shop}"
        return f"{base.rstrip('/')}/admin/api/{self.shopify_api_version}/graphql.json"

    def accepted_keys(self) -> list[str]:
        """Every integration key the app accepts now (current, previous, test key if allowed)."""
        keys = [
            k.get_secret_value()
            for k in (self.retailops_integration_auth_key, self.retailops_previous_auth_key)
            if k is not None and k.get_secret_value()
        ]
        if self.retailops_allow_test_key:
            keys.append(TEST_KEY)
        return keys

    def secrets(self) -> list[str]:
        """Every secret value held, for the log redaction filter."""
        values = [
            s.get_secret_value()
            for s in (
                self.retailops_integration_auth_key,
                self.retailops_previous_auth_key,
                self.shopify_access_token,
                self.shopify_client_secret,
                self.connector_page_token_secret,
                self.connector_console_password,
                self.shopify_webhook_secret,
            )
            if s is not None
        ]
        return [v for v in values if len(v) >= 4]

    def problems_for_serve(self) -> list[str]:
        """Reasons `serve` must refuse to start; empty when the settings are complete."""
        problems = []
        key = self.retailops_integration_auth_key
        if key is None or not key.get_secret_value().strip():
            problems.append("RETAILOPS_INTEGRATION_AUTH_KEY is required")
        elif key.get_secret_value() == TEST_KEY:
            problems.append(
                "RETAILOPS_INTEGRATION_AUTH_KEY must not be the test key; "
                "set RETAILOPS_ALLOW_TEST_KEY=true for verifier runs instead"
            )
        elif len(key.get_secret_value()) < 16:
            problems.append("RETAILOPS_INTEGRATION_AUTH_KEY must be at least 16 characters")
        if not self.shopify_shop and not self.shopify_admin_url:
            problems.append("SHOPIFY_SHOP is required (or SHOPIFY_ADMIN_URL)")
        if self.shopify_access_token is None and not self.shopify_client_id:
            problems.append(
                "SHOPIFY_ACCESS_TOKEN is required "
                "(or SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET for the client-credentials grant)"
            )
        return problems
