"""`retailops-connector doctor`: pre-flight checks, one line each (ok / warn / FAIL) with what to do.

Checks: database reachable and at head; store reachable with the credentials; access scopes
against REQUIRED_SCOPES; protected customer data readable; configured locations exist and are
active; every CONNECTOR_FACILITY_LOCATIONS target resolves; the pinned API version is still
supported (warn within 90 days of its end) and is the one the store answers in; clock skew.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text

from connector.db.engine import make_engine
from connector.db.migrate import is_at_head
from connector.settings import Settings
from storefront_clients.base import Location, ShopInfo, StorefrontClient
from storefront_clients.errors import AuthenticationError, StorefrontError
from storefront_clients.shopify.diagnostics import granted_scopes, newest_order
from storefront_clients.shopify.telemetry import Telemetry

# Every scope the connector's documents need (the schema's `requiredAccess` of each mutation and
# query it sends); a write_ scope also grants the matching read_ scope
# (https://shopify.dev/docs/api/usage/access-scopes).
REQUIRED_SCOPES = (
    "write_products",
    "write_inventory",
    "write_orders",
    "write_merchant_managed_fulfillment_orders",
    "write_order_edits",
)
# Without it the store only shows the last 60 days of orders.
ADVISED_SCOPES = ("read_all_orders",)
SUPPORT_MONTHS = 12  # each stable version is supported at least 12 months (shopify.dev versioning)
WARN_DAYS = 90
SKEW_WARN, SKEW_FAIL = 30.0, 300.0


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report."""

    level: str  # "ok", "warn" or "FAIL"
    name: str
    message: str

    def line(self) -> str:
        """`ok   name: message` (levels aligned)."""
        return f"{self.level:<4} {self.name}: {self.message}"


def _has_scope(granted: set[str], scope: str) -> bool:
    return scope in granted or (scope.startswith("read_") and "write_" + scope[5:] in granted)


def scope_checks(granted: set[str]) -> list[Check]:
    """The scope lines for a set of granted scopes."""
    missing = [s for s in REQUIRED_SCOPES if not _has_scope(granted, s)]
    checks = []
    if missing:
        checks.append(
            Check(
                "FAIL",
                "access scopes",
                f"missing {', '.join(missing)}: add them to the app's scopes and reinstall it",
            )
        )
    else:
        checks.append(Check("ok", "access scopes", f"all {len(REQUIRED_SCOPES)} required scopes granted"))
    advised = [s for s in ADVISED_SCOPES if not _has_scope(granted, s)]
    if advised:
        checks.append(
            Check(
                "warn",
                "access scopes",
                f"{', '.join(advised)} not granted: orders older than 60 days stay invisible",
            )
        )
    return checks


def version_support(pinned: str, today: date) -> Check:
    """Whether the pinned version is inside Shopify's support window (release + 12 months)."""
    year, month = (int(p) for p in pinned.split("-"))
    end_month = month + SUPPORT_MONTHS
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    days = (end - today).days
    if days < 0:
        return Check(
            "FAIL",
            "API version",
            f"{pinned} left support on {end}: set SHOPIFY_API_VERSION to a supported version",
        )
    if days <= WARN_DAYS:
        return Check(
            "warn", "API version", f"{pinned} is supported until about {end} ({days} days): plan the upgrade"
        )
    return Check("ok", "API version", f"{pinned} supported until about {end} ({days} days)")


def answered_checks(telemetry: Telemetry | None) -> list[Check]:
    """What the answers' headers said: version served, deprecations, clock skew."""
    if telemetry is None:
        return []
    checks = []
    if telemetry.version_mismatch:
        checks.append(
            Check(
                "warn",
                "API version",
                f"the store answers in {telemetry.answered}, not the pinned {telemetry.pinned}: "
                "the pinned version is retired; set SHOPIFY_API_VERSION to a supported one",
            )
        )
    elif telemetry.answered:
        checks.append(Check("ok", "API version", f"the store answers in the pinned {telemetry.answered}"))
    for d in telemetry.deprecations.values():
        checks.append(Check("warn", "deprecations", f"{d.operation} uses deprecated {d.reason}"))
    skew = telemetry.clock_skew
    if skew is not None:
        level = "FAIL" if abs(skew) > SKEW_FAIL else "warn" if abs(skew) > SKEW_WARN else "ok"
        hint = "" if level == "ok" else ": synchronise this machine's clock (NTP)"
        checks.append(Check(level, "clock", f"{skew:+.1f} s against the store's clock{hint}"))
    return checks


def database_check(settings: Settings) -> Check:
    """Database reachable and at the newest revision."""
    engine = make_engine(settings.connector_database_url)
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        if not is_at_head(engine):
            return Check(
                "FAIL",
                "database",
                f"{where} is not at the newest revision: run `retailops-connector migrate`",
            )
        return Check("ok", "database", f"{where} reachable and at the newest revision")
    except Exception as exc:  # any failure to connect is the finding
        return Check(
            "FAIL", "database", f"{where} unreachable ({type(exc).__name__}): check CONNECTOR_DATABASE_URL"
        )
    finally:
        engine.dispose()


def _find(shop: ShopInfo, wanted: str) -> Location | None:
    full = wanted if wanted.startswith("gid://") else f"gid://shopify/Location/{wanted}"
    return next((loc for loc in shop.locations if loc.id == full), None)


def location_checks(settings: Settings, shop: ShopInfo) -> list[Check]:
    """The configured location and every facility target exist and are active."""
    checks = []
    targets: list[tuple[str, str]] = []
    if settings.shopify_location_id:
        targets.append(("SHOPIFY_LOCATION_ID", settings.shopify_location_id))
    else:
        checks.append(
            Check(
                "ok", "location", f"primary location {shop.primary_location_id} (SHOPIFY_LOCATION_ID unset)"
            )
        )
    raw = settings.connector_facility_locations
    if raw:
        try:
            table = json.loads(raw)
            if not isinstance(table, dict):
                raise ValueError("not an object")
        except ValueError:
            return [*checks, Check("FAIL", "facilities", "CONNECTOR_FACILITY_LOCATIONS is not a JSON object")]
        targets += [(f"facility {name!r}", str(target)) for name, target in table.items()]
    for what, target in targets:
        found = _find(shop, target)
        if found is None:
            checks.append(
                Check("FAIL", "location", f"{what} → {target}: no such location in the store; fix the id")
            )
        elif not found.active:
            checks.append(
                Check("FAIL", "location", f"{what} → {found.name}: location is inactive; activate it")
            )
        else:
            checks.append(Check("ok", "location", f"{what} → {found.name} ({found.id}), active"))
    return checks


async def store_checks(settings: Settings, storefront: StorefrontClient) -> list[Check]:
    """Everything that needs the store; stops after a failed connection."""
    try:
        shop = await storefront.shop_info()
    except AuthenticationError:
        return [
            Check(
                "FAIL", "store", "the store refused the credentials: check SHOPIFY_ACCESS_TOKEN / client id"
            )
        ]
    except StorefrontError as exc:
        return [Check("FAIL", "store", f"not reachable: {exc}; check SHOPIFY_SHOP / SHOPIFY_ADMIN_URL")]
    checks = [
        Check("ok", "store", f"{shop.name} reachable with the credentials ({len(shop.locations)} locations)")
    ]
    transport = getattr(storefront, "transport", None)
    if transport is not None:
        try:
            checks += scope_checks(await granted_scopes(transport))
        except StorefrontError as exc:
            checks.append(Check("FAIL", "access scopes", f"could not read them: {exc}"))
        checks.append(await _protected_data(transport))
    checks += location_checks(settings, shop)
    checks += answered_checks(getattr(transport, "telemetry", None))
    return checks


async def _protected_data(transport: object) -> Check:
    try:
        order = await newest_order(transport)  # type: ignore[arg-type]
    except StorefrontError as exc:
        return Check(
            "FAIL",
            "customer data",
            f"an order's email and address are not readable ({exc}): request protected customer data access "
            "(name, email, address) for the app",
        )
    if order is None:
        return Check(
            "warn", "customer data", "the store has no order yet; could not confirm email and address access"
        )
    if not (order.has_email and order.has_address):
        return Check(
            "warn", "customer data", f"newest order {order.name} has no email or address; could not confirm"
        )
    return Check("ok", "customer data", f"email and address readable (newest order {order.name})")


async def run_doctor(
    settings: Settings,
    storefront_factory: Callable[[Settings], StorefrontClient],
    today: date | None = None,
) -> list[Check]:
    """Every check, in order; the CLI prints them and exits 1 on any FAIL."""
    checks = [database_check(settings)]
    problems = [p for p in settings.problems_for_serve() if not p.startswith("RETAILOPS")]
    checks += [Check("FAIL", "settings", p) for p in problems]
    if settings.retailops_integration_auth_key is None:
        checks.append(
            Check("FAIL", "settings", "RETAILOPS_INTEGRATION_AUTH_KEY is not set: `serve` refuses to start")
        )
    checks.append(version_support(settings.shopify_api_version, today or datetime.now(UTC).date()))
    if problems:
        return checks
    storefront = storefront_factory(settings)
    try:
        checks += await store_checks(settings, storefront)
    finally:
        await storefront.aclose()
    return checks
