"""Talking to an app under test as RetailOps and as the scheduler do."""

from __future__ import annotations

import functools
from typing import Any, Protocol

from starlette.testclient import TestClient

from .builders import envelope


class Call(Protocol):
    """POST one RetailOps action; answers the JSON body after checking the status."""

    def __call__(self, action: str, expect: int = 200, **fields: Any) -> dict[str, Any]: ...


def action_poster(client: TestClient) -> Call:
    """A Call over a TestClient: the envelope (real key) is filled in; fields are the action's own."""

    def post(action: str, expect: int = 200, **fields: Any) -> dict[str, Any]:
        response = client.post(f"/{action}_v1", json=envelope(action, **fields))
        assert response.status_code == expect, response.text
        result: dict[str, Any] = response.json()
        return result

    return post


def run_job(client: TestClient, job: Any, *args: Any) -> Any:
    """Run a scheduled job (e.g. flush, retry_due) once on the app's loop, as the scheduler would."""
    portal = client.portal
    assert portal is not None, "run_job needs the client's lifespan (use `with TestClient(app)`)"
    services = client.app.state.services  # type: ignore[attr-defined]
    return portal.call(functools.partial(job, services, *args))


def settle(client: TestClient) -> None:
    """Wait for the work answers left running after they returned (ledger and issue records)."""
    run_job(client, lambda services: services.background.drain())
