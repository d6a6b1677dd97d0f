"""Console test helpers: the test password, the CSRF token of a page, logging in through the form."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

PASSWORD = "console-password-for-tests"


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def log_in(client: TestClient, password: str = PASSWORD) -> str:
    """Log in through the form; answers the session's CSRF token ("" when refused)."""
    form = client.get("/console/login")
    response = client.post(
        "/console/login", data={"csrf": csrf_of(form.text), "password": password}, follow_redirects=False
    )
    if response.headers.get("location") != "/console":
        return ""
    return csrf_of(client.get("/console").text)
