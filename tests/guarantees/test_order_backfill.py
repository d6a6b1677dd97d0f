"""The bulk backfill with a real `serve` process: SIGKILL while the export runs, then restart."""

from __future__ import annotations

import time
from typing import Any

from tests.guarantees.test_order_intake import _all_offered, _expected, _new_order
from tests.support.process import ConnectorFactory
from tests.support.sandbox import SandboxFactory, SandboxServer, wait_until


def _order_exports(sandbox: SandboxServer) -> list[Any]:
    return [o for o in sandbox.store.bulk_operations.values() if "orders(" in o.query]


def test_sigkill_while_the_export_runs_resumes_it_misses_nothing_and_offers_nothing_twice(
    make_sandbox: SandboxFactory, make_connector: ConnectorFactory, admin_of: Any, sqlite_url: str
) -> None:
    sandbox = make_sandbox(products=6, variants_per_product=2, extra_orders=400)
    admin = admin_of(sandbox)
    # Each export reports RUNNING for its first 8 status reads (about 10 s of one run's polling).
    admin.bulk(bulk_running_polls=8)
    env = {
        "CONNECTOR_ORDER_DELAY_SECONDS": "0",
        "CONNECTOR_ORDER_SYNC_SECONDS": "1",
        "CONNECTOR_ORDER_MIRROR_MAX_LAG_SECONDS": "3600",
    }
    proc = make_connector(sqlite_url, sandbox, **env)
    proc.start()
    # The sandbox runs the export when it is created, then answers RUNNING to the first reads.
    wait_until(lambda: any(o.result for o in _order_exports(sandbox)), 20, "order export started")
    time.sleep(1.0)
    (export,) = _order_exports(sandbox)
    assert export.running_polls > 0, "the export was applied before the kill; slow it down"
    proc.kill()
    proc.restart()
    expected = _expected(admin)
    wait_until(lambda: set(_all_offered(proc)) >= expected, 40, "mirror complete after the restart")
    assert len(_order_exports(sandbox)) == 1  # the restarted process polled the stored operation
    offered = _all_offered(proc)
    assert len(offered) == len(set(offered))
    assert set(offered) == expected
    acked = proc.call(
        "order_acknowledge",
        orders=[
            {"channel_order_refnum": r, "retailops_order_id": 5000 + i} for i, r in enumerate(offered[:100])
        ],
    )
    assert acked["events"] == []
    fresh = _new_order(admin)
    wait_until(lambda: fresh in _all_offered(proc), 20, "new order offered by the pages after the backfill")
    again = set(_all_offered(proc))
    assert again.isdisjoint(offered[:100])
    assert again == (expected | {fresh}) - set(offered[:100])
