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

from datetime import datetime
from decimal import Decimal
from typing import Any

from . import order_math
from .catalog_models import Location
from .ids import parse_gid
from .money import cents
from .order_models import (
    Address,
    Customer,
    FulfillmentHold,
    FulfillmentOrder,
    LineItem,
    Order,
    ShippingLine,
    TaxLine,
    TrackingInfo,
    Transaction,
)
from .order_ops import commit_stock, fulfill, open_fulfillment_order, release_stock
from .search import parse_when
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


class OrderSpecError(ValueError):
    """The compact description cannot be turned into an order (unknown SKU, bad field)."""


def _dec(value: Any, default: str = "0") -> Decimal:
    return Decimal(str(value if value is not None else default))


def _when(value: Any, fallback: datetime) -> datetime:
    if value is None:
        return fallback
    parsed = parse_when(str(value))
    if parsed is None:
        raise OrderSpecError(f"bad timestamp {value!r}")
    return parsed


def _line(store: Store, raw: dict[str, Any]) -> LineItem:
    sku = raw.get("sku")
    variants = store.variant_by_sku(sku) if sku else []
    variant = variants[0] if variants else None
    if sku and variant is None and not raw.get("title"):
        raise OrderSpecError(f"unknown sku {sku!r}")
    product = store.products.get(variant.product_id) if variant else None
    qty = int(raw.get("quantity", 1))
    price = _dec(raw.get("price"), str(variant.price) if variant else "0")
    rate = raw.get("tax_rate")
    discount = cents(_dec(raw.get("discount")))
    taxes = []
    if rate is not None:
        taxes.append(TaxLine("Sales tax", _dec(rate), cents((price * qty - discount) * _dec(rate))))
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


def _payments(store: Store, order: Order, desc: dict[str, Any]) -> None:
    mode = desc.get("payment", "paid")
    total = order_math.total_price(order, False)
    card = desc.get("card_company", "Visa")
    gateway = desc.get("gateway", "shopify_payments")

    def add(kind: str, status: str, amount: Decimal, gw: str = gateway, manual: bool = False) -> None:
        parts = max(1, int(desc.get("payment_parts", 1)))
        share = cents(amount / parts)
        for n in range(parts):
            _one(kind, status, share if n < parts - 1 else amount - share * (parts - 1), gw, manual)

    def _one(kind: str, status: str, amount: Decimal, gw: str, manual: bool) -> None:
        txn = Transaction(
            id=store.next_id("OrderTransaction"),
            kind=kind,
            status=status,
            gateway=gw,
            amount=amount,
            parent_id=None,
            card_company=None if manual else card,
            manual_payment_gateway=manual,
            created_at=order.created_at,
            multi_capturable=kind == "AUTHORIZATION" and bool(desc.get("plus")) and gw == "shopify_payments",
        )
        order.transactions.append(txn)
        store.own("OrderTransaction", txn.id, order)

    if mode == "paid":
        add("SALE", "SUCCESS", total)
    elif mode == "authorized":
        add("AUTHORIZATION", "SUCCESS", total)
    elif mode == "partially_paid":
        add("SALE", "SUCCESS", cents(total / 2))
    elif mode in ("pending", "manual_pending"):
        add("SALE", "PENDING", total, desc.get("gateway", "Cash on Delivery (COD)"), manual=True)
    elif mode != "none":
        raise OrderSpecError(f"unknown payment {mode!r}")


def build_order(store: Store, desc: dict[str, Any]) -> Order:
    """Create an order in the store from a compact description; stock is committed."""
    if not desc.get("lines"):
        raise OrderSpecError("an order needs at least one line")
    now = store.now()
    created = _when(desc.get("created_at"), now)
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
        rate=_dec(desc.get("rate"), "1"),
        line_items=[_line(store, ln) for ln in desc["lines"]],
        shipping_lines=[],
        transactions=[],
        tags=sorted(set(desc.get("tags", []))),
        note=desc.get("note"),
        custom_attributes=[(str(k), str(v)) for k, v in (desc.get("attributes") or {}).items()],
        client_ip=desc.get("client_ip", "203.0.113.7"),
        created_at=created,
        updated_at=_when(desc.get("updated_at"), created),
        processed_at=created,
    )
    for raw in desc.get("shipping", []):
        price = cents(_dec(raw.get("price")))
        rate = raw.get("tax_rate")
        taxes = [TaxLine("Sales tax", _dec(rate), cents(price * _dec(rate)))] if rate is not None else []
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
    location_id = _location(store, desc.get("location"))
    split = {line.id: spec for spec in desc.get("fulfillment_orders", []) for line in _lines_of(order, spec)}
    rest = {
        li.id: li.current_quantity for li in order.line_items if li.id not in split and li.requires_shipping
    }
    fos = [open_fulfillment_order(store, order, location_id, rest)] if rest or not split else []
    fos += [_extra_fulfillment_order(store, order, spec) for spec in desc.get("fulfillment_orders", [])]
    fo = fos[0]
    for each in fos:
        for fol in each.lines:
            ordered = order.line(fol.line_item_id)
            assert ordered is not None
            commit_stock(store, ordered, each.location_id, fol.total_quantity)
    _payments(store, order, desc)
    _fulfil(store, order, desc)
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
    order.updated_at = _when(desc.get("updated_at"), created)
    return order


def _lines_of(order: Order, spec: dict[str, Any]) -> list[LineItem]:
    skus = set(spec.get("skus") or [])
    return [li for li in order.line_items if li.sku in skus and li.requires_shipping]


def _extra_fulfillment_order(store: Store, order: Order, spec: dict[str, Any]) -> FulfillmentOrder:
    """A fulfilment order for some lines, at its own location, maybe held or scheduled."""
    lines = _lines_of(order, spec)
    if not lines:
        raise OrderSpecError(f"fulfillment order skus {spec.get('skus')!r} match no shippable line")
    fo = open_fulfillment_order(
        store, order, _location(store, spec.get("location")), {li.id: li.current_quantity for li in lines}
    )
    status = spec.get("status", "OPEN")
    if status not in ("OPEN", "ON_HOLD", "SCHEDULED"):
        raise OrderSpecError(f"unknown fulfillment order status {status!r}")
    fo.status = status
    if status == "ON_HOLD":
        hold = spec.get("hold") or {}
        fo.holds.append(
            FulfillmentHold(store.next_id("FulfillmentHold"), hold.get("reason", "OTHER"), hold.get("notes"))
        )
    if status == "SCHEDULED":
        fo.fulfill_at = _when(spec.get("fulfill_at"), store.now())
    return fo


def fulfillment_service_location(store: Store) -> int:
    """The location of the sandbox's fulfilment service app (created on first use)."""
    found = next((loc for loc in store.locations.values() if loc.fulfillment_service), None)
    if found is None:
        found = Location(
            store.next_id("Location"), "Sandbox 3PL", False, "5 Depot Ln", "Reno", "NV", "US", "89501"
        )
        found.fulfillment_service = "sandbox-3pl"
        store.locations[found.id] = found
    return found.id


def _location(store: Store, value: Any) -> int:
    if value == "fulfillment_service":
        return fulfillment_service_location(store)
    if value == "secondary":
        return next(loc.id for loc in store.locations.values() if not loc.is_primary)
    num = parse_gid(value, "Location") if value else None
    if num is not None and num in store.locations:
        return num
    return store.primary_location.id


def _fulfil(store: Store, order: Order, desc: dict[str, Any]) -> None:
    wanted = desc.get("fulfilled")
    if not wanted:
        return
    fo = order.fulfillment_orders[0]
    picks = []
    for fol in fo.lines:
        line = order.line(fol.line_item_id)
        assert line is not None
        qty = fol.remaining_quantity if wanted == "all" else int(wanted.get(line.sku or "", 0))
        if qty > 0:
            picks.append((fo, fol, min(qty, fol.remaining_quantity)))
    if not picks:
        return
    track = desc.get("tracking") or {"company": "UPS", "number": f"1Z{order.number:010d}", "url": None}
    count = int(desc.get("fulfillment_count", 0))
    if count <= 1:
        tracking = TrackingInfo(track.get("company"), track.get("number"), track.get("url"))
        fulfill(store, order, picks, tracking, notify=False)
        return
    # One unit per fulfilment for the first `count - 1` units, the rest in one last fulfilment.
    units = [(f, fol) for f, fol, qty in picks for _ in range(qty)]
    for n, (f, fol) in enumerate(units[: count - 1]):
        tracking = TrackingInfo(track.get("company"), f"{track.get('number')}-{n + 1}", track.get("url"))
        fulfill(store, order, [(f, fol, 1)], tracking, notify=False)
    left: dict[int, tuple[Any, Any, int]] = {}
    for f, fol in units[count - 1 :]:
        prev = left.get(fol.id)
        left[fol.id] = (f, fol, (prev[2] if prev else 0) + 1)
    if left:
        tracking = TrackingInfo(track.get("company"), f"{track.get('number')}-{count}", track.get("url"))
        fulfill(store, order, list(left.values()), tracking, notify=False)
