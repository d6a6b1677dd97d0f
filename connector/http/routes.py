"""The RetailOps action endpoint and the operational endpoints (/healthz, /metrics)."""

from __future__ import annotations

import asyncio
import logging
import time

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connector.actions import HANDLERS
from connector.db.engine import ping
from connector.db.types import utcnow
from connector.domain.errors import RequestRefused
from connector.http.auth import check_token
from connector.http.body import parse_object, read_limited
from connector.http.errors import JSON, ApiError
from connector.http.middleware import request_id
from connector.http.withheld import withheld
from connector.ops.state import CallSeen
from connector.retailops import REQUEST_MODELS, EventCode, error_event, validation_events
from connector.services import Services
from storefront_clients import notices
from storefront_clients.errors import (
    AuthenticationError,
    PermanentStorefrontError,
    TransientStorefrontError,
)
from storefront_clients.priority import interactive

log = logging.getLogger("connector.http")


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def action_failure(exc: Exception) -> ApiError:
    """Map a refusal or storefront error that escaped an action (nothing was accepted) to an HTTP answer."""
    if isinstance(exc, RequestRefused):
        return ApiError.bad_request(exc.code, exc.message)
    if isinstance(exc, TransientStorefrontError):
        return ApiError.unavailable(f"The store is unavailable, try again: {exc}", exc.retry_after)
    if isinstance(exc, AuthenticationError):
        return ApiError(
            502,
            [error_event(EventCode.STOREFRONT_ERROR, "The store refused the connector's credentials")],
        )
    return ApiError(502, [error_event(EventCode.STOREFRONT_ERROR, f"The store refused: {exc}")])


async def action_endpoint(request: Request) -> Response:
    """POST /<action>_v1: read, authenticate, validate, run the action, answer its events."""
    action: str = request.scope["route"].name
    services = _services(request)
    settings = services.settings
    started = time.perf_counter()
    rid = request_id(request.scope)
    status = 500
    try:
        raw = await read_limited(request, settings.connector_max_body_bytes)
        body = parse_object(raw, settings.connector_max_json_depth)
        check_token(body, settings.accepted_keys())
        try:
            parsed = REQUEST_MODELS[action].model_validate(body)
        except ValidationError as exc:
            raise ApiError.invalid(validation_events(exc)) from exc
        try:
            # RetailOps' verifier gives up after 15 s: answer before that, whatever the store does.
            # Store calls made while RetailOps waits go ahead of background work in the pacer.
            with interactive(), notices.collect() as problems:
                async with asyncio.timeout(settings.connector_request_timeout_seconds):
                    result = await HANDLERS[action](services, parsed)
        except TimeoutError as exc:
            raise ApiError.unavailable(
                "The store is too slow to answer in time; accepted changes are queued, retry later",
                settings.shopify_timeout_seconds,
            ) from exc
        except (TransientStorefrontError, PermanentStorefrontError, RequestRefused) as exc:
            raise action_failure(exc) from exc
        status = 200
        if problems:
            result = withheld(services, action, result, problems)
        return Response(result.to_json_bytes(), media_type=JSON, headers={"x-request-id": rid})
    except ApiError as exc:
        status = exc.status
        log.info("refused %s with %s: %s", action, exc.status, exc.events[0].code)
        return exc.response(rid)
    finally:
        services.ops.calls[action] = CallSeen(utcnow(), status)
        services.metrics.requests.labels(action, str(status)).inc()
        services.metrics.latency.labels(action).observe(time.perf_counter() - started)


async def healthz(request: Request) -> Response:
    """GET /healthz: liveness, database reachability and storefront reachability."""
    services = _services(request)
    checks: dict[str, str] = {}
    healthy = True
    try:
        await services.db.run(lambda _s: ping(services.db.engine))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy; report only its kind
        healthy = False
        checks["database"] = f"error: {type(exc).__name__}"
    checks["storefront"] = await services.health.verdict()
    if services.intake.uninstalled_at is not None:
        # Shopify reported app/uninstalled: nothing can reach the store until it is reinstalled.
        healthy = False
        checks["app"] = f"uninstalled at {services.intake.uninstalled_at}; scheduled jobs stopped"
    return JSONResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status_code=200 if healthy else 503,
    )


async def metrics(request: Request) -> Response:
    """GET /metrics: Prometheus text exposition."""
    return Response(
        _services(request).metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
