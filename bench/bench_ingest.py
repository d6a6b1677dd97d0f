"""Ingest benchmark: one inventory_push of N SKUs: time to a durable 200 and peak memory."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import text
from starlette.testclient import TestClient

from connector.app import create_app
from connector.db.engine import make_engine
from connector.db.session import Database
from connector.repo import skus
from storefront_clients.base import VariantRef
from tests.support.builders import envelope, settings_for
from tests.support.databases import migrate, pg_unavailable, postgres_database
from tests.support.fakes.storefront import FakeStorefront


def _body(n: int, round_no: int) -> bytes:
    updates = [{"sku": f"SKU-{i:06d}", "quantity_available": (i + round_no) % 97} for i in range(n)]
    return json.dumps(envelope("inventory_push", inventory_updates=updates)).encode()


def run(url: str, n: int, rounds: int) -> dict[str, float]:
    """Time `rounds` pushes of n SKUs against a migrated database at `url`."""
    engine = make_engine(migrate(url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM inventory_buffer"))
    settings = settings_for(url)
    # Every SKU is known (the SKU map is warm), as in steady state.
    store = FakeStorefront()
    app = create_app(settings, engine=engine, storefront_factory=lambda _s: store)
    times: list[float] = []
    peak = 0
    with TestClient(app) as client:
        refs = [VariantRef(f"SKU-{i:06d}", f"v{i}", f"ii{i}", f"p{i}") for i in range(n)]
        Database(engine).run_sync(lambda s: skus.record(s, refs))
        headers = {"content-type": "application/json"}
        for r in range(rounds):
            body = _body(n, r)
            started = time.perf_counter()
            response = client.post("/inventory_push_v1", content=body, headers=headers)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
        # One more push under tracemalloc for the peak (tracing slows Python, so it is not timed).
        body = _body(n, rounds)
        tracemalloc.start()
        client.post("/inventory_push_v1", content=body, headers=headers)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM inventory_buffer")).scalar_one()
    engine.dispose()
    assert rows == n
    return {"median_s": statistics.median(times), "max_s": max(times), "peak_mib": peak / 2**20}


def main() -> None:
    """Print the ingest table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.skus, args.rounds)
    unavailable = pg_unavailable()  # PostgreSQL is optional for this benchmark
    if unavailable:
        print(f"postgresql skipped: {unavailable}")
    else:
        with postgres_database("connector_bench") as url:
            results["postgresql"] = run(url, args.skus, args.rounds)
    print(f"\ninventory_push ingest: {args.skus} SKUs per push, {args.rounds} pushes (target ≤ 1 s)")
    print("time: request sent → 200 with the quantities committed; peak: Python heap during one push")
    print(f"{'database':<12}{'median s':>10}{'max s':>10}{'peak MiB':>10}")
    for name, r in results.items():
        print(f"{name:<12}{r['median_s']:>10.3f}{r['max_s']:>10.3f}{r['peak_mib']:>10.1f}")


if __name__ == "__main__":
    main()
