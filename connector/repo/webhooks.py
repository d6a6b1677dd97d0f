"""Received Shopify webhooks: deduplicated by event id, queued for the order_sync job to act on."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import WebhookEvent, table_of
from connector.db.types import utcnow

KEEP = timedelta(days=2)  # Shopify retries a failed delivery for up to 48 hours


def record(session: Session, dedupe_key: str, topic: str, resource_id: str | None) -> bool:
    """Store one delivery; answers False when the same event was already received."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    row = {"dedupe_key": dedupe_key, "topic": topic, "resource_id": resource_id, "received_at": utcnow()}
    table = table_of(WebhookEvent)
    # RETURNING tells a new row from a conflict on both dialects (rowcount does not on psycopg).
    stmt = insert(table).values(**row).on_conflict_do_nothing().returning(table.c.id)
    return session.execute(stmt).first() is not None


def pending(session: Session, limit: int) -> list[WebhookEvent]:
    """Deliveries not acted on yet, oldest first."""
    stmt = (
        select(WebhookEvent)
        .where(col(WebhookEvent.processed_at).is_(None))
        .order_by(col(WebhookEvent.id))
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def mark_processed(session: Session, ids: list[int]) -> None:
    """Remember these deliveries were acted on; rows older than KEEP are dropped."""
    now = utcnow()
    if ids:
        session.execute(update(WebhookEvent).where(col(WebhookEvent.id).in_(ids)).values(processed_at=now))
    session.execute(delete(WebhookEvent).where(col(WebhookEvent.received_at) < now - KEEP))
