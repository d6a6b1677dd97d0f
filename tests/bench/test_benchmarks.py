"""Smoke test: every benchmark under bench/ runs at a tiny size and prints its table and verdict."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest

from bench import (
    bench_backfill,
    bench_cold_start,
    bench_drain,
    bench_ingest,
    bench_intake,
    bench_inventory,
    bench_light_actions,
    bench_order_pull,
)

# Each benchmark starts a sandbox (some a `serve` process) and runs for seconds.
pytestmark = pytest.mark.slow

Main = Callable[[Sequence[str] | None], None]


def _run(main: Main, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(argv)
    return capsys.readouterr().out


def _cells(out: str, label: str) -> list[str]:
    """The cells of the table row starting with `label` (columns are 2+ spaces apart)."""
    for line in out.splitlines():
        if line.startswith(label):
            return re.split(r"\s{2,}", line.strip())[1:]
    raise AssertionError(f"no row {label!r} in:\n{out}")


def _verdict(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith(("PASS: ", "MISS: "))]
    assert len(lines) == 1, out
    return lines[0]


def test_inventory(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--skus", "500", "--single-skus", "5", "--time-scale", "20"]
    out = _run(bench_inventory.main, argv, capsys)
    assert _cells(out, "SKUs delivered (and verified in store)") == ["500", "500", "5"]
    assert _cells(out, "InventorySetQuantities calls") == ["2", "2", "5"]
    assert _cells(out, "actual cost per call, points") == ["10.0", "10.0", "10.0"]
    assert "ceiling" in _verdict(out)


def test_order_pull(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(bench_order_pull.main, ["--orders", "30", "--time-scale", "20"], capsys)
    offered, expected = _cells(out, "orders offered (distinct / expected)")[0].split(" / ")
    assert offered == expected
    assert int(offered) > 30
    # order_pull answers from the mirror: no store call during the pull.
    assert _cells(out, "store calls during the pull") == ["0"]
    assert float(_cells(out, "steady state: points per offered order")[0]) > 0
    assert "points per offered order" in _verdict(out)


def test_cold_start(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--skus", "400", "--push-size", "200", "--time-scale", "20"]
    out = _run(bench_cold_start.main, argv, capsys)
    assert _cells(out, "SKU map filled (SKUs)") == ["400", "400"]
    assert _cells(out, "quantities delivered and verified in store") == ["400", "400"]
    assert _verdict(out).startswith("PASS: every quantity delivered")


def test_light_actions(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--orders", "5", "--duration", "0.5", "--concurrency", "2"]
    out = _run(bench_light_actions.main, argv, capsys)
    for action in ("order_acknowledge (repeat)", "catalog_get_config"):
        answered, failed = _cells(out, action)[:2]
        assert int(answered.replace(",", "")) > 0
        assert failed == "0"
    assert "req/s" in _verdict(out)


def test_ingest(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.argv", ["bench_ingest.py", "--skus", "200", "--rounds", "1"])
    bench_ingest.main()
    out = capsys.readouterr().out
    assert _cells(out, "sqlite")[0].replace(".", "").isdigit()


def test_backfill(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(bench_backfill.main, ["--orders", "40", "--time-scale", "20"], capsys)
    bulk, pages = _cells(out, "orders mirrored")
    assert bulk == pages
    assert int(bulk) > 40
    assert _cells(out, "order_sync runs") == ["1", "1"]
    bulk_points, paged_points = (float(c.replace(",", "")) for c in _cells(out, "actual points spent"))
    assert bulk_points < paged_points / 10
    assert _verdict(out).startswith("PASS: ")


def test_drain(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--skus", "1000", "--orders", "10", "--readers", "1", "--pause", "0.1", "--ship-pause", "0.2"]
    out = _run(bench_drain.main, argv, capsys)
    assert _cells(out, "SKUs pushed / delivered") == ["1,000 / 1,000"]
    for action in ("order_pull", "order_acknowledge", "order_shipment_submit", "inventory_push"):
        answered, non_200, errors = _cells(out, action)[:3]
        assert int(answered.replace(",", "")) > 0, out
        assert (non_200, errors) == ("0", "0"), out
    assert float(_cells(out, "actual points per inventorySetQuantities call")[0]) > 0
    assert "of the ceiling" in _verdict(out)


def test_intake(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--orders", "2", "--spacing", "0.2", "--sync-seconds", "2"]
    out = _run(bench_intake.main, argv, capsys)
    hooked, polled = _cells(out, "webhooks"), _cells(out, "polling")
    assert hooked[0] == polled[0] == "2 / 2", out
    # Only the webhook run subscribes; each new order's orders/create is answered 200.
    assert (hooked[-1], polled[-1]) == ("2 / 2", "0 / 0"), out
    assert all(float(c) > 0 for c in hooked[1:4] + polled[1:4]), out
    assert "with webhooks" in _verdict(out)
