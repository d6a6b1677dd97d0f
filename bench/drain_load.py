"""RetailOps' side of the benches over HTTP: order_pull readers, an ack-and-ship writer, a full pull."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.loadgen import LoadResult
from storefront_clients.sandbox import Store
from tests.support.builders import envelope


@dataclass
class Interactive:
    """Status codes and latencies of the interactive calls, per action."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    error_events: dict[str, int] = field(default_factory=dict)
    # The distinct error messages seen, for the report.
    messages: set[str] = field(default_factory=set)

    def record(self, action: str, response: httpx.Response, seconds: float) -> dict[str, Any]:
        """Count one answer; answers its JSON body ({} when it has none)."""
        self.latencies.setdefault(action, []).append(seconds)
        codes = self.statuses.setdefault(action, {})
        codes[response.status_code] = codes.get(response.status_code, 0) + 1
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            body = {}
        errors = [e for e in body.get("events") or [] if e.get("event_type") == "error"]
        self.error_events[action] = self.error_events.get(action, 0) + len(errors)
        self.messages.update(f"{action}: {e.get('code')} {str(e.get('message'))[:120]}" for e in errors)
        return body

    def non_200(self, action: str | None = None) -> int:
        """Answers other than 200 (of one action, or all)."""
        actions = [action] if action else list(self.statuses)
        return sum(n for a in actions for code, n in self.statuses.get(a, {}).items() if code != 200)

    def result(self, action: str | None = None) -> LoadResult:
        """The latencies as a LoadResult (its nearest-rank percentiles), of one action or all."""
        actions = [action] if action else list(self.latencies)
        return LoadResult(latencies=[x for a in actions for x in self.latencies.get(a, [])])


def shippable(store: Store) -> set[str]:
    """Refnums of plain orders: unfulfilled, all lines at the primary location (the seeded store's
    shaped orders, held, partly shipped or at a fulfillment service, are refused by design)."""
    with store.lock:
        primary = store.primary_location.id
        return {
            str(o.id)
            for o in store.orders.values()
            if not o.fulfillments
            and not o.refunds
            and o.fulfillment_orders
            and all(fo.status == "OPEN" and fo.location_id == primary for fo in o.fulfillment_orders)
        }


def shipment(order: dict[str, Any], n: int) -> dict[str, Any]:
    """Every line that ships, in one package."""
    items = [
        {"channel_item_refnum": i["channel_item_refnum"], "quantity": i["quantity"]}
        for i in order.get("order_items") or []
        if i.get("item_type") == "ship"
    ]
    package = {"retailops_package_id": n, "tracking_number": f"DRAIN{n:05d}", "package_items": items}
    return {"retailops_shipment_id": n, "packages": [package]}


async def reader(client: httpx.AsyncClient, seen: Interactive, stop: asyncio.Event, pause: float) -> None:
    """order_pull's first page, again and again (RetailOps polling while a drain runs)."""
    while not stop.is_set():
        started = time.perf_counter()
        response = await client.post("/order_pull_v1", json=envelope("order_pull", page_token=""))
        seen.record("order_pull", response, time.perf_counter() - started)
        await asyncio.sleep(pause)


async def writer(
    client: httpx.AsyncClient,
    seen: Interactive,
    stop: asyncio.Event,
    orders: list[dict[str, Any]],
    pause: float,
) -> None:
    """Acknowledge the next pulled order and ship it, then pause; until the drain ends (none: no writer)."""
    for n, order in enumerate(orders if pause >= 0 else [], start=1):
        if stop.is_set():
            return
        refnum = order["channel_order_refnum"]
        ack = envelope(
            "order_acknowledge", orders=[{"channel_order_refnum": refnum, "retailops_order_id": n}]
        )
        started = time.perf_counter()
        response = await client.post("/order_acknowledge_v1", json=ack)
        seen.record("order_acknowledge", response, time.perf_counter() - started)
        ship = envelope("order_shipment_submit", channel_order_refnum=refnum, shipment=shipment(order, n))
        started = time.perf_counter()
        response = await client.post("/order_shipment_submit_v1", json=ship)
        seen.record("order_shipment_submit", response, time.perf_counter() - started)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), pause)


async def offered_refnums(client: httpx.AsyncClient) -> list[str]:
    """Every refnum order_pull offers now, page by page, as RetailOps pulls (bench set-up and probes)."""
    refnums: list[str] = []
    token = ""
    while True:
        response = await client.post("/order_pull_v1", json=envelope("order_pull", page_token=token))
        response.raise_for_status()
        page = response.json()
        refnums += [str(o["channel_order_refnum"]) for o in page.get("orders") or []]
        token = page.get("next_page_token") or ""
        if not token:
            return refnums
