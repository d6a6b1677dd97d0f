"""Every variant of the store via a bulk operation, streamed from its JSONL result.

Called by ``ShopifyClient.iter_variants`` to warm the SKU map. Runs
``bulkOperationRunQuery(documents.BULK_VARIANTS_QUERY)``, polls ``node(id:)`` until the operation
ends (with a deadline), then streams the result file line by line. When Shopify refuses a new bulk
operation because others are running (OPERATION_IN_PROGRESS / LIMIT_REACHED), it falls back to the
paged ``productVariants`` connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from storefront_clients.base import BulkStatus, VariantRef
from storefront_clients.errors import (
    PermanentStorefrontError,
    StorefrontError,
    TransientStorefrontError,
)
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import from_transport
from storefront_clients.shopify.ops_catalog import paged_variants
from storefront_clients.shopify.pacer import Clock, Sleep
from storefront_clients.shopify.parse import Json, nodes, obj, variant_ref
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)

BUSY_CODES = frozenset({"OPERATION_IN_PROGRESS", "LIMIT_REACHED"})
_FINISHED = frozenset({"COMPLETED", "FAILED", "CANCELED", "CANCELLED", "EXPIRED"})


@dataclass(frozen=True, slots=True)
class BulkPolicy:
    """How long to wait for a bulk operation, and how often to ask."""

    deadline_seconds: float = 1800.0
    first_poll_seconds: float = 0.5
    max_poll_seconds: float = 5.0


class BulkVariants:
    """Runs the variant export; one instance per client."""

    def __init__(
        self,
        transport: Transport,
        download: httpx.AsyncClient,
        *,
        policy: BulkPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._transport = transport
        # A client without the Shopify token: result URLs are pre-signed storage links.
        self._download = download
        self._policy = policy or BulkPolicy()
        self._clock = clock
        self._sleep = sleep

    async def iter_variants(self) -> AsyncIterator[VariantRef]:
        """Every variant with a SKU: bulk export, or pages when bulk is busy."""
        operation = await self._start()
        if operation is None:
            log.info("bulk operation busy; listing variants page by page")
            async for ref in paged_variants(self._transport):
                yield ref
            return
        finished = await self._wait(operation)
        url = finished.get("url")
        if not url:
            return  # completed with no rows: an empty store
        async for ref in self._stream(str(url)):
            yield ref

    async def _start(self) -> Json | None:
        """Start the export (or adopt one a lost answer created); None when bulk operations are busy."""
        return await start_or_adopt(self._transport, documents.BULK_VARIANTS_QUERY)

    async def _wait(self, operation: Json) -> Json:
        """Poll until the operation finishes; raise when it failed or the deadline passed."""
        deadline = self._clock() + self._policy.deadline_seconds
        interval = self._policy.first_poll_seconds
        while str(operation.get("status")) not in _FINISHED:
            if self._clock() + interval > deadline:
                raise TransientStorefrontError(
                    f"Shopify bulk operation {operation.get('id')} still running at the deadline"
                )
            await self._sleep(interval)
            interval = min(self._policy.max_poll_seconds, interval * 2)
            operation = await poll_bulk(self._transport, str(operation["id"])) or operation
        status = str(operation.get("status"))
        if status != "COMPLETED":
            raise _failure(operation)
        return operation

    async def _stream(self, url: str) -> AsyncIterator[VariantRef]:
        """Read the JSONL result line by line; child rows (`__parentId`) are not variants."""
        async for row in stream_rows(self._download, url):
            if "__parentId" in row:
                continue
            ref = variant_ref(row)
            if ref is not None:
                yield ref


async def start_bulk(transport: Transport, query: str) -> Json | None:
    """Run `query` as a bulk operation; None when Shopify says bulk operations are busy."""
    payload = await transport.mutate(
        documents.BULK_RUN_QUERY,
        {"query": query},
        operation="BulkRunQuery",
        root="bulkOperationRunQuery",
        idempotent=False,
        tolerated=BUSY_CODES,
    )
    if payload.get("userErrors"):  # only "busy" errors are left for us to read
        return None
    operation = obj(payload.get("bulkOperation"))
    if not operation.get("id"):
        raise PermanentStorefrontError("Shopify bulkOperationRunQuery returned no operation")
    return operation


async def start_or_adopt(transport: Transport, query: str) -> Json | None:
    """`start_bulk`, adopting the operation a lost answer (time-out, 5xx) may still have created."""
    try:
        return await start_bulk(transport, query)
    except TransientStorefrontError:
        # Adopted rather than left running unseen beside a second one (which Shopify may refuse).
        adopted = await created_operation(transport, query)
        if adopted is None:
            raise
        log.info("bulk operation %s adopted after a lost answer", adopted.get("id"))
        return adopted


async def created_operation(transport: Transport, query: str) -> Json | None:
    """The newest of the app's recent bulk operations that runs exactly `query` and has not failed."""
    data = await transport.execute(
        documents.RECENT_BULK_OPERATIONS, {}, operation="RecentBulkOperations", idempotent=True
    )
    for node in nodes(data.get("bulkOperations")):
        if node.get("id") and node.get("query") == query:
            status = bulk_status(node)
            return None if status.finished and status.status != "COMPLETED" else node
    return None


async def poll_bulk(transport: Transport, operation_id: str) -> Json | None:
    """One status read of a bulk operation (None when Shopify does not know the id)."""
    data = await transport.execute(
        documents.BULK_OPERATION, {"id": operation_id}, operation="BulkOperationPoll", idempotent=True
    )
    return obj(data.get("node")) or None


def bulk_status(operation: Json) -> BulkStatus:
    """A BulkOperation node as the connector's value type."""
    return BulkStatus(
        id=str(operation["id"]),
        status=str(operation.get("status") or ""),
        url=str(operation["url"]) if operation.get("url") else None,
        partial_url=str(operation["partialDataUrl"]) if operation.get("partialDataUrl") else None,
        error_code=str(operation["errorCode"]) if operation.get("errorCode") else None,
        object_count=int(operation.get("objectCount") or 0),
    )


async def stream_rows(download: httpx.AsyncClient, url: str) -> AsyncIterator[Json]:
    """The JSON objects of a bulk result file, one line at a time (the file is never held whole)."""
    try:
        async with download.stream("GET", url) as response:
            if response.status_code >= 400:
                raise TransientStorefrontError(f"Shopify bulk result download: HTTP {response.status_code}")
            async for line in response.aiter_lines():
                if not line.strip():
                    continue
                row = json.loads(line)
                if isinstance(row, dict):
                    yield row
    except httpx.HTTPError as exc:
        raise from_transport(exc, "bulk result download") from None
    except json.JSONDecodeError:
        raise TransientStorefrontError("Shopify bulk result is not JSONL") from None


def _failure(operation: Json) -> StorefrontError:
    """The exception for a bulk operation that ended without completing."""
    code = operation.get("errorCode")
    message = f"Shopify bulk operation {operation.get('id')} ended {operation.get('status')}"
    if code:
        message += f" ({code})"
    if code == "ACCESS_DENIED":
        return PermanentStorefrontError(message)
    return TransientStorefrontError(message)
