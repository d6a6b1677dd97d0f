"""POST /webhooks/shopify: verify Shopify's HMAC, deduplicate, queue the hint, answer 200 at once.

Headers (shopify.dev/docs/apps/build/webhooks/delivery-structure and .../verify-deliveries):
X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body keyed with the app's client
secret; X-Shopify-Topic names the topic (orders/create …); X-Shopify-Event-Id identifies the
event (X-Shopify-Webhook-Id the delivery). Payloads are only hints: the order_sync job reads
the order's current state by id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from functools import partial

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connector.db.types import utcnow
from connector.repo import webhooks
from connector.services import Services
from connector.settings import Settings

log = logging.getLogger("connector.http.webhooks")
MAX_BODY = 2 * 1024 * 1024


def webhook_secret(settings: Settings) -> str | None:
    """SHOPIFY_WEBHOOK_SECRET, else the app's client secret; None when neither is set."""
    secret = settings.shopify_webhook_secret or settings.shopify_client_secret
    return secret.get_secret_value() if secret is not None else None


def signature(secret: str, body: bytes) -> str:
    """The X-Shopify-Hmac-Sha256 value for a body (also used by the sandbox and tests)."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _resource(topic: str, payload: object) -> str | None:
    if not isinstance(payload, dict):
        return None
    if topic.startswith("orders/"):
        gid = payload.get("admin_graphql_api_id")
        if isinstance(gid, str) and gid.startswith("gid://shopify/Order/"):
            return gid
        ident = payload.get("id")
        return (
            f"gid://shopify/Order/{ident}" if isinstance(ident, int | str) and str(ident).isdigit() else None
        )
    if topic.startswith("fulfillment_orders/"):
        fo = payload.get("fulfillment_order")
        ident = fo.get("id") if isinstance(fo, dict) else None
        return (
            ident if isinstance(ident, str) and ident.startswith("gid://shopify/FulfillmentOrder/") else None
        )
    return None


def _denied(reason: str) -> Response:
    return JSONResponse({"events": [{"code": "UNAUTHORIZED", "message": reason}]}, status_code=401)


async def shopify_webhook(request: Request) -> Response:
    """Verify, deduplicate and queue one delivery; app/uninstalled stops the jobs."""
    services: Services = request.app.state.services
    secret = webhook_secret(services.settings)
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"events": [{"code": "TOO_LARGE", "message": "body too large"}]}, status_code=413)
    given = request.headers.get("x-shopify-hmac-sha256", "")
    if secret is None:
        return _denied("no webhook secret is configured (SHOPIFY_WEBHOOK_SECRET or SHOPIFY_CLIENT_SECRET)")
    if not hmac.compare_digest(signature(secret, body).encode(), given.encode()):
        log.warning("webhook refused: HMAC does not match")
        return _denied("HMAC signature does not match")
    topic = request.headers.get("x-shopify-topic", "")
    key = request.headers.get("x-shopify-event-id") or request.headers.get("x-shopify-webhook-id")
    if not topic or not key:
        return JSONResponse(
            {
                "events": [
                    {"code": "INVALID", "message": "X-Shopify-Topic and X-Shopify-Event-Id are required"}
                ]
            },
            status_code=400,
        )
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        payload = None
    resource = _resource(topic, payload)
    fresh = await services.db.run(
        partial(webhooks.record, dedupe_key=f"{topic}:{key}"[:200], topic=topic[:64], resource_id=resource)
    )
    if fresh and topic == "app/uninstalled":
        await uninstalled(services)
    elif fresh:
        services.intake.wake()
    return JSONResponse({"received": True, "duplicate": not fresh})


async def uninstalled(services: Services) -> None:
    """The app was removed from the shop: stop the jobs (the token no longer works) and say so."""
    services.intake.uninstalled_at = utcnow().isoformat()
    log.error("Shopify reported app/uninstalled: scheduled jobs stopped; reinstall and restart to resume")
    if services.intake.stop_jobs is not None:
        stop, services.intake.stop_jobs = services.intake.stop_jobs, None
        await stop()
