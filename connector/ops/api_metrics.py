"""Expose the Shopify API version health on /metrics (read at scrape time from the client's telemetry)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from storefront_clients.shopify.telemetry import Telemetry


class ApiVersionCollector(Collector):
    """`connector_shopify_api_version_info`, `..._version_mismatch`, `..._deprecated_calls_total`."""

    def __init__(self, telemetry: Telemetry) -> None:
        self.telemetry = telemetry

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        """One sample set per scrape."""
        t = self.telemetry
        info = GaugeMetricFamily(
            "connector_shopify_api_version_info",
            "Pinned Admin API version and the version the store answered in (1 per pair)",
            labels=["pinned", "answered"],
        )
        info.add_metric([t.pinned or "", t.answered or ""], 1.0)
        yield info
        yield GaugeMetricFamily(
            "connector_shopify_api_version_mismatch",
            "1 when the store answers in another version than the pinned one (pinned version retired)",
            value=1.0 if t.version_mismatch else 0.0,
        )
        deprecated = CounterMetricFamily(
            "connector_shopify_deprecated_calls",
            "Answers carrying X-Shopify-API-Deprecated-Reason, by reason",
            labels=["reason"],
        )
        for d in t.deprecations.values():
            deprecated.add_metric([d.reason], float(d.count))
        yield deprecated
