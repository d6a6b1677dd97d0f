"""SQLModel tables: order ledger, write intents, inventory buffer, SKU map, cursors, sync runs, console."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import BigInteger, Column, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from connector.db.types import UTCDateTime, utcnow


def _ts(nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class OrderLedger(SQLModel, table=True):
    """One row per storefront order the connector has offered to RetailOps."""

    __tablename__ = "order_ledger"

    id: int | None = Field(default=None, primary_key=True)
    refnum: str = Field(max_length=64, unique=True, index=True)
    store_order_id: str = Field(max_length=128, unique=True)
    order_name: str | None = Field(default=None, max_length=64)
    retailops_order_id: int | None = Field(default=None, sa_type=BigInteger)
    first_pulled_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_pulled_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    acknowledged_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    tag_applied_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    cancelled_in_store_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    cancel_offered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    store_created_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class OrderMirror(SQLModel, table=True):
    """The order_sync job's snapshot of one store order: readiness facts and the mapped RetailOps order."""

    __tablename__ = "order_mirror"
    __table_args__ = (Index("ix_order_mirror_offer", "store_created_at", "refnum"),)

    refnum: str = Field(primary_key=True, max_length=64)
    store_order_id: str = Field(max_length=128, unique=True)
    order_name: str | None = Field(default=None, max_length=64)
    store_created_at: datetime = Field(sa_column=_ts())
    store_updated_at: datetime = Field(sa_column=_ts())
    financial_status: str | None = Field(default=None, max_length=32)
    cancelled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed: bool = False
    # Carries the connector's imported tag (orders imported before the ledger existed are not offered).
    tagged: bool = False
    # Reasons of fulfillment orders ON_HOLD, comma-separated (None: not held).
    hold_reason: str | None = Field(default=None, max_length=255)
    scheduled: bool = False
    scheduled_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # Rank of the highest risk assessment (see connector.intake.readiness.RISK_RANK).
    risk_rank: int = 0
    # The mapped RetailOps order (JSON), or None with `problem` saying why it cannot be offered.
    payload: str | None = Field(default=None, sa_type=Text)
    payload_updated_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # {"sku": unfulfilled units} of the lines that ship (JSON): the stock the order still holds.
    unshipped: str | None = Field(default=None, sa_type=Text)
    problem: str | None = Field(default=None, sa_type=Text)
    synced_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class WebhookEvent(SQLModel, table=True):
    """A Shopify webhook delivery received (deduplicated by its event id) and the resource it names."""

    __tablename__ = "webhook_event"

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    topic: str = Field(max_length=64)
    # The Order or FulfillmentOrder gid the payload names (None: a topic without one).
    resource_id: str | None = Field(default=None, max_length=128)
    received_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    processed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))


class IntentStatus(StrEnum):
    """Lifecycle of a write intent."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class WriteIntent(SQLModel, table=True):
    """A storefront write RetailOps asked for, keyed so a repeat never applies twice."""

    __tablename__ = "write_intent"
    __table_args__ = (Index("ix_write_intent_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=32)
    refnum: str | None = Field(default=None, max_length=64, index=True)
    payload: str = Field(sa_type=Text)
    payload_hash: str = Field(max_length=64)
    status: str = Field(default=IntentStatus.PENDING, max_length=16)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    result: str | None = Field(default=None, sa_type=Text)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    claimed_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class InventoryBuffer(SQLModel, table=True):
    """Latest wanted available quantity per SKU and location; `seq` moves on every push."""

    __tablename__ = "inventory_buffer"
    __table_args__ = (Index("ix_inventory_buffer_pending", "delivered_seq", "seq"),)

    sku: str = Field(primary_key=True, max_length=255)
    location_id: str = Field(primary_key=True, max_length=128)
    quantity: int
    seq: int = Field(default=1, sa_type=BigInteger)
    delivered_seq: int = Field(default=0, sa_type=BigInteger)
    delivered_quantity: int | None = None
    pushed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    delivered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    claimed_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_error: str | None = Field(default=None, sa_type=Text)


class SkuMap(SQLModel, table=True):
    """SKU → variant, inventory item and product in the store (None ids: not found there)."""

    __tablename__ = "sku_map"

    sku: str = Field(primary_key=True, max_length=255)
    variant_id: str | None = Field(default=None, max_length=128)
    inventory_item_id: str | None = Field(default=None, max_length=128)
    product_id: str | None = Field(default=None, max_length=128)
    tracked: bool = True
    refreshed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class SyncCursor(SQLModel, table=True):
    """A named position of a sync job (e.g. the last order updated_at seen)."""

    __tablename__ = "sync_cursor"

    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class SyncRun(SQLModel, table=True):
    """One run of a scheduled job with its figures, for operators."""

    __tablename__ = "sync_run"
    __table_args__ = (UniqueConstraint("job", "started_at", name="uq_sync_run_job_started"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=64, index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    finished_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    figures: str | None = Field(default=None, sa_type=Text)
    error: str | None = Field(default=None, sa_type=Text)


class ConsoleAudit(SQLModel, table=True):
    """One operator action taken in the console (retry, retry all, resolve), shown on its item."""

    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_target", "target_kind", "target"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    actor: str = Field(max_length=64)
    action: str = Field(max_length=32)
    target_kind: str = Field(max_length=32)
    target: str = Field(max_length=255)
    note: str | None = Field(default=None, sa_type=Text)
    outcome: str | None = Field(default=None, sa_type=Text)


class IntentAttempt(SQLModel, table=True):
    """One try of a write intent at the store: when, how it ended, Shopify's answer, how long it took."""

    __tablename__ = "intent_attempt"
    __table_args__ = (Index("ix_intent_attempt_key", "idempotency_key", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200)
    refnum: str | None = Field(default=None, max_length=64, index=True)
    kind: str = Field(max_length=32)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    # applied, refused (permanent), transient (throttled: not applied) or ambiguous (may have applied).
    outcome: str = Field(max_length=16)
    message: str | None = Field(default=None, sa_type=Text)
    # Shopify's userErrors as JSON [{"field": [...], "message": ..., "code": ...}] (None: none given).
    user_errors: str | None = Field(default=None, sa_type=Text)
    duration_ms: int = 0
    # The scheduled job whose run made the attempt (None: a RetailOps request or the console).
    job: str | None = Field(default=None, max_length=64)


class OrderRun(SQLModel, table=True):
    """A scheduled job's run that touched one order (snapshot stored, write applied), for the order page."""

    __tablename__ = "order_run"
    __table_args__ = (
        UniqueConstraint("refnum", "job", "started_at", "outcome", name="uq_order_run"),
        Index("ix_order_run_refnum_started", "refnum", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    refnum: str = Field(max_length=64)
    job: str = Field(max_length=64)
    # The run's start: with `job` it names the run's sync_run row.
    started_at: datetime = Field(sa_column=_ts(index=True))
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    outcome: str = Field(max_length=120)


class LoginFailure(SQLModel, table=True):
    """One failed console login, shared by replicas for the rate limit (rows older than the window go)."""

    __tablename__ = "console_login_failure"
    __table_args__ = (Index("ix_console_login_failure_client", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class OrderIssue(SQLModel, table=True):
    """A store order order_pull could not map for RetailOps, with why (cleared once it maps)."""

    __tablename__ = "order_issue"

    refnum: str = Field(primary_key=True, max_length=64)
    order_name: str | None = Field(default=None, max_length=64)
    message: str = Field(sa_type=Text)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a SQLModel class (for bulk upserts and updates)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]
