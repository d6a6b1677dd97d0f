"""Console pages: login, overview, exception queue and items, and the remedies posted from them."""

from __future__ import annotations

import logging
from functools import partial

from sqlmodel import Session as DbSession
from starlette.requests import Request
from starlette.responses import Response

from connector.console.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    FormError,
    Session,
    client_of,
    read_form,
    set_cookie,
)
from connector.console.common import (
    action,
    auth_of,
    back,
    page,
    page_number,
    refusal,
    render,
    services_of,
)
from connector.db.tables import ConsoleAudit, IntentAttempt, WriteIntent
from connector.ops import exceptions, overview, remedies
from connector.ops.order_view import ATTEMPT_WORDS
from connector.ops.probe import newest_store_order
from connector.ops.snapshot import snapshot
from connector.repo import attempts, audit
from connector.repo import intents as intent_repo

log = logging.getLogger("connector.console")


async def login_form(request: Request) -> Response:
    """GET /console/login: the password form (with a double-submit CSRF token)."""
    auth = auth_of(request)
    if auth.session(request) is not None:
        return back("/console")
    token, cookie = auth.login_token()
    response = render(
        request, "login.html", None, error=request.query_params.get("error", ""), login_token=token
    )
    set_cookie(response, request, LOGIN_COOKIE, cookie, 3600)
    return response


async def login(request: Request) -> Response:
    """POST /console/login: check the password (rate-limited, never logged); start a session."""
    auth = auth_of(request)
    client = client_of(request)
    try:
        form = await read_form(request)
    except FormError as exc:
        return refusal(str(exc), 400)
    if not auth.login_token_ok(request, form.get("csrf", "")):
        log.warning("console login from %s refused: missing or wrong CSRF token", client)
        return refusal("Missing or wrong CSRF token; reload the login page.", 403)
    wait = await auth.failures.begin(client)
    if wait > 0:
        log.warning("console login from %s refused: too many failed attempts", client)
        response = render(
            request, "login.html", None, 429, error=f"Too many failed logins; try again in {wait:.0f} s."
        )
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    if not auth.password_ok(form.get("password", "")):
        failures = await auth.failures.failed(client)
        log.warning("console login failed from %s (%d failure(s) in 5 minutes)", client, failures)
        return back("/console/login", error="Wrong password.")
    await auth.failures.clear(client)
    session, cookie = auth.new_session()
    log.info("console login from %s: %s", client, session.actor)
    response = back("/console")
    set_cookie(response, request, SESSION_COOKIE, cookie, auth.max_age)
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@action
async def logout(request: Request, session: Session, form: dict[str, str]) -> Response:
    """POST /console/logout."""
    response = back("/console/login")
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response


@page
async def overview_page(request: Request, session: Session) -> Response:
    """GET /console: freshness, API version, bucket, jobs, backlog, last calls."""
    services = services_of(request)
    live = snapshot(services)
    data = await services.db.run(lambda s: overview.build(s, services.settings, live))
    newest, note = await newest_store_order(services)
    return render(request, "overview.html", session, o=data, newest_store=newest, store_newest_note=note)


@page
async def exceptions_page(request: Request, session: Session) -> Response:
    """GET /console/exceptions?kind=…&group=…&page=…: one kind of stuck items, paged."""
    services = services_of(request)
    kind = request.query_params.get("kind", "intent")
    if kind not in exceptions.KINDS:
        kind = "intent"
    group = request.query_params.get("group") or None
    number = page_number(request)

    def read(s: object) -> tuple[dict[str, int], dict[str, int], list[exceptions.Item]]:
        return (
            exceptions.counts(s),  # type: ignore[arg-type]
            exceptions.intent_groups(s),  # type: ignore[arg-type]
            exceptions.page(s, kind, number, group),  # type: ignore[arg-type]
        )

    counts, groups, items = await services.db.run(read)
    return render(
        request,
        "exceptions.html",
        session,
        kind=kind,
        group=group or "",
        counts=counts,
        groups=groups,
        items=items,
        page=number,
        more=len(items) == exceptions.PAGE_SIZE,
    )


@page
async def item_page(request: Request, session: Session) -> Response:
    """GET /console/exceptions/item?kind=…&target=…: one item, its details and its audit entries."""
    services = services_of(request)
    kind = request.query_params.get("kind", "")
    target = request.query_params.get("target", "")
    if kind not in exceptions.KINDS or not target:
        return render(request, "missing.html", session, 404, what="exception item")

    def read(s: DbSession) -> tuple[WriteIntent | None, list[IntentAttempt], list[ConsoleAudit]]:
        intent = intent_repo.get(s, target) if kind == "intent" else None
        tried = attempts.of_intents(s, [target]).get(target, []) if intent is not None else []
        return intent, tried, audit.for_target(s, kind, target)

    intent, tried, audits = await services.db.run(read)
    if kind == "intent" and intent is None:
        return render(request, "missing.html", session, 404, what=f"write intent {target}")
    item = exceptions.intent_item(intent) if intent is not None else None
    return render(
        request,
        "item.html",
        session,
        kind=kind,
        target=target,
        intent=intent,
        item=item,
        audits=audits,
        attempts=tried,
        words=ATTEMPT_WORDS,
    )


@action
async def retry_action(request: Request, session: Session, form: dict[str, str]) -> Response:
    """POST /console/exceptions/retry: retry one item now."""
    return await _remedy(request, session, form, "retry", "Not retried")


def back_to(kind: str, target: str, message: str) -> Response:
    """Redirect to an item's page with a message."""
    return back("/console/exceptions/item", kind=kind, target=target, msg=message)


@action
async def resolve_action(request: Request, session: Session, form: dict[str, str]) -> Response:
    """POST /console/exceptions/resolve: mark one item handled, with a note."""
    return await _remedy(request, session, form, "resolve", "Not resolved")


async def _remedy(
    request: Request, session: Session, form: dict[str, str], what: str, refused: str
) -> Response:
    """Apply one operator remedy to the item named in the form and go back to its page."""
    kind, target = form.get("kind", ""), form.get("target", "")
    if kind not in exceptions.KINDS or not target:
        return refusal("Unknown item.", 400)
    try:
        outcome = await remedies.act(
            services_of(request), session.actor, what, kind, target, form.get("note")
        )
    except remedies.RemedyRefused as exc:
        outcome = f"{refused}: {exc}"
    return back_to(kind, target, outcome)


@action
async def retry_all_action(request: Request, session: Session, form: dict[str, str]) -> Response:
    """POST /console/exceptions/retry-all: queue every open item of one kind (or intent kind)."""
    kind = form.get("kind", "")
    if kind not in exceptions.KINDS:
        return refusal("Unknown kind.", 400)
    group = form.get("group") or None
    outcome = await remedies.retry_all(services_of(request), session.actor, kind, group)
    return back("/console/exceptions", kind=kind, group=group or "", msg=outcome)


@page
async def audit_page(request: Request, session: Session) -> Response:
    """GET /console/audit: every operator action, newest first, paged."""
    services = services_of(request)
    number = page_number(request)
    rows = await services.db.run(partial(audit.recent, offset=(number - 1) * 50, limit=50))
    return render(request, "audit.html", session, rows=rows, page=number, more=len(rows) == 50)
