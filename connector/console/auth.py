"""Console access: password login, signed session cookie, CSRF tokens, failed-login rate limit.

The session cookie is signed (itsdangerous) with a key derived from the console password and a
server-side secret, HttpOnly, SameSite=Strict and scoped to /console; it carries a random session
id (the audit's "who") and the CSRF token every POST must echo. Passwords are compared as SHA-256
digests with `hmac.compare_digest` (constant time whatever their length) and never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import parse_qsl

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from connector.db.session import Database
from connector.repo import login_failures
from connector.settings import TEST_KEY, Settings

log = logging.getLogger("connector.console.auth")

SESSION_COOKIE = "connector_console"
LOGIN_COOKIE = "connector_console_login"
PATH = "/console"
MAX_FORM_BYTES = 16 * 1024
FAILURE_WINDOW = 300.0
MAX_FAILURES_PER_CLIENT = 5
MAX_FAILURES_TOTAL = 50
LOGIN_TOKEN_SECONDS = 3600


class FormError(Exception):
    """A console form that cannot be read (too large, wrong type)."""


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in console session."""

    sid: str
    csrf: str

    @property
    def actor(self) -> str:
        """How the audit table names this session."""
        return f"console session {self.sid}"


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


class FailedLogins:
    """The failed-login limit, kept in the database so replicas share it (per client and in total)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._window = timedelta(seconds=FAILURE_WINDOW)

    async def begin(self, client: str) -> float:
        """Reserve one attempt; 0 when it may go on, else how long the client must wait."""
        row_id = await self._db.run(partial(login_failures.reserve, client=client, window=self._window))
        work = partial(
            login_failures.wait_seconds,
            client=client,
            window=self._window,
            per_client=MAX_FAILURES_PER_CLIENT,
            total=MAX_FAILURES_TOTAL,
        )
        wait = await self._db.run(work)
        if wait > 0:
            await self._db.run(partial(login_failures.drop, row_id=row_id))
        return wait

    async def failed(self, client: str) -> int:
        """The reserved attempt failed (its row stays); answers the client's failures in the window."""
        return await self._db.run(partial(login_failures.failures, client=client, window=self._window))

    async def clear(self, client: str) -> None:
        """Forget a client's failures after a successful login."""
        await self._db.run(partial(login_failures.clear, client=client))


class ConsoleAuth:
    """Checks passwords, issues and reads session cookies, verifies CSRF tokens."""

    def __init__(self, settings: Settings, db: Database) -> None:
        password = settings.console_password
        if password is None:
            raise ValueError("the console is off: CONNECTOR_CONSOLE_PASSWORD is not set")
        self._password = _digest(password)
        # Keys RetailOps may send: never a console password, even if someone set it so.
        self._refused = [_digest(k) for k in [*settings.accepted_keys(), TEST_KEY]]
        server_secret = settings.retailops_integration_auth_key
        base = server_secret.get_secret_value() if server_secret else secrets.token_hex(32)
        key = hmac.new(base.encode(), b"console-session\x00" + password.encode(), hashlib.sha256).hexdigest()
        self._sessions = URLSafeTimedSerializer(key, salt="console-session")
        self._login = URLSafeTimedSerializer(key, salt="console-login")
        self.max_age = settings.connector_console_session_seconds
        self.failures = FailedLogins(db)

    def password_ok(self, given: str) -> bool:
        """Constant-time check of a login attempt."""
        digest = _digest(given)
        refused = any(hmac.compare_digest(digest, k) for k in self._refused)
        return hmac.compare_digest(digest, self._password) and not refused

    def new_session(self) -> tuple[Session, str]:
        """A fresh session and its signed cookie value."""
        session = Session(sid=secrets.token_hex(6), csrf=secrets.token_urlsafe(24))
        return session, self._sessions.dumps({"sid": session.sid, "csrf": session.csrf})

    def session(self, request: Request) -> Session | None:
        """The request's valid session, or None."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._sessions.loads(raw, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        sid, csrf = data.get("sid"), data.get("csrf")
        if not isinstance(sid, str) or not isinstance(csrf, str):
            return None
        return Session(sid=sid, csrf=csrf)

    def login_token(self) -> tuple[str, str]:
        """A pre-login CSRF token and its signed cookie value (double submit)."""
        token = secrets.token_urlsafe(24)
        return token, self._login.dumps(token)

    def login_token_ok(self, request: Request, given: str) -> bool:
        """Whether the login form's token matches its cookie."""
        raw = request.cookies.get(LOGIN_COOKIE)
        if not raw or not given:
            return False
        try:
            token = self._login.loads(raw, max_age=LOGIN_TOKEN_SECONDS)
        except BadSignature:
            return False
        return isinstance(token, str) and hmac.compare_digest(token.encode(), given.encode())


def csrf_ok(session: Session, given: str | None) -> bool:
    """Whether a POST carries this session's CSRF token."""
    return bool(given) and hmac.compare_digest(session.csrf.encode(), (given or "").encode())


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """Set a console cookie: HttpOnly, SameSite=Strict, /console only, Secure over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def client_of(request: Request) -> str:
    """The client address used for the failed-login limit."""
    return request.client.host if request.client else "unknown"


async def read_form(request: Request) -> dict[str, str]:
    """A small url-encoded form (first value per field)."""
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        raise FormError("expected a form post")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError("form too large")
    fields: dict[str, str] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(key, value)
    return fields
