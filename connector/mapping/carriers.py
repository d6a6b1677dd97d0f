"""RetailOps carrier names → Shopify's known tracking companies (and tracking URLs where known)."""

from __future__ import annotations

from urllib.parse import quote

# Shopify recognises these company names and links tracking itself; see docs/mapping/shipments.md.
_COMPANIES = {
    "ups": "UPS",
    "usps": "USPS",
    "fedex": "FedEx",
    "dhl": "DHL Express",
    "dhl express": "DHL Express",
    "dhl ecommerce": "DHL eCommerce",
    "canada post": "Canada Post",
    "royal mail": "Royal Mail",
    "australia post": "Australia Post",
    "auspost": "Australia Post",
    "ontrac": "OnTrac",
    "purolator": "Purolator",
    "lasership": "LaserShip",
    "dpd": "DPD",
    "gls": "GLS",
    "new zealand post": "New Zealand Post",
}
_URLS = {
    "UPS": "https://www.ups.com/track?tracknum={}",
    "USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels={}",
    "FedEx": "https://www.fedex.com/fedextrack/?trknbr={}",
    "DHL Express": "https://www.dhl.com/en/express/tracking.html?AWB={}",
}


def tracking_company(carrier_name: str | None) -> str | None:
    """Shopify's name for a carrier, or the RetailOps name unchanged when Shopify has none."""
    if not carrier_name or not carrier_name.strip():
        return None
    return _COMPANIES.get(carrier_name.strip().lower(), carrier_name.strip())


def tracking_url(company: str | None, number: str | None) -> str | None:
    """A tracking URL for known carriers; None lets Shopify build it or show the number only."""
    if not company or not number or company not in _URLS:
        return None
    return _URLS[company].format(quote(number))
