"""Prometheus metrics, one registry per app so tests and replicas never collide."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0)


class Metrics:
    """The connector's counters and histograms; the app and jobs record into one instance."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "connector_requests_total",
            "RetailOps requests by action and HTTP status",
            ("action", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "connector_request_seconds",
            "RetailOps request latency by action",
            ("action",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.job_runs = Counter(
            "connector_job_runs_total",
            "Scheduled job runs by job and outcome",
            ("job", "outcome"),
            registry=self.registry,
        )
        self.withheld_fields = Counter(
            "connector_storefront_withheld_fields_total",
            "Fields the store left out of an answer (e.g. protected customer data denied), by action",
            ("action", "field", "code"),
            registry=self.registry,
        )
        self.inventory_pending = Gauge(
            "connector_inventory_pending_skus",
            "Buffered SKU quantities not yet delivered to the store",
            registry=self.registry,
        )
        self.intents_pending = Gauge(
            "connector_write_intents_pending",
            "Write intents waiting for (re)delivery",
            registry=self.registry,
        )
        self.intents_failed = Gauge(
            "connector_write_intents_failed",
            "Write intents stopped on a permanent storefront error",
            registry=self.registry,
        )
        self.mirror_lag = Gauge(
            "connector_order_mirror_lag_seconds",
            "Seconds since the last complete order_sync run began (order_pull is at most this stale)",
            registry=self.registry,
        )
        self.orders_waiting = Gauge(
            "connector_orders_waiting",
            "Open, unacknowledged orders not offered yet, by readiness reason",
            ("reason",),
            registry=self.registry,
        )

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
