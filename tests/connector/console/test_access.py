"""Console access: off without a password, login, cookie flags, CSRF, rate limit, no secrets on pages."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.console.auth import MAX_FAILURES_PER_CLIENT, ConsoleAuth
from connector.db.session import Database
from connector.settings import TEST_KEY, Settings
from tests.support.builders import AUTH_KEY
from tests.support.console import PASSWORD, csrf_of, log_in
from tests.support.fakes.storefront import FakeStorefront

PAGES = ("/console", "/console/exceptions", "/console/orders", "/console/skus", "/console/audit")


def test_the_console_is_off_without_a_password(client: TestClient) -> None:
    assert client.get("/console").status_code == 404
    assert client.get("/console/login").status_code == 404


def test_pages_need_a_login(console: TestClient) -> None:
    for path in PAGES:
        response = console.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/console/login"


def test_login_sets_a_signed_httponly_samesite_cookie(console: TestClient) -> None:
    form = console.get("/console/login")
    response = console.post(
        "/console/login", data={"csrf": csrf_of(form.text), "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("connector_console="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=strict", "path=/console"} <= flags
    for path in PAGES:
        page = console.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
    console.cookies.set("connector_console", "forged.value", path="/console")
    assert console.get("/console", follow_redirects=False).status_code == 303


def test_wrong_password_refused_and_logged_without_it(
    console: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        assert log_in(console, "wrong-password-123") == ""
    assert "Wrong password." in console.get("/console/login?error=Wrong+password.").text
    assert "console login failed from testclient" in caplog.text
    assert "wrong-password-123" not in caplog.text


def test_failed_logins_are_rate_limited(console: TestClient) -> None:
    for _ in range(MAX_FAILURES_PER_CLIENT):
        assert log_in(console, "nope-nope-nope") == ""
    form = console.get("/console/login")
    limited = console.post("/console/login", data={"csrf": csrf_of(form.text), "password": PASSWORD})
    assert limited.status_code == 429
    assert "Too many failed logins" in limited.text
    assert int(limited.headers["retry-after"]) > 0


def test_replicas_on_one_database_share_the_failed_login_limit(
    replicas: tuple[TestClient, TestClient],
) -> None:
    one, two = replicas
    for n in range(MAX_FAILURES_PER_CLIENT):
        assert log_in(one if n % 2 else two, "nope-nope-nope") == ""
    for replica in (one, two):
        form = replica.get("/console/login")
        limited = replica.post("/console/login", data={"csrf": csrf_of(form.text), "password": PASSWORD})
        assert limited.status_code == 429, "a replica let a locked-out client try again"


def test_a_successful_login_clears_the_clients_failures_on_every_replica(
    replicas: tuple[TestClient, TestClient],
) -> None:
    one, two = replicas
    for _ in range(MAX_FAILURES_PER_CLIENT - 1):
        assert log_in(one, "nope-nope-nope") == ""
    assert log_in(two)  # the last try left: it succeeds and forgets the failures
    for _ in range(MAX_FAILURES_PER_CLIENT - 1):
        assert log_in(one, "nope-nope-nope") == ""
    two.cookies.clear()  # logged out: the form again
    assert log_in(two)


def test_the_retailops_key_is_never_a_console_password(
    settings: Settings, console_settings: Settings, engine: Engine
) -> None:
    for key in (AUTH_KEY, TEST_KEY):
        with pytest.raises(ValidationError, match="must not be a RetailOps integration key"):
            Settings(_env_file=None, retailops_integration_auth_key=AUTH_KEY, connector_console_password=key)
    auth = ConsoleAuth(console_settings, Database(engine))
    assert not auth.password_ok(AUTH_KEY)
    assert not auth.password_ok(TEST_KEY)
    assert auth.password_ok(PASSWORD)


def test_posts_without_the_csrf_token_are_refused(console: TestClient) -> None:
    assert console.post("/console/login", data={"password": PASSWORD}).status_code == 403
    token = log_in(console)
    for path in ("/console/exceptions/retry", "/console/exceptions/resolve", "/console/exceptions/retry-all"):
        data = {"kind": "intent", "target": "x", "note": "n"}
        assert console.post(path, data=data).status_code == 403, path
        assert console.post(path, data={**data, "csrf": token + "x"}).status_code == 403, path
    assert console.post("/console/logout", data={"csrf": token}, follow_redirects=False).status_code == 303


def test_no_page_shows_a_secret(operator: tuple[TestClient, str], console_settings: Settings) -> None:
    client, _ = operator
    for path in PAGES:
        body = client.get(path).text
        for secret in console_settings.secrets():
            assert secret not in body, path


def test_console_off_for_apps_built_without_the_password(engine: Engine, settings: Settings) -> None:
    app = create_app(settings, engine=engine, storefront_factory=lambda _s: FakeStorefront())
    assert not hasattr(app.state, "console_auth")
