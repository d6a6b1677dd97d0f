"""Loopback-only test admin API under /_sandbox/: reset, seed, orders, state, calls, config, faults."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .faults import FaultRule
from .ids import gid
from .order_builder import build_order
from .order_spec import OrderSpecError
from .readiness import apply as apply_readiness
from .runtime import SandboxRuntime
from .seed import seed
from .state_views import order_state, summary
from .store import Store
from .webhooks import emit, emit_order

LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


def _runtime(request: Request) -> SandboxRuntime:
    return request.app.state.sandbox  # type: ignore[no-any-return]


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    data = json.loads(raw) if raw else {}
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    return data


def _guard(request: Request) -> Response | None:
    host = request.client.host if request.client else ""
    if host not in LOOPBACK:
        return JSONResponse({"error": "the sandbox admin API only answers loopback clients"}, status_code=403)
    return None


def _seed_args(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("products", "variants_per_product", "orders", "extra_orders", "random_seed")
    return {k: data[k] for k in keys if k in data}


async def reset(request: Request) -> Response:
    """POST /_sandbox/reset {seed?: bool, ...seed args}: empty the store (optionally reseed)."""
    runtime = _runtime(request)
    data = await _body(request)
    fresh = Store()
    with runtime.store.lock:
        for name in fresh.__dataclass_fields__:
            if name not in ("lock", "webhook_dispatcher"):
                setattr(runtime.store, name, getattr(fresh, name))
        if data.get("seed"):
            seed(runtime.store, **_seed_args(data))
    runtime.calls.clear()
    runtime.faults.clear()
    runtime.bucket.fill()
    return JSONResponse(summary(runtime.store))


async def seed_route(request: Request) -> Response:
    """POST /_sandbox/seed {products, variants_per_product, orders, extra_orders, random_seed}."""
    runtime = _runtime(request)
    with runtime.store.lock:
        seed(runtime.store, **_seed_args(await _body(request)))
    return JSONResponse(summary(runtime.store))


async def add_order(request: Request) -> Response:
    """POST /_sandbox/orders {compact description}: create an order."""
    runtime = _runtime(request)
    try:
        with runtime.store.lock:
            order = build_order(runtime.store, await _body(request))
            emit_order(runtime.store, "orders/create", order)
    except (OrderSpecError, ValueError, KeyError, TypeError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    return JSONResponse(order_state(runtime.store, order), status_code=201)


async def order_readiness(request: Request) -> Response:
    """POST /_sandbox/orders/readiness {name, risk_levels?, hold?, release?, fulfill_at?}."""
    runtime = _runtime(request)
    data = await _body(request)
    with runtime.store.lock:
        order = apply_readiness(runtime.store, data)
        return JSONResponse(order_state(runtime.store, order))


async def webhooks_route(request: Request) -> Response:
    """GET/POST /_sandbox/webhooks {paused?, delete_topic?, uninstall?}: subscriptions and deliveries."""
    runtime = _runtime(request)
    store, dispatcher = runtime.store, runtime.webhooks
    if request.method == "POST":
        data = await _body(request)
        with store.lock:
            if "paused" in data:
                dispatcher.paused = bool(data["paused"])
            if data.get("delete_topic"):
                # What Shopify does after repeated failed deliveries (shopify.dev webhooks/subscribe/https).
                for sub_id in [
                    s.id for s in store.webhook_subscriptions.values() if s.topic == data["delete_topic"]
                ]:
                    del store.webhook_subscriptions[sub_id]
            if data.get("uninstall"):
                emit(
                    store,
                    "app/uninstalled",
                    {"id": 1, "name": store.shop.name, "domain": runtime.config.shop_domain},
                )
    with store.lock:
        subs = [{"id": s.id, "topic": s.topic, "uri": s.uri} for s in store.webhook_subscriptions.values()]
    with dispatcher.lock:
        sent = [asdict(d) for d in dispatcher.deliveries]
    return JSONResponse({"paused": dispatcher.paused, "subscriptions": subs, "deliveries": sent})


async def orders_state(request: Request) -> Response:
    """GET /_sandbox/state/orders[?name=#1001]: orders as inspectable JSON."""
    store = _runtime(request).store
    name = request.query_params.get("name")
    with store.lock:
        found = [order_state(store, o) for o in store.orders.values() if name in (None, o.name)]
    return JSONResponse({"orders": found})


async def inventory_state(request: Request) -> Response:
    """GET /_sandbox/state/inventory?sku=A&sku=B: variants, items and levels by SKU."""
    store = _runtime(request).store
    result = []
    with store.lock:
        for sku in request.query_params.getlist("sku"):
            for v in store.variant_by_sku(sku):
                item = store.items[v.inventory_item_id]
                result.append(
                    {
                        "sku": v.sku,
                        "variant_id": gid("ProductVariant", v.id),
                        "product_id": gid("Product", v.product_id),
                        "inventory_item_id": gid("InventoryItem", item.id),
                        "levels": {
                            gid("Location", lv.location_id): {
                                "available": lv.available,
                                "committed": lv.committed,
                                "on_hand": lv.on_hand,
                            }
                            for lv in item.levels.values()
                        },
                    }
                )
    return JSONResponse({"variants": result})


async def products_state(request: Request) -> Response:
    """GET /_sandbox/state/products?handle=…: products with their variant SKUs."""
    store = _runtime(request).store
    handle = request.query_params.get("handle")
    with store.lock:
        found = [
            {
                "id": gid("Product", p.id),
                "handle": p.handle,
                "title": p.title,
                "tags": p.tags,
                "skus": [store.variants[v].sku for v in p.variant_ids],
            }
            for p in store.products.values()
            if handle in (None, p.handle)
        ]
    return JSONResponse({"products": found})


async def state_summary(request: Request) -> Response:
    """GET /_sandbox/state: counts, locations and the detailed state endpoints."""
    store = _runtime(request).store
    with store.lock:
        counts = summary(store)
    links = ["/_sandbox/state/orders?name=%231001", "/_sandbox/state/inventory?sku=SBX-00001-S"]
    return JSONResponse({**counts, "see": [*links, "/_sandbox/state/products", "/_sandbox/calls"]})


async def calls(request: Request) -> Response:
    """GET /_sandbox/calls (DELETE clears): the GraphQL call log."""
    runtime = _runtime(request)
    if request.method == "DELETE":
        runtime.calls.clear()
    return JSONResponse({"calls": [asdict(c) for c in runtime.calls.all()]})


async def config(request: Request) -> Response:
    """GET/POST /_sandbox/config {bucket_size, restore_rate, time_scale, max_query_cost, fill,
    granted_scopes, deny_protected_customer_data, bulk_running_polls, bulk_outcome, bulk_error_code}."""
    runtime = _runtime(request)
    if request.method == "POST":
        data = await _body(request)
        bucket = runtime.bucket
        bucket.configure(
            float(data.get("bucket_size", bucket.size)),
            float(data.get("restore_rate", bucket.restore_rate)),
            float(data.get("time_scale", bucket.time_scale)),
        )
        runtime.config.max_query_cost = int(data.get("max_query_cost", runtime.config.max_query_cost))
        if "deny_protected_customer_data" in data:
            runtime.config.deny_protected_customer_data = bool(data["deny_protected_customer_data"])
        if isinstance(data.get("granted_scopes"), str):  # e.g. without read_all_orders: a 60-day window
            runtime.config.granted_scopes = data["granted_scopes"]
        if "bulk_running_polls" in data:
            runtime.config.bulk_running_polls = int(data["bulk_running_polls"])
        if "bulk_outcome" in data:
            runtime.config.bulk_outcome = data["bulk_outcome"] or None
            runtime.config.bulk_error_code = data.get("bulk_error_code") or None
        if "fill" in data:
            bucket.fill(None if data["fill"] is True else float(data["fill"]))
    return JSONResponse(runtime.describe_config())


async def faults(request: Request) -> Response:
    """GET/POST/DELETE /_sandbox/faults {rules:[{kind, match, count, probability, …}], seed}."""
    runtime = _runtime(request)
    if request.method == "POST":
        data = await _body(request)
        try:
            rules = [FaultRule(**r) for r in data.get("rules", [])]
        except (TypeError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        runtime.faults.set(rules, data.get("seed"))
    elif request.method == "DELETE":
        runtime.faults.clear()
    return JSONResponse({"rules": runtime.faults.describe()})


def _guarded(handler: Any) -> Any:
    async def wrapped(request: Request) -> Response:
        denied = _guard(request)
        if denied is not None:
            return denied
        try:
            return await handler(request)  # type: ignore[no-any-return]
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    return wrapped


def admin_routes() -> list[Route]:
    """The /_sandbox/ routes, each refusing non-loopback clients."""
    table = [
        ("/_sandbox/reset", reset, ["POST"]),
        ("/_sandbox/seed", seed_route, ["POST"]),
        ("/_sandbox/orders", add_order, ["POST"]),
        ("/_sandbox/orders/readiness", order_readiness, ["POST"]),
        ("/_sandbox/state", state_summary, ["GET"]),
        ("/_sandbox/state/orders", orders_state, ["GET"]),
        ("/_sandbox/state/inventory", inventory_state, ["GET"]),
        ("/_sandbox/state/products", products_state, ["GET"]),
        ("/_sandbox/calls", calls, ["GET", "DELETE"]),
        ("/_sandbox/config", config, ["GET", "POST"]),
        ("/_sandbox/faults", faults, ["GET", "POST", "DELETE"]),
        ("/_sandbox/webhooks", webhooks_route, ["GET", "POST"]),
    ]
    return [Route(path, _guarded(fn), methods=methods) for path, fn, methods in table]
