"""Deterministic seed data: two locations, a catalog of N products, and orders of every shape."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .catalog_builder import ProductSpec, VariantSpec, upsert_product
from .catalog_models import Location
from .order_builder import build_order
from .store import Store

PRIMARY_LOCATION = "Main Warehouse"
SECONDARY_LOCATION = "Downtown Store"
_NAMES = [
    "Trail Runner",
    "Canvas Tote",
    "Crème Brûlée Mug",
    "Merino Beanie",
    "東京 Street Tee",
    "Ølstue Glass",
    "Alpine Jacket",
    "Café Apron",
    "Señorita Sandal",
    "Zürich Watch",
]
_SIZES = ["S", "M", "L", "XL"]


def add_locations(store: Store) -> tuple[Location, Location]:
    """The sandbox's two locations; the first is primary."""
    primary = Location(
        store.next_id("Location"), PRIMARY_LOCATION, True, "1 Dock Rd", "Boston", "MA", "US", "02110"
    )
    second = Location(
        store.next_id("Location"), SECONDARY_LOCATION, False, "9 Main St", "Cambridge", "MA", "US", "02139"
    )
    for loc in (primary, second):
        store.locations[loc.id] = loc
    return primary, second


def seed_catalog(store: Store, products: int, variants_per_product: int, rng: random.Random) -> None:
    """`products` products with `variants_per_product` sized variants each (SKU SBX-nnnnn-SIZE)."""
    primary, second = (
        store.primary_location,
        next(loc for loc in store.locations.values() if not loc.is_primary),
    )
    sizes = (_SIZES * (variants_per_product // len(_SIZES) + 1))[:variants_per_product]
    sizes = [s if i < len(_SIZES) else f"{s}{i}" for i, s in enumerate(sizes)]
    for n in range(1, products + 1):
        base = _NAMES[(n - 1) % len(_NAMES)]
        price = Decimal(rng.randrange(500, 15000)) / 100
        variants = [
            VariantSpec(
                options=[("Size", size)],
                sku=f"SBX-{n:05d}-{size}",
                price=price,
                barcode=f"0{n:06d}{i:02d}",
                cost=(price * Decimal("0.4")).quantize(Decimal("0.01")),
                quantities={primary.id: rng.randrange(0, 60), second.id: rng.randrange(0, 10)},
            )
            for i, size in enumerate(sizes)
        ]
        upsert_product(
            store,
            ProductSpec(
                title=f"{base} {n}",
                handle=f"sbx-{n:05d}",
                vendor="Sandbox Goods",
                product_type="Apparel" if n % 2 else "Home",
                tags=["sandbox", f"batch-{n % 5}"],
                options=[("Size", sizes)],
                variants=variants,
            ),
        )
    gift = ProductSpec(
        title="Gift Card",
        handle="gift-card",
        vendor="Sandbox Goods",
        product_type="Gift card",
        options=[("Denomination", ["$25"])],
        variants=[
            VariantSpec(
                options=[("Denomination", "$25")],
                sku="GIFT-25",
                price=Decimal("25.00"),
                tracked=False,
                requires_shipping=False,
            )
        ],
    )
    upsert_product(store, gift)


def shaped_orders(now: datetime) -> list[dict[str, Any]]:
    """One order of each shape the connector must handle."""
    t = [(now - timedelta(days=5, hours=h)).isoformat() for h in range(20)]
    line_a, line_b = {"sku": "SBX-00001-M", "quantity": 2}, {"sku": "SBX-00002-S", "quantity": 1}
    ship = [{"title": "Standard", "price": "7.50", "tax_rate": "0.0625"}]
    shapes: list[dict[str, Any]] = [
        {
            "lines": [{**line_a, "tax_rate": "0.0625"}, {**line_b, "tax_rate": "0.0625"}],
            "shipping": ship,
            "tags": ["wholesale"],
            "note": "Leave at the door",
            "attributes": {"gift_wrap": "yes"},
            "created_at": t[0],
        },
        {
            "lines": [{"sku": "SBX-00003-L", "quantity": 3, "discount": "6.00", "tax_rate": "0.08"}],
            "shipping": ship,
            "created_at": t[1],
        },
        {"lines": [{"sku": "GIFT-25", "quantity": 1, "gift_card": True}, line_b], "created_at": t[2]},
        {"lines": [line_a], "payment": "authorized", "shipping": ship, "created_at": t[3]},
        {
            "lines": [line_b],
            "payment": "manual_pending",
            "gateway": "Cash on Delivery (COD)",
            "created_at": t[4],
        },
        {
            "lines": [{"sku": "SBX-00004-M", "quantity": 4}, line_b],
            "fulfilled": {"SBX-00004-M": 2},
            "tracking": {"company": "UPS", "number": "1Z999AA10123456784", "url": None},
            "created_at": t[5],
        },
        {"lines": [line_a], "fulfilled": "all", "closed": True, "created_at": t[6]},
        {
            "lines": [line_b],
            "cancelled": True,
            "payment": "none",
            "tags": ["fraud-check"],
            "created_at": t[7],
        },
        {
            "lines": [{"sku": "SBX-00005-S", "quantity": 2, "tax_rate": "0.19"}],
            "currency": "EUR",
            "rate": "1.08",
            "shipping": [{"title": "EU Express", "price": "12.00"}],
            "created_at": t[8],
            "address": {
                "country": "Germany",
                "country_code": "DE",
                "province": "Berlin",
                "province_code": "BE",
                "city": "Berlin",
                "zip": "10115",
                "first_name": "Jürgen",
                "last_name": "Müller",
            },
        },
        {
            "lines": [line_a],
            "customer": {"first_name": "Zoë", "last_name": "Ångström"},
            "email": "zoe@example.com",
            "payment": "partially_paid",
            "created_at": t[9],
            "location": "secondary",
        },
        {
            "lines": [{"sku": "SBX-00006-XL", "quantity": 1}],
            "customer": {"first_name": "小龍", "last_name": "李"},
            "created_at": t[10],
        },
    ]
    return [*shapes, *strict_orders(now, t)]


def strict_orders(now: datetime, t: list[str]) -> list[dict[str, Any]]:
    """Shapes a real store has and a lenient one hides (#1012 on): see order_builder's docstring."""
    one, two = {"sku": "SBX-00001-S", "quantity": 1}, {"sku": "SBX-00002-M", "quantity": 2}
    return [
        # Lines at two locations: two fulfilment orders, one per location.
        {
            "lines": [one, two],
            "fulfillment_orders": [{"skus": ["SBX-00002-M"], "location": "secondary"}],
            "created_at": t[11],
        },
        # A fraud filter's hold, and a hold until payment arrives.
        {
            "lines": [one],
            "created_at": t[12],
            "fulfillment_orders": [
                {
                    "skus": ["SBX-00001-S"],
                    "status": "ON_HOLD",
                    "hold": {"reason": "HIGH_RISK_OF_FRAUD", "notes": "Flagged by the fraud filter"},
                }
            ],
        },
        {
            "lines": [two],
            "payment": "pending",
            "created_at": t[13],
            "fulfillment_orders": [
                {"skus": ["SBX-00002-M"], "status": "ON_HOLD", "hold": {"reason": "AWAITING_PAYMENT"}}
            ],
        },
        # Pre-order: ready only after its fulfil-at date.
        {
            "lines": [one],
            "created_at": t[14],
            "fulfillment_orders": [
                {
                    "skus": ["SBX-00001-S"],
                    "status": "SCHEDULED",
                    # A year ahead of the seed time: still scheduled when tests seed a past "now".
                    "fulfill_at": (now + timedelta(days=365)).isoformat(),
                }
            ],
        },
        # One line ships from a fulfilment service's location.
        {
            "lines": [one, two],
            "created_at": t[15],
            "fulfillment_orders": [{"skus": ["SBX-00002-M"], "location": "fulfillment_service"}],
        },
        # More than five fulfilments, more than ten transactions.
        {
            "lines": [{"sku": "SBX-00003-S", "quantity": 8}],
            "fulfilled": {"SBX-00003-S": 7},
            "fulfillment_count": 7,
            "created_at": t[16],
        },
        {"lines": [two], "payment_parts": 12, "created_at": t[17]},
        # A Plus shop's Shopify Payments authorization: captured in parts.
        {"lines": [two], "payment": "authorized", "plus": True, "created_at": t[18]},
    ]


def seed(
    store: Store,
    *,
    products: int = 40,
    variants_per_product: int = 3,
    orders: bool = True,
    extra_orders: int = 0,
    random_seed: int = 42,
    now: datetime | None = None,
) -> Store:
    """Fill an empty store deterministically (same arguments, same data and ids)."""
    rng = random.Random(random_seed)  # noqa: S311 - deterministic fixtures
    moment = now or store.now()
    if not store.locations:
        add_locations(store)
    seed_catalog(store, max(products, 6), max(variants_per_product, 4 if orders else 1), rng)
    if orders:
        for desc in shaped_orders(moment):
            build_order(store, desc)
        skus = [v.sku for v in store.variants.values() if v.sku and v.sku.startswith("SBX-")]
        for i in range(extra_orders):
            created = moment - timedelta(days=4, minutes=i)
            lines = [
                {"sku": rng.choice(skus), "quantity": rng.randrange(1, 4)} for _ in range(rng.randrange(1, 4))
            ]
            build_order(
                store,
                {
                    "lines": lines,
                    "created_at": created.isoformat(),
                    "shipping": [{"title": "Standard", "price": "5.00"}],
                },
            )
    return store
