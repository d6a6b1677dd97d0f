"""Build an order from a compact JSON description (seed and `POST /_sandbox/orders`).

Description keys (all optional except `lines`): email, phone, customer{first_name,last_name,
email,phone}, address{...}, currency (presentment), rate (shop per presentment unit), lines[{sku,
quantity, price, discount, tax_rate, gift_card, requires_shipping, title, properties{}}],
shipping[{title, price, tax_rate}], payment (paid|authorized|partially_paid|pending|
manual_pending|none), gateway, card_company, fulfilled ("all" or {sku: qty}), tracking{company,
number, url}, location (location gid, "secondary" or "fulfillment_service"), cancelled, closed,
tags[], note, attributes{}, client_ip, created_at, updated_at (ISO).

Shapes a strict store must offer: plus (the shop is on Shopify Plus: Shopify Payments
authorizations are multi-capturable), payment_parts (the payment split over N transactions),
fulfillment_count (the `fulfilled` units shipped one per fulfilment), fulfillment_orders[{skus[],
location, status (OPEN|ON_HOLD|SCHEDULED), hold{reason, notes}, fulfill_at}] (those lines get their
own fulfilment order; the rest stay in the first).
"""

from __future__ import annotations

from typing import Any

from .money import cents
from .order_models import Address, Customer, LineItem, Order, ShippingLine, TaxLine
from .order_ops import commit_stock, open_fulfillment_order, release_stock
from .order_spec import OrderSpecError, dec, spec_time
from .order_spec_fulfilment import extra_fulfillment_order, fulfil_described, lines_of, location_of
from .order_spec_payments import add_payments
from .store import Store

DEFAULT_ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address1": "12 Analytical Way",
    "address2": "",
    "city": "Boston",
    "province": "Massachusetts",
    "province_code": "MA",
    "country": "United States",
    "country_code": "US",
    "zip": "02108",
    "phone": "+16175550100",
    "company": None,
}


def _line(store: Store, raw: dict[str, Any]) -> LineItem:
    sku = raw.get("sku")
    variants = store.variant_by_sku(sku) if sku else []
    variant = variants[0] if variants else None
    if sku and variant is None and not raw.get("title"):
        raise OrderSpecError(f"unknown sku {sku!r}")
    product = store.products.get(variant.product_id) if variant else None
    qty = int(raw.get("quantity", 1))
    price = dec(raw.get("price"), str(variant.price) if variant else "0")
    rate = raw.get("tax_rate")
    discount = cents(dec(raw.get("discount")))
    taxes = []
    if rate is not None:
        taxes.append(TaxLine("Sales tax", dec(rate), cents((price * qty - discount) * dec(rate))))
    gift = bool(raw.get("gift_card", False))
    return LineItem(
        id=store.next_id("LineItem"),
        variant_id=variant.id if variant else None,
        product_id=product.id if product else None,
        sku=sku,
        title=raw.get("title") or (product.title if product else "Custom item"),
        variant_title=None if variant is None or variant.title == "Default Title" else variant.title,
        vendor=product.vendor if product else None,
        quantity=qty,
        current_quantity=qty,
        unit_price=price,
        discount=discount,
        tax_lines=taxes,
        requires_shipping=bool(raw.get("requires_shipping", not gift)),
        is_gift_card=gift,
        taxable=rate is not None,
        custom_attributes=[(str(k), str(v)) for k, v in (raw.get("properties") or {}).items()],
        selected_options=list(variant.selected_options) if variant else [],
    )


def _address(raw: dict[str, Any] | None) -> Address:
    data = {**DEFAULT_ADDRESS, **(raw or {})}
    return Address(**data)


def build_order(store: Store, desc: dict[str, Any]) -> Order:
    """Create an order in the store from a compact description; stock is committed."""
    if not desc.get("lines"):
        raise OrderSpecError("an order needs at least one line")
    now = store.now()
    created = spec_time(desc.get("created_at"), now)
    customer_raw = desc.get("customer", {"first_name": "Ada", "last_name": "Lovelace"})
    email = desc.get("email", "ada@example.com")
    customer = None
    if customer_raw is not None:
        customer = Customer(
            id=store.next_id("Customer"),
            first_name=customer_raw.get("first_name", ""),
            last_name=customer_raw.get("last_name", ""),
            email=customer_raw.get("email", email),
            phone=customer_raw.get("phone"),
        )
    currency = store.shop.currency_code
    order = Order(
        id=store.next_id("Order"),
        number=store.next_order_number(),
        email=email,
        phone=desc.get("phone"),
        customer=customer,
        billing_address=_address(desc.get("address")),
        shipping_address=_address(desc.get("shipping_address", desc.get("address"))),
        currency=currency,
        presentment_currency=desc.get("currency", currency),
        rate=dec(desc.get("rate"), "1"),
        line_items=[_line(store, ln) for ln in desc["lines"]],
        shipping_lines=[],
        transactions=[],
        tags=sorted(set(desc.get("tags", []))),
        note=desc.get("note"),
        custom_attributes=[(str(k), str(v)) for k, v in (desc.get("attributes") or {}).items()],
        client_ip=desc.get("client_ip", "203.0.113.7"),
        created_at=created,
        updated_at=spec_time(desc.get("updated_at"), created),
        processed_at=created,
    )
    for raw in desc.get("shipping", []):
        price = cents(dec(raw.get("price")))
        rate = raw.get("tax_rate")
        taxes = [TaxLine("Sales tax", dec(rate), cents(price * dec(rate)))] if rate is not None else []
        order.shipping_lines.append(
            ShippingLine(
                store.next_id("ShippingLine"),
                raw.get("title", "Standard"),
                raw.get("code", "STANDARD"),
                price,
                taxes,
            )
        )
    store.orders[order.id] = order
    for line in order.line_items:
        store.own("LineItem", line.id, order)
    location_id = location_of(store, desc.get("location"))
    split = {line.id: spec for spec in desc.get("fulfillment_orders", []) for line in lines_of(order, spec)}
    rest = {
        li.id: li.current_quantity for li in order.line_items if li.id not in split and li.requires_shipping
    }
    fos = [open_fulfillment_order(store, order, location_id, rest)] if rest or not split else []
    fos += [extra_fulfillment_order(store, order, spec) for spec in desc.get("fulfillment_orders", [])]
    fo = fos[0]
    for each in fos:
        for fol in each.lines:
            ordered = order.line(fol.line_item_id)
            assert ordered is not None
            commit_stock(store, ordered, each.location_id, fol.total_quantity)
    add_payments(store, order, desc)
    fulfil_described(store, order, desc)
    if desc.get("cancelled"):
        for fol in fo.lines:
            cancelled = order.line(fol.line_item_id)
            assert cancelled is not None
            release_stock(store, cancelled, location_id, fol.remaining_quantity, restock=True)
            fol.remaining_quantity = 0
        fo.status = "CANCELLED"
        order.cancelled_at, order.cancel_reason, order.closed_at = created, "CUSTOMER", created
    if desc.get("closed"):
        order.closed_at = order.updated_at
    order.updated_at = spec_time(desc.get("updated_at"), created)
    return order
