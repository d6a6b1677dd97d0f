"""Customer and MailingAddress resolvers."""

from __future__ import annotations

import zlib
from typing import Any

from storefront_clients.sandbox.order_models import Address, Customer
from storefront_clients.sandbox.registry import Info, field


@field("Customer", "displayName")
def customer_name(c: Customer, _info: Info) -> str:
    """First and last name (or email)."""
    return f"{c.first_name} {c.last_name}".strip() or (c.email or "")


@field("MailingAddress", "countryCodeV2")
def country_code_v2(a: Address, _info: Info) -> str:
    """ISO country code."""
    return a.country_code


@field("MailingAddress", "name")
def address_name(a: Address, _info: Info) -> str:
    """Full name on the address."""
    return f"{a.first_name} {a.last_name}".strip()


@field("MailingAddress", "id")
def address_id(a: Address, _info: Info) -> str:
    """Stable pseudo id of an address."""
    return f"gid://shopify/MailingAddress/{zlib.crc32(f'{a.address1}|{a.zip}'.encode())}"


@field("MailingAddress", "formatted")
def address_formatted(a: Address, _info: Info, **_args: Any) -> list[str]:
    """Address lines."""
    lines = [a.address1, a.address2, f"{a.city} {a.province_code} {a.zip}".strip(), a.country]
    return [line for line in lines if line]


@field("MailingAddress", "coordinatesValidated")
def coords(_a: Address, _info: Info) -> bool:
    """Sandbox addresses are not geocoded."""
    return False
