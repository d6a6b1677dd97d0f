"""The Starlette application: routes for the eleven actions, health, metrics, and the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connector.console.auth import ConsoleAuth
from connector.console.routes import console_routes
from connector.db.engine import make_engine
from connector.db.session import Database
from connector.http.errors import events_response
from connector.http.middleware import CollapseSlashes, ErrorBoundary
from connector.http.routes import action_endpoint, healthz, metrics
from connector.http.webhooks import shopify_webhook
from connector.ops.api_metrics import ApiVersionCollector
from connector.ops.snapshot import telemetry_of
from connector.retailops import EventCode, error_event
from connector.retailops.contract import ACTIONS
from connector.services import Services
from connector.settings import Settings
from connector.wiring import build_services
from storefront_clients.base import StorefrontClient
from storefront_clients.shopify.config import ShopifyConfig

log = logging.getLogger("connector.app")

StorefrontFactory = Callable[[Settings], StorefrontClient]
LifespanHook = Callable[[Services], Any]


def shopify_config(settings: Settings) -> ShopifyConfig:
    """The Shopify client's configuration from the connector's settings (the only place they meet)."""
    secret = settings.shopify_client_secret
    token = settings.shopify_access_token
    return ShopifyConfig(
        shop=settings.shopify_shop,
        admin_url=settings.shopify_admin_url,
        api_version=settings.shopify_api_version,
        access_token=token.get_secret_value() if token is not None else None,
        client_id=settings.shopify_client_id,
        client_secret=secret.get_secret_value() if secret is not None else None,
        timeout_seconds=float(settings.shopify_timeout_seconds),
        location_id=settings.shopify_location_id,
    )


def default_storefront(settings: Settings) -> StorefrontClient:
    """The real Shopify client for the configured store."""
    from storefront_clients.shopify.client import ShopifyClient

    return ShopifyClient.from_config(shopify_config(settings))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"No such endpoint: {request.method} {request.url.path}"
        code = EventCode.NOT_FOUND
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; use POST"
        code = EventCode.METHOD_NOT_ALLOWED
    else:
        message, code = str(exc.detail), EventCode.INVALID_REQUEST
    return events_response([error_event(code, message)], exc.status_code, dict(exc.headers or {}))


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    storefront_factory: StorefrontFactory = default_storefront,
    on_startup: LifespanHook | None = None,
) -> Starlette:
    """Build the app; `serve`, `sandbox` and tests call this. Jobs start from `on_startup`."""
    owns_engine = engine is None
    the_engine = engine or make_engine(settings.connector_database_url)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        storefront = storefront_factory(settings)
        services = build_services(settings, the_engine, storefront)
        app.state.services = services
        telemetry = telemetry_of(storefront)
        if telemetry is not None:
            services.metrics.registry.register(ApiVersionCollector(telemetry))
        stop = on_startup(services) if on_startup else None
        try:
            yield
        finally:
            if stop is not None:
                result = stop()
                if hasattr(result, "__await__"):
                    await result
            # Let answered requests' background writes finish before connections close.
            await services.background.drain()
            await storefront.aclose()
            if owns_engine:
                the_engine.dispose()

    base = settings.connector_base_path
    routes = [
        Route(f"{base}/{action}_v1", action_endpoint, methods=["POST"], name=action) for action in ACTIONS
    ]
    routes += [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/webhooks/shopify", shopify_webhook, methods=["POST"]),
    ]
    if settings.console_password:
        routes += console_routes()
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        # Outermost first: the error boundary sees every exception, then paths are normalised.
        middleware=[Middleware(ErrorBoundary), Middleware(CollapseSlashes)],
        exception_handlers={HTTPException: _http_error},
    )
    if settings.console_password:
        app.state.console_auth = ConsoleAuth(settings, Database(the_engine))
    return app
