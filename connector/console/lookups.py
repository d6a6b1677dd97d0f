"""Console lookups: the order page (timeline, store view, admin link) and the SKU page (drift)."""

from __future__ import annotations

import logging
from functools import partial

from starlette.requests import Request
from starlette.responses import Response

from connector.console.auth import Session
from connector.console.common import back, page, page_number, render, services_of
from connector.domain.locations import DEFAULT_LOCATION
from connector.mapping.refs import order_gid
from connector.ops import order_view, sku_view
from storefront_clients.base import StoreOrder

log = logging.getLogger("connector.console")


@page
async def orders_page(request: Request, session: Session) -> Response:
    """GET /console/orders?q=…: search by refnum, Shopify name (#1001) or RetailOps order id."""
    services = services_of(request)
    query = request.query_params.get("q", "").strip()[:64]
    matches = await services.db.run(partial(order_view.search, query=query)) if query else []
    if len(matches) == 1:
        return back(f"/console/orders/{matches[0].refnum}")
    return render(request, "orders.html", session, q=query, matches=matches)


@page
async def order_page(request: Request, session: Session) -> Response:
    """GET /console/orders/{refnum}[?page=…]: the timeline, job runs (paged), the store's view now."""
    services = services_of(request)
    refnum = str(request.path_params["refnum"])[:64]
    found = await services.db.run(partial(order_view.view, refnum=refnum, runs_page=page_number(request)))
    if found.ledger is None and not found.intents:
        return render(request, "missing.html", session, 404, what=f"order {refnum}")
    store_order: StoreOrder | None = None
    store_error = ""
    if refnum.isdigit():
        try:
            store_order = (await services.storefront.fetch_orders([order_gid(refnum)])).get(order_gid(refnum))
        except Exception as exc:  # the page still shows what the connector knows
            store_error = f"the store did not answer: {type(exc).__name__}"
            log.warning("console order page: store read failed: %s", exc)
    return render(
        request,
        "order.html",
        session,
        o=found,
        store_order=store_order,
        store_error=store_error,
        admin_url=order_view.admin_order_url(services.settings.shopify_shop, refnum),
    )


@page
async def skus_page(request: Request, session: Session) -> Response:
    """GET /console/skus?q=…: SKUs starting with the text."""
    services = services_of(request)
    query = request.query_params.get("q", "").strip()[:255]
    found = await services.db.run(partial(sku_view.search, prefix=query)) if query else []
    if query and found == [query]:
        return back(f"/console/skus/{query}")
    return render(request, "skus.html", session, q=query, found=found)


@page
async def sku_page(request: Request, session: Session) -> Response:
    """GET /console/skus/{sku}[?store=1]: pushed, delivered, the store's level (on demand) and drift."""
    services = services_of(request)
    sku = str(request.path_params["sku"])[:255]
    found = await services.db.run(partial(sku_view.view, sku=sku))
    if not found.rows and found.mapped is None:
        return render(request, "missing.html", session, 404, what=f"SKU {sku}")
    levels: dict[str, int | None] = {}
    store_error = ""
    item = found.mapped.inventory_item_id if found.mapped else None
    if request.query_params.get("store") == "1" and item:
        try:
            default = await services.locations.default_id()
            for row in found.rows:
                location = default if row.location_id == DEFAULT_LOCATION else row.location_id
                answer = await services.storefront.inventory_levels([item], location)
                levels[row.location_id] = answer.get(item)
        except Exception as exc:  # show the failure, keep the page
            store_error = f"the store did not answer: {type(exc).__name__}"
            log.warning("console SKU page: store read failed: %s", exc)
    return render(request, "sku.html", session, s=found, levels=levels, store_error=store_error)
