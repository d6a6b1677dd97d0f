"""The one call-origin marker: the pacer's priority and the telemetry's usage split read the same value."""

from __future__ import annotations

from storefront_clients.priority import call_origin, interactive, is_interactive
from storefront_clients.shopify.telemetry import USAGE_WINDOW_SECONDS, Telemetry


def test_interactive_marks_calls_as_request_for_pacer_and_telemetry() -> None:
    telemetry = Telemetry("2026-07", clock=lambda: 100.0)
    assert (call_origin(), is_interactive()) == ("job", False)
    telemetry.observe_cost(60.0, 2000.0, 1900.0, 100.0)
    with interactive():
        assert (call_origin(), is_interactive()) == ("request", True)
        telemetry.observe_cost(120.0, 2000.0, 1780.0, 100.0)
    assert (call_origin(), is_interactive()) == ("job", False)
    assert telemetry.points_per_second() == {
        "job": round(60.0 / USAGE_WINDOW_SECONDS, 2),
        "request": round(120.0 / USAGE_WINDOW_SECONDS, 2),
    }
