"""Client scenarios behind the cassettes: each runs operations and asserts on what they return.

Shared by the recorder (against the sandbox, with capture answers where they exist) and by the
cassette tests (replaying). A scenario discovers the ids it needs through client calls, so the
replay issues exactly the recorded requests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from storefront_clients.base import (
    CancelOptions,
    FulfillmentRequest,
    InventoryQuantity,
    LineEdit,
    Money,
    OrderQuery,
    ProductInput,
    ProductOption,
    RefundLine,
    RefundRequest,
    Tracking,
    VariantInput,
)
from storefront_clients.shopify.client import ShopifyClient

from .scenario_base import ALL_ORDERS, Scenario, open_unfulfilled, orders
from .scenarios_captured import CAPTURED

# --- sandbox-recorded ------------------------------------------------------------------


async def shop_info(client: ShopifyClient) -> None:
    info = await client.shop_info()
    assert info.currency
    assert info.primary_location_id in {loc.id for loc in info.locations}


async def resolve_skus(client: ShopifyClient) -> None:
    refs = [ref async for ref in client.iter_variants()]
    assert refs
    wanted = [refs[0].sku, refs[-1].sku, "NO-SUCH-SKU"]
    found = await client.resolve_skus(wanted)
    assert set(found) == {refs[0].sku, refs[-1].sku}
    assert found[refs[0].sku] == refs[0]


async def inventory(client: ShopifyClient) -> None:
    info = await client.shop_info()
    refs = [ref async for ref in client.iter_variants()][:3]
    quantities = [
        InventoryQuantity(r.inventory_item_id, info.primary_location_id, 10 + i) for i, r in enumerate(refs)
    ]
    await client.set_inventory(quantities, "cassette-inventory-1")
    levels = await client.inventory_levels([r.inventory_item_id for r in refs], info.primary_location_id)
    assert levels == {q.inventory_item_id: q.quantity for q in quantities}


async def upsert_product(client: ShopifyClient) -> None:
    product = ProductInput(
        handle="cassette-tee",
        title="Cassette Tee",
        vendor="RetailOps",
        options=(ProductOption("Size", ("S", "M")),),
        variants=(
            VariantInput("CAS-TEE-S", Decimal("19.99"), (("Size", "S"),), barcode="0001"),
            VariantInput("CAS-TEE-M", Decimal("21.00"), (("Size", "M"),), weight=Decimal("0.25")),
        ),
    )
    result = await client.upsert_product(product)
    assert result.handle == "cassette-tee"
    assert sorted(v.sku for v in result.variants) == ["CAS-TEE-M", "CAS-TEE-S"]


async def orders_read(client: ShopifyClient) -> None:
    page = await client.list_orders(ALL_ORDERS, limit=5)
    assert page.orders
    ids = [o.id for o in page.orders]
    fetched = await client.fetch_orders([*ids, "gid://shopify/Order/1"])
    assert list(fetched) == ids
    first = page.orders[0]
    assert (await client.find_order(first.name)) == fetched[first.id]
    assert first.legacy_id is not None
    assert (await client.find_order(first.legacy_id)) == fetched[first.id]
    later = await client.list_orders(OrderQuery(updated_since=datetime(2099, 1, 1, tzinfo=UTC)))
    assert later.orders == ()
    assert later.next_cursor is None


async def edit_and_fulfil(client: ShopifyClient) -> None:
    order = await open_unfulfilled(client)
    line = order.lines[0]
    edited = await client.edit_order(order.id, [LineEdit(quantity=line.quantity + 1, line_item_id=line.id)])
    assert next(x for x in edited.lines if x.id == line.id).current_quantity == line.quantity + 1
    (fo, *_) = await client.fulfillment_orders(order.id)
    request = FulfillmentRequest(
        order.id, ((fo.id, ((fo.lines[0].id, 1),)),), Tracking("1Z999", "UPS", "https://ups.example/1Z999")
    )
    shipment = await client.create_fulfillment(request)
    state = await client.shipping_state(order.id)
    assert state is not None
    [shipped] = [f for f in state.fulfillments if f.id == shipment]
    assert [t.number for t in shipped.tracking] == ["1Z999"]
    await client.update_tracking(shipment, Tracking("1Z1000", "UPS"))


async def cancel_and_close(client: ShopifyClient) -> None:
    open_orders = [
        o for o in await orders(client) if o.cancelled_at is None and o.fulfillment_status == "UNFULFILLED"
    ]
    await client.cancel_order(open_orders[-1].id, CancelOptions(staff_note="cassette"))
    await client.add_tags(open_orders[-2].id, ["retailops-imported"])
    await client.close_order(open_orders[-2].id)
    after = await client.fetch_orders([open_orders[-1].id, open_orders[-2].id])
    assert after[open_orders[-1].id].cancelled_at is not None
    assert "retailops-imported" in after[open_orders[-2].id].tags
    assert after[open_orders[-2].id].closed


async def payments(client: ShopifyClient) -> None:
    everything = await orders(client)
    authorized = next(o for o in everything if o.financial_status == "AUTHORIZED")
    parent = next(t for t in authorized.transactions if t.kind.value == "AUTHORIZATION")
    captured = await client.capture(authorized.id, parent.id, Money(Decimal("1.00"), authorized.currency))
    assert captured.kind.value == "CAPTURE"
    pending = next(o for o in everything if o.financial_status == "PENDING" and o.cancelled_at is None)
    await client.mark_paid(pending.id)
    paid = await open_unfulfilled(client)
    refund = await client.refund(
        RefundRequest(paid.id, (RefundLine(paid.lines[0].id, 1),)), "cassette-refund-1"
    )
    assert refund.total.amount > 0


def _scenarios() -> dict[str, Scenario]:
    return {
        "shop_info": Scenario(shop_info),
        "client_credentials": Scenario(shop_info, credentials=True),
        "resolve_skus": Scenario(resolve_skus),
        "inventory": Scenario(inventory),
        "upsert_product": Scenario(upsert_product),
        "orders_read": Scenario(orders_read),
        "edit_and_fulfil": Scenario(edit_and_fulfil),
        "cancel_and_close": Scenario(cancel_and_close),
        "payments": Scenario(payments),
        **CAPTURED,
    }


SCENARIOS = _scenarios()
