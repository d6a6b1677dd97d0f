"""order_acknowledge: record RetailOps' order ids in the ledger and tag the orders in the store."""

from __future__ import annotations

from functools import partial

from connector.actions.common import find_order, unknown_order
from connector.intents import execute, performer
from connector.mapping.refs import order_gid
from connector.repo import ledger
from connector.retailops import (
    Association,
    Event,
    EventCode,
    OrderAcknowledgeRequest,
    warning_event,
)
from connector.retailops.responses import OrderAcknowledgeResponse
from connector.services import Services
from storefront_clients.errors import StorefrontError, TransientStorefrontError

TAG_BUDGET = 2.0


@performer("tag_order")
async def apply_tag(services: Services, payload: dict[str, str]) -> dict[str, str]:
    """Add the imported tag to an order; tagsAdd keeps existing tags, so a repeat is harmless."""
    await services.storefront.add_tags(payload["order_id"], [payload["tag"]])
    await services.db.run(lambda s: ledger.mark_tagged(s, payload["refnum"]))
    return {"tagged": payload["tag"]}


async def handle(services: Services, request: OrderAcknowledgeRequest) -> OrderAcknowledgeResponse:
    """Acknowledge each order; unknown refnums are warnings, a failed tag write never fails the ack."""
    events: list[Event] = []
    for item in request.orders or []:
        refnum = (item.channel_order_refnum or "").strip()
        if not refnum:
            events.append(
                warning_event(EventCode.INVALID_REQUEST, "An order without channel_order_refnum was skipped")
            )
            continue
        known = (await services.db.run(partial(ledger.by_refnums, refnums=[refnum]))).get(refnum)
        store_id = known.store_order_id if known else None
        if store_id is None:
            try:
                order = await find_order(services, refnum)
            except TransientStorefrontError:
                order = None
                if refnum.isdigit():
                    store_id = order_gid(refnum)
                    events.append(
                        warning_event(
                            EventCode.STOREFRONT_UNAVAILABLE,
                            "Acknowledged, but the store could not confirm the order exists now",
                            Association.order_refnum(refnum),
                        )
                    )
            except StorefrontError:
                order = None
            if order is not None:
                store_id = order.id
        if store_id is None:
            events.append(unknown_order(refnum, "warning"))
            continue
        await services.db.run(
            partial(
                ledger.acknowledge,
                refnum=refnum,
                store_order_id=store_id,
                retailops_order_id=item.retailops_order_id,
            )
        )
        # The tag is a hint for merchants; the ledger is the truth, so its failure is retried later.
        await execute(
            services,
            key=f"tag:{refnum}",
            kind="tag_order",
            refnum=refnum,
            payload={
                "order_id": store_id,
                "refnum": refnum,
                "tag": services.settings.connector_order_tag,
            },
            budget=min(TAG_BUDGET, services.settings.connector_write_budget_seconds),
        )
    return OrderAcknowledgeResponse(events=events)
