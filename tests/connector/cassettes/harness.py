"""What a cassette scenario drives: the connector app with the real Shopify client, and its cassette.

The recorder (``record.py``) and the replay tests build a ``Harness`` the same way; only the
Shopify base URL, the token and the vcrpy record mode differ. Scenarios talk to the connector
the way RetailOps does (``ro``), run the inventory flusher (``flush``), and read what the
connector sent to Shopify from the cassette (``sent``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from starlette.testclient import TestClient
from vcr.cassette import Cassette

from connector.app import create_app, default_storefront
from connector.jobs.intent_retry import retry_due
from connector.jobs.inventory_flush import FlushFigures, flush
from connector.jobs.order_sync import SyncFigures, sync_orders
from connector.retailops import target_validator
from connector.services import Services
from connector.settings import Settings
from tests.support.builders import envelope, settings_for
from tests.support.cassettes import graphql_key


def harness_settings(database_url: str, base_url: str, access_token: str) -> Settings:
    """Connector settings for a scenario: the test builder's, the store at `base_url`, a 5 s write budget."""
    # Cassettes hold GraphQL calls only: the mirror fills by pages here; its bulk backfill (a
    # result-file download) is tested over HTTP in tests/e2e/order_backfill/.
    return settings_for(
        database_url,
        base_url,
        access_token,
        connector_write_budget_seconds=5.0,
        connector_order_bulk_catchup_seconds=0.0,
    )


@dataclass
class OrderRefs:
    """A store order as order_pull offered it: its refnum and its line refnums by SKU."""

    refnum: str
    lines: dict[str, str]
    body: dict[str, Any]


class Harness:
    """One scenario run: a TestClient over the app and the cassette recording or replaying its traffic."""

    def __init__(self, client: TestClient, cassette: Cassette) -> None:
        self.client = client
        self.cassette = cassette

    def ro(self, action: str, expect: int = 200, **fields: Any) -> dict[str, Any]:
        """POST /<action>_v1 as RetailOps does; a 200 answer must validate against the targetSchema."""
        response = self.client.post(f"/{action}_v1", json=envelope(action, **fields))
        assert response.status_code == expect, response.text
        answer: dict[str, Any] = response.json()
        if expect == 200:
            errors = [e.message for e in target_validator(action).iter_errors(answer)]
            assert errors == [], f"{action} answer breaks its targetSchema: {errors}"
        return answer

    def orders(self, *names: str) -> dict[str, OrderRefs]:
        """Seeded orders by name (#1001 …), pulled through order_pull's specific_orders as RetailOps would."""
        body = self.ro("order_pull", specific_orders=[{"channel_refnum": n} for n in names])
        assert body["events"] == [], body["events"]
        assert len(body["orders"]) == len(names)
        return {
            name: OrderRefs(
                refnum=order["channel_order_refnum"],
                lines={i["sku"]: i["channel_item_refnum"] for i in order["order_items"]},
                body=order,
            )
            for name, order in zip(names, body["orders"], strict=True)
        }

    def flush(self) -> FlushFigures:
        """Run the inventory flush job once, on the app's event loop."""
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        figures: FlushFigures = self.client.portal.call(flush, services)  # type: ignore[union-attr]
        return figures

    def sync_orders(self) -> SyncFigures:
        """Run the order_sync job once (fills the order mirror commitments are read from)."""
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        figures: SyncFigures = self.client.portal.call(sync_orders, services)  # type: ignore[union-attr]
        return figures

    def retry_intents(self) -> dict[str, int]:
        """Run the write-intent retry job once (what applies writes queued in the background)."""
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        counts: dict[str, int] = self.client.portal.call(retry_due, services)  # type: ignore[union-attr]
        return counts

    def _exchanged(self) -> list[Any]:
        """Requests sent so far: every recorded one, or (replaying) those played."""
        requests = list(self.cassette.requests)
        if not self.cassette.write_protected:
            return requests
        return [r for i, r in enumerate(requests) if self.cassette.play_counts[i] > 0]

    def operations(self) -> list[str]:
        """The GraphQL operation names sent to Shopify so far, in order."""
        keys = [graphql_key(r) for r in self._exchanged()]
        return [k[0] if k else "?" for k in keys]

    def sent(self, operation: str) -> list[dict[str, Any]]:
        """The variables of every request of an operation sent so far (replay matched them exactly)."""
        found = []
        for request in self._exchanged():
            key = graphql_key(request)
            if key is not None and key[0] == operation:
                found.append(json.loads(key[2]))
        return found


@contextmanager
def running(settings: Settings, engine: Engine, cassette: Cassette) -> Iterator[Harness]:
    """The app (lifespan run) wired to the real Shopify client, as a Harness."""
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Harness(client, cassette)


Scenario = Callable[[Harness], None]
