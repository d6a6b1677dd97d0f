"""The skeleton every order action follows, and its shared parts.

1. `resolve` the order behind RetailOps' refnum (or answer the one unknown-order event);
2. plan the store write as a typed intent payload (plus events for bad items);
3. `execute` it through the intent engine (connector.intents.engine);
4. answer from the outcome (`outcome_events`, `repeat_event`) and, where asked, from the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from connector.intents.engine import Outcome
from connector.mapping.refs import order_gid
from connector.repo import ledger
from connector.retailops import (
    Association,
    Event,
    EventCode,
    error_event,
    info_event,
    warning_event,
)
from connector.services import Services
from storefront_clients.base import StoreOrder


@dataclass(frozen=True)
class Target:
    """The order an order action works on: RetailOps' refnum and the store's order."""

    refnum: str
    order: StoreOrder

    @property
    def assoc(self) -> Association:
        """The association naming this order in events."""
        return Association.order_refnum(self.refnum)


async def resolve(services: Services, raw_refnum: str | None) -> Target | Event:
    """Step 1: the store order behind a channel_order_refnum, or the unknown-order event to answer."""
    refnum = (raw_refnum or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return unknown_order(refnum)
    return Target(refnum, order)


async def find_order(services: Services, refnum: str) -> StoreOrder | None:
    """The store order for a channel_order_refnum (ledger first, then the store), or None."""
    order_id = await known_order_id(services, refnum)
    if order_id is not None:
        return (await services.storefront.fetch_orders([order_id])).get(order_id)
    return await services.storefront.find_order(refnum)


async def target_id(services: Services, raw_refnum: str | None) -> tuple[str, str | None]:
    """RetailOps' refnum, stripped, and the store order id it names (a name is looked up in the store).

    A numeric refnum's id is not checked here: the action's own lean read of it answers that.
    """
    refnum = (raw_refnum or "").strip()
    if not refnum:
        return refnum, None
    order_id = await known_order_id(services, refnum)
    if order_id is None:
        named = await services.storefront.find_order(refnum)
        order_id = named.id if named is not None else None
    return refnum, order_id


async def known_order_id(services: Services, refnum: str) -> str | None:
    """The store order id a refnum names without a store read (the ledger, or a numeric id), else None."""
    row = (await services.db.run(lambda s: ledger.by_refnums(s, [refnum]))).get(refnum)
    if row is not None:
        return row.store_order_id
    # Our refnums are numeric order ids: one read by id answers it either way.
    return order_gid(refnum) if refnum.isdigit() else None


def is_order_id(refnum: str) -> bool:
    """Whether a refnum can be a Shopify order id (the numeric ids order_pull answers)."""
    return refnum.isascii() and refnum.isdigit() and 0 < int(refnum) < 2**63


def unknown_order(refnum: str | None, severity: str = "error") -> Event:
    """The event for a refnum the store does not know."""
    make = error_event if severity == "error" else warning_event
    return make(
        EventCode.UNKNOWN_ORDER,
        f"No order with channel_order_refnum {refnum!r} exists in the store",
        Association.order_refnum(refnum or ""),
    )


def outcome_events(outcome: Outcome, what: str, *assocs: Association) -> list[Event]:
    """Events for an intent's outcome: none when applied, a warning when queued, an error when refused."""
    if outcome.status == "done":
        return []
    if outcome.status == "queued":
        return [
            warning_event(
                EventCode.QUEUED,
                f"{what} was accepted but the store is not answering; it will be retried automatically"
                + (f" ({outcome.error})" if outcome.error else ""),
                *assocs,
            )
        ]
    return [
        error_event(EventCode.STOREFRONT_ERROR, f"{what} was refused by the store: {outcome.error}", *assocs)
    ]


def repeat_event(what: str, *assocs: Association) -> Event:
    """An info event telling RetailOps a repeated request changed nothing."""
    return info_event(EventCode.DUPLICATE, f"{what} was already applied; nothing changed", *assocs)
