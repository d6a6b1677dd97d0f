"""Orders by bulk export: start the operation, read its status, stream its JSONL file as orders.

Called by ``ShopifyClient`` for the order sync's backfills. Child rows (line items, shipping
lines, fulfillment orders) carry their order's id in ``__parentId``; they are attached to their
order while it is in the current batch. Shopify lists a child after its parent but does not
promise right after, so a child whose order was already handed out names that order in the next
batch's ``incomplete`` (the caller re-reads it by id) instead of holding the whole file in memory.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime

import httpx

from storefront_clients.base import BulkStatus, ExportedOrder, OrderExportBatch, OrderQuery
from storefront_clients.shopify import documents
from storefront_clients.shopify.bulk import bulk_status, poll_bulk, start_or_adopt, stream_rows
from storefront_clients.shopify.ops_order_facts import facts
from storefront_clients.shopify.ops_orders import search_query
from storefront_clients.shopify.parse import Json
from storefront_clients.shopify.parse_orders import order
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)

BATCH = 250
# Child row gid type → the connection of the order it belongs to.
_CHILDREN = {
    "LineItem": "lineItems",
    "ShippingLine": "shippingLines",
    "FulfillmentOrder": "fulfillmentOrders",
}


def export_query(updated_since: datetime | None, open_only: bool) -> str:
    """The bulk document: open orders (first backfill) or every order changed since a time."""
    query = OrderQuery(updated_since=updated_since, open_only=open_only, include_cancelled=not open_only)
    return documents.bulk_orders_query(search_query(query) or None)


async def start_export(
    transport: Transport, updated_since: datetime | None, open_only: bool
) -> BulkStatus | None:
    """Start the export; None when Shopify refuses it because bulk operations are busy."""
    operation = await start_or_adopt(transport, export_query(updated_since, open_only))
    return bulk_status(operation) if operation is not None else None


async def export_status(transport: Transport, operation_id: str) -> BulkStatus | None:
    """One status read of a bulk operation."""
    operation = await poll_bulk(transport, operation_id)
    return bulk_status(operation) if operation is not None else None


def _kind(gid: object) -> str:
    parts = str(gid or "").split("/")
    return parts[3] if len(parts) > 4 and parts[:3] == ["gid:", "", "shopify"] else ""


def _exported(node: Json) -> ExportedOrder:
    return ExportedOrder(facts=facts(node), order=order(node))


def _new_order(row: Json) -> Json:
    return {**row, **{name: {"nodes": []} for name in _CHILDREN.values()}}


async def export_batches(
    download: httpx.AsyncClient, url: str, batch: int | None = None
) -> AsyncIterator[OrderExportBatch]:
    """The orders of an export file, `batch` (BATCH) at a time, each with its children reattached."""
    size = batch or BATCH
    pending: dict[str, Json] = {}
    late: dict[str, None] = {}
    async for line in stream_rows(download, url):
        row = dict(line)
        parent = row.pop("__parentId", None)
        if parent is None:
            if len(pending) >= size:
                yield OrderExportBatch(tuple(_exported(n) for n in pending.values()), tuple(late))
                pending, late = {}, {}
            pending[str(row["id"])] = _new_order(row)
            continue
        connection = _CHILDREN.get(_kind(row.get("id")))
        if connection is None:
            log.warning("bulk order export: row of unknown type skipped", extra={"gid": row.get("id")})
            continue
        owner = pending.get(str(parent))
        if owner is None:
            late[str(parent)] = None
            continue
        owner[connection]["nodes"].append(row)
    if pending or late:
        yield OrderExportBatch(tuple(_exported(n) for n in pending.values()), tuple(late))
