"""Order reads: a page by search filters, orders by id, one order by reference; all cost-sized.

Called by ``ShopifyClient``. Every read selects ``documents.ORDER_FRAGMENT``; its nested page sizes
and the page of orders are chosen so the expected cost fits under 1,000 points, shrunk after a
MAX_COST_EXCEEDED answer, and orders with more lines than one nested page are completed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from storefront_clients.base import OrderLine, OrderPage, OrderQuery, StoreOrder
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import MaxCostExceededError
from storefront_clients.shopify.list_pages import LIST_GROWTH, all_fulfillment_lines
from storefront_clients.shopify.paging import (
    MAX_PAGE,
    ObservedCosts,
    OrderSizes,
    largest_fitting,
    shrunk,
    with_sizes,
)
from storefront_clients.shopify.parse import Json, gid, nodes, obj, page_info
from storefront_clients.shopify.parse_orders import order, order_line
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)
_ORDER_NAME = re.compile(r"^#?[A-Za-z0-9_-]+$")
RELIST_FULFILLMENT_LINES = 10


def search_value(value: str) -> str:
    """A search-syntax value, quoted when it holds anything but plain word characters."""
    if re.fullmatch(r"[A-Za-z0-9_.:-]+", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _instant(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return "'" + aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") + "'"


def _any_of(name: str, values: Sequence[str]) -> str:
    terms = [f"{name}:{search_value(v.lower())}" for v in values]
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def search_query(query: OrderQuery) -> str:
    """Shopify's order search string for an OrderQuery (terms joined by AND)."""
    terms: list[str] = []
    if query.updated_since is not None:
        terms.append(f"updated_at:>={_instant(query.updated_since)}")
    if query.created_since is not None:
        terms.append(f"created_at:>={_instant(query.created_since)}")
    if query.open_only:
        terms.append("status:open")
    if query.cancelled_only:
        terms.append("status:cancelled")
    elif not query.include_cancelled:
        terms.append("-status:cancelled")
    if query.financial_statuses:
        terms.append(_any_of("financial_status", query.financial_statuses))
    if query.fulfillment_statuses:
        terms.append(_any_of("fulfillment_status", query.fulfillment_statuses))
    if query.with_tag:
        terms.append(f"tag:{search_value(query.with_tag)}")
    if query.without_tag:
        terms.append(f"-tag:{search_value(query.without_tag)}")
    return " AND ".join(terms)


class OrderReader:
    """Reads orders through one transport, remembering page sizes that fit."""

    def __init__(self, transport: Transport, sizes: OrderSizes | None = None) -> None:
        self._transport = transport
        self.sizes = sizes or OrderSizes()
        # Real requested costs by page size, per operation and nested sizes (see ObservedCosts).
        self._observed: dict[tuple[str, OrderSizes], ObservedCosts] = {}

    async def page(self, query: OrderQuery, cursor: str | None, limit: int) -> OrderPage:
        """One page of matching orders, oldest first."""
        base: dict[str, Any] = {"query": search_query(query) or None, "after": cursor}

        async def run(first: int, sizes: OrderSizes) -> Json:
            variables = with_sizes({**base, "first": first}, sizes)
            return await self._transport.execute(
                documents.ORDERS_PAGE, variables, operation="OrdersPage", idempotent=True
            )

        data, sizes = await self._sized(limit, "OrdersPage", documents.ORDERS_PAGE, base, run)
        connection = obj(data.get("orders"))
        orders = [await self.complete(n, sizes) for n in nodes(connection)]
        has_next, end = page_info(connection)
        return OrderPage(orders=tuple(orders), next_cursor=end if has_next else None)

    async def by_ids(self, order_ids: Sequence[str]) -> dict[str, StoreOrder]:
        """The orders that exist among `order_ids`, keyed by id (batched `nodes(ids:)`)."""
        wanted = list(dict.fromkeys(gid("Order", i) for i in order_ids))
        found: dict[str, StoreOrder] = {}
        while wanted:
            batch_ids = wanted[:MAX_PAGE]

            async def run(first: int, sizes: OrderSizes, ids: list[str] = batch_ids) -> Json:
                variables = with_sizes({"ids": ids[:first]}, sizes)
                data = await self._transport.execute(
                    documents.ORDERS_BY_ID, variables, operation="OrdersById", idempotent=True
                )
                return {"nodes": data.get("nodes") or [], "count": first}

            data, sizes = await self._sized(
                len(batch_ids), "OrdersById", documents.ORDERS_BY_ID, {"ids": batch_ids}, run
            )
            for node in data["nodes"]:
                if isinstance(node, dict) and node.get("id"):
                    parsed = await self.complete(node, sizes)
                    found[parsed.id] = parsed
            wanted = wanted[int(data["count"]) :]
        return {
            original: found[gid("Order", original)]
            for original in order_ids
            if gid("Order", original) in found
        }

    async def existing(self, order_ids: Sequence[str]) -> set[str]:
        """Which of `order_ids` exist, as given (one lean `nodes(ids:)` call per 250 ids)."""
        by_gid = {gid("Order", i): i for i in order_ids}
        wanted = list(by_gid)
        present: set[str] = set()
        for start in range(0, len(wanted), MAX_PAGE):
            data = await self._transport.execute(
                documents.ORDER_IDS_BY_ID,
                {"ids": wanted[start : start + MAX_PAGE]},
                operation="OrderIdsById",
                idempotent=True,
            )
            present |= {str(n["id"]) for n in data.get("nodes") or [] if isinstance(n, dict) and n.get("id")}
        return {original for g, original in by_gid.items() if g in present}

    async def find(self, reference: str) -> StoreOrder | None:
        """An order by GID, numeric legacy id, or name (`#1001` / `1001`), exact matches only."""
        reference = reference.strip()
        if not reference:
            return None
        if reference.startswith("gid://") or reference.isdigit():
            found = await self.by_ids([gid("Order", reference)])
            if found:
                return next(iter(found.values()))
            if reference.startswith("gid://"):
                return None
        if not _ORDER_NAME.match(reference):
            return None
        name = reference if reference.startswith("#") else f"#{reference}"
        data = await self._transport.execute(
            documents.ORDER_IDS_BY_QUERY,
            {"query": f"name:{search_value(name)}", "first": 5},
            operation="OrderIdsByQuery",
            idempotent=True,
        )
        matches = [str(n["id"]) for n in nodes(data.get("orders")) if str(n.get("name")) == name]
        if len(matches) != 1:
            return None
        return (await self.by_ids(matches)).get(matches[0])

    async def _sized(
        self,
        limit: int,
        operation: str,
        document: str,
        base: dict[str, Any],
        run: Callable[[int, OrderSizes], Awaitable[Json]],
    ) -> tuple[Json, OrderSizes]:
        """Run with the largest page that fits (shrunk after MAX_COST_EXCEEDED); the nested sizes used."""
        sizes = self.sizes
        first = self._fit(limit, document, base, sizes, operation)
        while True:
            if first < 1:
                sizes = sizes.halved()
                first = max(1, self._fit(limit, document, base, sizes, operation))
            observed = self._observed.setdefault((operation, sizes), ObservedCosts())
            try:
                result = await run(first, sizes)
            except MaxCostExceededError as exc:
                if first == 1 and sizes == sizes.halved():
                    raise
                if exc.requested_cost:
                    observed.record(first, exc.requested_cost)
                first = shrunk(first, exc.requested_cost)
                continue
            requested = self._transport.pacer.costs.last_requested(operation)
            if requested is not None:
                observed.record(first, requested)
            return result, sizes

    def _fit(self, limit: int, document: str, base: dict[str, Any], sizes: OrderSizes, operation: str) -> int:
        variables = with_sizes(base, sizes)
        key = "ids" if "ids" in base else "first"

        observed = self._observed.get((operation, sizes))

        def cost(first: int) -> float:
            sample = {**variables, key: base["ids"][:first] if key == "ids" else first}
            estimate = self._transport.expected_cost(document, sample, operation)
            predicted = observed.predict(first) if observed else None
            if predicted is None:
                return estimate
            # Observed and interpolated sizes are trusted; beyond them, the more cautious guess.
            return predicted if observed and observed.bracketed(first) else max(predicted, estimate)

        return largest_fitting(max(1, limit), cost)

    async def complete(self, node: Json, sizes: OrderSizes | None = None) -> StoreOrder:
        """The order read with `sizes`, with every list its decisions use read in full.

        Line items beyond the first nested page are paged; transactions and fulfilments (plain
        lists without pageInfo, so a list exactly at its `first` size may be truncated) are re-read
        at the largest size; a fulfilment's line items beyond its first page are paged.
        """
        sizes = sizes or self.sizes
        node = await self._full_lists(node, sizes)
        has_next, cursor = page_info(node.get("lineItems"))
        currency = str(node.get("presentmentCurrencyCode") or node.get("currencyCode") or "")
        extra: list[OrderLine] = []
        while has_next:
            data = await self._transport.execute(
                documents.ORDER_LINE_ITEMS_PAGE,
                {"id": node["id"], "first": MAX_PAGE // 2, "after": cursor},
                operation="OrderLineItemsPage",
                idempotent=True,
            )
            connection = obj(obj(data.get("order")).get("lineItems"))
            extra.extend(order_line(n, currency) for n in nodes(connection))
            has_next, cursor = page_info(connection)
        return order(node, tuple(extra))

    async def _full_lists(self, node: Json, sizes: OrderSizes) -> Json:
        """`node` with its transactions and fulfilments complete (re-read when possibly truncated)."""
        transactions, fulfillments = sizes.transactions, sizes.fulfillments
        while True:
            full_t = len(node.get("transactions") or ()) >= transactions
            full_f = len(node.get("fulfillments") or ()) >= fulfillments
            if not (full_t or full_f) or max(transactions, fulfillments) >= MAX_PAGE:
                break
            # Grown tenfold per step, not straight to the maximum: a list's requested cost grows with
            # its size (and a fulfilment's nested lines with it), and Shopify refuses a request the
            # bucket cannot hold; lines past the nested page are paged below anyway.
            transactions = min(MAX_PAGE, transactions * LIST_GROWTH) if full_t else transactions
            fulfillments = min(MAX_PAGE, fulfillments * LIST_GROWTH) if full_f else fulfillments
            data = await self._transport.execute(
                documents.ORDER_LISTS,
                {
                    "id": node["id"],
                    "transactionsFirst": transactions,
                    "fulfillmentsFirst": fulfillments,
                    "fulfillmentLinesFirst": min(sizes.fulfillment_lines, RELIST_FULFILLMENT_LINES),
                },
                operation="OrderLists",
                idempotent=True,
            )
            lists = obj(data.get("order"))
            node = {
                **node,
                "transactions": lists.get("transactions"),
                "fulfillments": lists.get("fulfillments"),
            }
        if any(len(node.get(k) or ()) >= MAX_PAGE for k in ("transactions", "fulfillments")):
            log.warning("order %s holds %d+ transactions or fulfilments", node["id"], MAX_PAGE)
        completed = [await all_fulfillment_lines(self._transport, f) for f in nodes(node.get("fulfillments"))]
        return {**node, "fulfillments": completed}
