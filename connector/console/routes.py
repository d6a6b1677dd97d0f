"""The console's routes, mounted by the app only when CONNECTOR_CONSOLE_PASSWORD is set."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connector.console import lookups, pages
from connector.console.common import HERE, secured

_CSS = (HERE / "static" / "console.css").read_text(encoding="utf-8")


async def stylesheet(_request: Request) -> Response:
    """GET /console/static/console.css."""
    response = Response(_CSS, media_type="text/css")
    response = secured(response)
    response.headers["Cache-Control"] = "max-age=300"
    return response


def console_routes() -> list[Route]:
    """Every /console route."""
    return [
        Route("/console", pages.overview_page, methods=["GET"]),
        Route("/console/", pages.overview_page, methods=["GET"]),
        Route("/console/login", pages.login_form, methods=["GET"]),
        Route("/console/login", pages.login, methods=["POST"]),
        Route("/console/logout", pages.logout, methods=["POST"]),
        Route("/console/exceptions", pages.exceptions_page, methods=["GET"]),
        Route("/console/exceptions/item", pages.item_page, methods=["GET"]),
        Route("/console/exceptions/retry", pages.retry_action, methods=["POST"]),
        Route("/console/exceptions/retry-all", pages.retry_all_action, methods=["POST"]),
        Route("/console/exceptions/resolve", pages.resolve_action, methods=["POST"]),
        Route("/console/audit", pages.audit_page, methods=["GET"]),
        Route("/console/orders", lookups.orders_page, methods=["GET"]),
        Route("/console/orders/{refnum}", lookups.order_page, methods=["GET"]),
        Route("/console/skus", lookups.skus_page, methods=["GET"]),
        Route("/console/skus/{sku:path}", lookups.sku_page, methods=["GET"]),
        Route("/console/static/console.css", stylesheet, methods=["GET"]),
    ]
