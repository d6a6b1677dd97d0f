"""What every console page shares: templates, the session guard, CSRF on POST, security headers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from connector.console.auth import ConsoleAuth, FormError, Session, csrf_ok, read_form
from connector.services import Services

log = logging.getLogger("connector.console")
HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
SECURITY_HEADERS = {
    # No script runs on these pages; styles come from the console's own stylesheet.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Page = Callable[[Request, Session], Awaitable[Response]]
Action = Callable[[Request, Session, dict[str, str]], Awaitable[Response]]


def when(value: Any) -> str:
    """A timestamp (datetime, ISO text or epoch seconds) as `YYYY-MM-DD HH:MM:SS UTC`, or a dash."""
    if value is None or value == "":
        return "—"
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float):
        moment = datetime.fromtimestamp(value, UTC)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    if moment is None:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


templates.env.filters["when"] = when


def services_of(request: Request) -> Services:
    """The app's shared services."""
    services: Services = request.app.state.services
    return services


def auth_of(request: Request) -> ConsoleAuth:
    """The console's authenticator (built when the routes were mounted)."""
    auth: ConsoleAuth = request.app.state.console_auth
    return auth


def secured(response: Response) -> Response:
    """Add the console's security headers."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def render(
    request: Request, name: str, session: Session | None, status: int = 200, **context: Any
) -> Response:
    """Render a template with the session's CSRF token and the common context."""
    services = services_of(request)
    response = templates.TemplateResponse(
        request,
        name,
        {
            "session": session,
            "csrf": session.csrf if session else "",
            "store": services.settings.shopify_shop or "",
            "nav": request.url.path,
            "message": request.query_params.get("msg", ""),
            **context,
        },
        status_code=status,
    )
    return secured(response)


def refusal(message: str, status: int) -> Response:
    """A plain refusal page (no template: used before a session exists)."""
    body = f"<!doctype html><title>Refused</title><h1>{status}</h1><p>{message}</p>"
    return secured(HTMLResponse(body, status_code=status))


def page(handler: Page) -> Callable[[Request], Awaitable[Response]]:
    """A GET page that needs a session (else to the login form)."""

    async def endpoint(request: Request) -> Response:
        session = auth_of(request).session(request)
        if session is None:
            return secured(RedirectResponse("/console/login", status_code=303))
        return await handler(request, session)

    return endpoint


def action(handler: Action) -> Callable[[Request], Awaitable[Response]]:
    """A POST that needs a session and its CSRF token (403 otherwise)."""

    async def endpoint(request: Request) -> Response:
        session = auth_of(request).session(request)
        if session is None:
            return refusal("Not logged in.", 403)
        try:
            form = await read_form(request)
        except FormError as exc:
            return refusal(str(exc), 400)
        if not csrf_ok(session, form.get("csrf")):
            log.warning("console POST %s refused: missing or wrong CSRF token", request.url.path)
            return refusal("Missing or wrong CSRF token; reload the page and try again.", 403)
        return await handler(request, session, form)

    return endpoint


def back(path: str, **params: str) -> Response:
    """Redirect after a POST (303) to `path` with query parameters."""
    query = urlencode({k: v for k, v in params.items() if v})
    return secured(RedirectResponse(f"{path}?{query}" if query else path, status_code=303))


def page_number(request: Request) -> int:
    """The `page` query parameter (from 1)."""
    raw = request.query_params.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() and len(raw) < 7 else 1
