"""Over HTTP against the sandbox: the job runs that touched an order (order_sync snapshots, a store
cancellation prepared for its re-offer) are listed on its console page with their outcome."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from sqlalchemy import select
from sqlmodel import Session, col
from starlette.testclient import TestClient

from connector.db.tables import OrderRun, SyncRun
from connector.jobs.order_sync import sync_orders
from connector.jobs.scheduler import _logged
from connector.services import Services
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer


def _sync(client: TestClient) -> None:
    """One order_sync run as the scheduler runs it (it names the run it is in)."""
    run_job(client, lambda services: _logged(services, "order_sync", partial(sync_orders, services))())


def _touches(client: TestClient, refnum: str) -> list[tuple[str, str]]:
    def read(session: Session) -> list[tuple[str, str]]:
        stmt = select(OrderRun).where(col(OrderRun.refnum) == refnum).order_by(col(OrderRun.id))
        return [(r.job, r.outcome) for r in session.execute(stmt).scalars()]

    async def go(services: Services) -> list[tuple[str, str]]:
        return await services.db.run(read)

    return run_job(client, go)  # type: ignore[no-any-return]


def _runs(client: TestClient) -> list[str]:
    async def go(services: Services) -> list[str]:
        return await services.db.run(lambda s: list(s.execute(select(col(SyncRun.job))).scalars()))

    return run_job(client, go)  # type: ignore[no-any-return]


def test_order_sync_runs_and_a_cancellation_re_offer_are_recorded_per_order(
    app_client: TestClient, ro: Call, admin: SandboxAdmin, sandbox: SandboxServer
) -> None:
    refnum = admin.refnum("#1001")
    _sync(app_client)
    assert _touches(app_client, refnum) == [("order_sync", "snapshot stored, ready for order_pull")]
    assert "order_sync" in _runs(app_client)
    offered = {o["channel_order_refnum"] for o in ro("order_pull", page_token="")["orders"]}
    assert refnum in offered
    ro("order_acknowledge", orders=[{"channel_order_refnum": refnum, "retailops_order_id": 4242}])
    # The merchant cancels the imported order in the store.
    store = sandbox.runtime.store
    with store.lock:
        order = store.orders[int(refnum)]
        order.cancelled_at = order.updated_at = datetime.now(UTC)
    _sync(app_client)
    assert _touches(app_client, refnum)[-1] == (
        "order_sync",
        "cancellation snapshot stored: order_pull offers it again with cancel",
    )
    again = ro("order_pull", page_token="")
    assert [o.get("cancel") for o in again["orders"] if o["channel_order_refnum"] == refnum] == [True]
