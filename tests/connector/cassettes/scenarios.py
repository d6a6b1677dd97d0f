"""Every cassette scenario by name: the recorder records each, the replay test replays each."""

from __future__ import annotations

from .harness import Scenario
from .scenarios_catalog import (
    catalog_get_config,
    catalog_push_upsert,
    catalog_then_inventory,
    inventory_push_and_flush,
)
from .scenarios_fulfil import (
    order_complete_edit_close,
    order_returned_refund,
    order_settle_payment_capture,
    order_shipment_retrack,
    order_shipment_submit_fulfil,
)
from .scenarios_orders import (
    order_acknowledge_tag,
    order_cancel_refused_and_success,
    order_pull_page_and_specific,
    order_update_edit,
)

SCENARIOS: dict[str, Scenario] = {
    fn.__name__: fn
    for fn in (
        catalog_get_config,
        catalog_push_upsert,
        inventory_push_and_flush,
        catalog_then_inventory,
        order_pull_page_and_specific,
        order_acknowledge_tag,
        order_update_edit,
        order_cancel_refused_and_success,
        order_shipment_submit_fulfil,
        order_shipment_retrack,
        order_complete_edit_close,
        order_settle_payment_capture,
        order_returned_refund,
    )
}
