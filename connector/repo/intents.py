"""Write intents: durable records of storefront writes, keyed by idempotency keys from RetailOps ids."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, WriteIntent, table_of
from connector.db.types import utcnow


def payload_hash(payload: dict[str, Any]) -> str:
    """A stable digest of what was asked, to tell a repeat from a changed request.

    Keys starting with "_" are snapshots of the store taken when the intent was first recorded
    (used to recognise an earlier attempt that applied); they are not part of the request.
    """
    asked = {k: v for k, v in payload.items() if not k.startswith("_")}
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


def get(session: Session, key: str) -> WriteIntent | None:
    """The intent with this idempotency key, if any."""
    return session.execute(
        select(WriteIntent).where(col(WriteIntent.idempotency_key) == key)
    ).scalar_one_or_none()


# Built once: order_acknowledge asks this per request.
_EXISTING_KEYS = select(col(WriteIntent.idempotency_key)).where(
    col(WriteIntent.idempotency_key).in_(bindparam("keys", expanding=True))
)


def existing_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these idempotency keys already have an intent (one query)."""
    if not keys:
        return set()
    return set(session.execute(_EXISTING_KEYS, {"keys": keys}).scalars())


def ensure(session: Session, key: str, kind: str, refnum: str | None, payload: dict[str, Any]) -> WriteIntent:
    """Create the intent if new; a known key with a changed payload is re-opened with the new one."""
    digest = payload_hash(payload)
    intent = get(session, key)
    if intent is None:
        _insert_once(
            session,
            WriteIntent(
                idempotency_key=key,
                kind=kind,
                refnum=refnum,
                payload=json.dumps(payload, sort_keys=True, default=str),
                payload_hash=digest,
            ),
        )
        # Ours, or the one another replica recorded for the same request a moment earlier.
        intent = get(session, key)
        if intent is None:
            raise RuntimeError(f"write intent {key!r} vanished right after it was recorded")
    if intent.payload_hash != digest:
        intent.payload = json.dumps(payload, sort_keys=True, default=str)
        intent.payload_hash = digest
        intent.status = IntentStatus.PENDING
        intent.attempts = 0
        intent.last_error = None
        intent.next_attempt_at = utcnow()
    session.add(intent)
    session.flush()
    return intent


def amend(session: Session, key: str, name: str, value: Any) -> None:
    """Store one snapshot value ("_" key) in an intent's payload; the request's hash is unchanged."""
    intent = get(session, key)
    if intent is None:
        return
    payload = json.loads(intent.payload)
    payload[name] = value
    intent.payload = json.dumps(payload, sort_keys=True, default=str)
    session.add(intent)


def ensure_reopened(
    session: Session, key: str, kind: str, refnum: str | None, payload: dict[str, Any]
) -> tuple[str, str | None]:
    """`ensure`, and a FAILED intent sent again is re-opened; answers (status, stored result)."""
    intent = ensure(session, key, kind, refnum, payload)
    if intent.status == IntentStatus.FAILED:
        intent.status = IntentStatus.PENDING
        intent.attempts = 0
        session.add(intent)
    return intent.status, intent.result


def replace_payload(session: Session, key: str, payload: dict[str, Any]) -> None:
    """Overwrite a (done) intent's payload without re-opening it: the next repeat is recognised."""
    intent = get(session, key)
    if intent is not None:
        intent.payload = json.dumps(payload, sort_keys=True, default=str)
        intent.payload_hash = payload_hash(payload)
        session.add(intent)


def recent_done(session: Session, kind: str, limit: int) -> list[WriteIntent]:
    """The most recently applied intents of one kind (the reconcile job checks them in the store)."""
    stmt = (
        select(WriteIntent)
        .where(col(WriteIntent.kind) == kind, col(WriteIntent.status) == IntentStatus.DONE)
        .order_by(col(WriteIntent.updated_at).desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def _insert_once(session: Session, intent: WriteIntent) -> None:
    """Insert unless the key exists: replicas receiving the same request at once must not fail on it."""
    table = table_of(WriteIntent)
    values = {c.name: getattr(intent, c.name) for c in table.columns if c.name != "id"}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=["idempotency_key"]))


class NewIntent(NamedTuple):
    """An intent to record with `insert_new`."""

    key: str
    kind: str
    refnum: str | None
    payload: dict[str, Any]


def insert_new(session: Session, new: list[NewIntent]) -> None:
    """Record many intents in one statement; a key that already exists is left as it is."""
    if not new:
        return
    table = table_of(WriteIntent)
    now = utcnow()
    rows = [
        {
            "idempotency_key": item.key,
            "kind": item.kind,
            "refnum": item.refnum,
            "payload": json.dumps(item.payload, sort_keys=True, default=str),
            "payload_hash": payload_hash(item.payload),
            "status": IntentStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for item in new
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table).on_conflict_do_nothing(index_elements=["idempotency_key"]), rows)


def claim(session: Session, key: str, lease: timedelta) -> WriteIntent | None:
    """Lease one pending intent for an attempt; None if done, failed or held by another worker."""
    now = utcnow()
    stmt = select(WriteIntent).where(
        col(WriteIntent.idempotency_key) == key,
        col(WriteIntent.status) == IntentStatus.PENDING,
        or_(col(WriteIntent.claimed_until).is_(None), col(WriteIntent.claimed_until) < now),
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    intent = session.execute(stmt).scalar_one_or_none()
    if intent is not None:
        intent.claimed_until = now + lease
        intent.attempts += 1
        session.add(intent)
    return intent


def due_keys(session: Session, limit: int) -> list[str]:
    """Keys of pending intents whose next attempt time has come."""
    now = utcnow()
    stmt = (
        select(col(WriteIntent.idempotency_key))
        .where(
            col(WriteIntent.status) == IntentStatus.PENDING,
            col(WriteIntent.next_attempt_at) <= now,
            or_(col(WriteIntent.claimed_until).is_(None), col(WriteIntent.claimed_until) < now),
        )
        .order_by(col(WriteIntent.next_attempt_at))
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def finish(session: Session, key: str, result: dict[str, Any]) -> None:
    """Mark an intent applied, keeping the storefront's answer for repeats."""
    intent = get(session, key)
    if intent is None:
        return
    intent.status = IntentStatus.DONE
    intent.result = json.dumps(result, sort_keys=True, default=str)
    intent.last_error = None
    intent.claimed_until = None
    intent.updated_at = utcnow()
    session.add(intent)


def defer(session: Session, key: str, error: str, delay: timedelta, hold: timedelta | None = None) -> None:
    """Keep an intent pending after a transient failure; the retry job picks it up after `delay`.

    `hold` keeps it leased that long, so not even a repeated request re-attempts it before a write
    possibly still in flight at the store has landed.
    """
    intent = get(session, key)
    if intent is None:
        return
    now = utcnow()
    intent.last_error = error
    intent.next_attempt_at = now + delay
    intent.claimed_until = now + hold if hold else None
    intent.updated_at = utcnow()
    session.add(intent)


def fail(session: Session, key: str, error: str) -> None:
    """Stop an intent on a permanent storefront refusal; it stays visible for an operator."""
    intent = get(session, key)
    if intent is None:
        return
    intent.status = IntentStatus.FAILED
    intent.last_error = error
    intent.claimed_until = None
    intent.updated_at = utcnow()
    session.add(intent)
