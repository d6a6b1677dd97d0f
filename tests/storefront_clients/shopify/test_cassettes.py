"""Every client operation replayed from vcrpy cassettes (record mode "none"), and a secret scan."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
import yaml  # type: ignore[import-untyped]
from vcr.errors import CannotOverwriteExistingCassetteException

from storefront_clients.shopify import documents
from tests.support.cassettes import OrderGuard

from .cassette_support import CASSETTES, FILTERED, playback
from .fakes import FakeClock
from .record_cassettes import playback_client
from .scenarios import SCENARIOS


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"request not in the cassette: {request.method} {request.url}")


async def replay(name: str, path: Path | None = None) -> None:
    """Run client scenario `name` against its cassette (or the one at `path`); fail on any mismatch."""
    path = path or CASSETTES / f"{name}.yaml"
    assert path.exists(), f"missing cassette {path}; run record_cassettes"
    with playback().use_cassette(str(path)) as cassette:
        guard = OrderGuard(cassette)
        clock = FakeClock()
        client = playback_client(
            httpx.MockTransport(_no_network),
            credentials=SCENARIOS[name].credentials,
            clock=clock,
            sleep=clock.sleep,
        )
        try:
            await SCENARIOS[name].run(client)
        finally:
            await client.aclose()
        guard.check()
        assert cassette.all_played, "some recorded requests were not replayed"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_scenario_replays_from_cassette(name: str) -> None:
    await replay(name)


async def test_guard_a_field_removed_from_a_client_document_fails_the_replay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The matcher compares documents: SHOP_INFO without `currencyCode` no longer matches its cassette."""
    assert "currencyCode" in documents.SHOP_INFO
    monkeypatch.setattr(documents, "SHOP_INFO", documents.SHOP_INFO.replace("currencyCode", "", 1))
    with pytest.raises(CannotOverwriteExistingCassetteException):
        await replay("shop_info")


async def test_guard_requests_swapped_in_the_cassette_fail_the_replay(tmp_path: Path) -> None:
    """The order guard: the same requests recorded in another order fail, though each still matches."""
    data = yaml.safe_load((CASSETTES / "edit_and_fulfil.yaml").read_text(encoding="utf-8"))
    interactions = data["interactions"]
    operations = [json.loads(i["request"]["body"] or "{}").get("operationName") for i in interactions]
    first, last = operations.index("OrderEditBegin"), operations.index("OrderEditCommit")
    interactions[first], interactions[last] = interactions[last], interactions[first]
    path = tmp_path / "edit_and_fulfil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AssertionError, match="out of the recorded order"):
        await replay("edit_and_fulfil", path)


async def test_guard_changed_variables_fail_the_replay(tmp_path: Path) -> None:
    """The matcher compares variables: a recorded set_inventory with another quantity does not match."""
    data = yaml.safe_load((CASSETTES / "inventory.yaml").read_text(encoding="utf-8"))
    [request] = [
        i["request"]
        for i in data["interactions"]
        if json.loads(i["request"]["body"] or "{}").get("operationName") == "InventorySetQuantities"
    ]
    body = json.loads(request["body"])
    body["variables"]["input"]["quantities"][0]["quantity"] += 1
    request["body"] = json.dumps(body, sort_keys=True)
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CannotOverwriteExistingCassetteException):
        await replay("inventory", path)


def test_capture_cassettes_answer_with_capture_bodies() -> None:
    text = (CASSETTES / "capture_fulfillment_create.yaml").read_text(encoding="utf-8")
    assert "gid://shopify/Fulfillment/8123962229042" in text
    assert "Fulfillment order does not exist." in text


TOKEN = re.compile(r"shp(?:at|ca|ss|pa|ua)_[0-9A-Za-z]{6,}")
SANDBOX_SECRETS = re.compile(r"sandbox-admin-token|sandbox-client-secret")
# (pattern, group holding the value that must be the filtered marker)
SECRET_VALUES = [
    re.compile(r"(?i)x-shopify-access-token:[ \t]*\n[ \t]*-[ \t]*(\S+)"),
    re.compile(r"(?i)x-shopify-access-token['\"]?:[ \t]*['\"]?([^'\"\s,}]+)"),
    re.compile(r"(?i)client_secret=([^&\s'\"]+)"),
    re.compile(r"(?i)\\?[\"']client_secret\\?[\"']\s*:\s*\\?[\"']([^\"'\\]*)"),
    re.compile(r"(?i)\\?[\"']access_token\\?[\"']\s*:\s*\\?[\"']([^\"'\\]*)"),
]


def find_secrets(text: str) -> list[str]:
    """Every unfiltered secret-looking value in a cassette's text."""
    found = [m.group(0) for m in TOKEN.finditer(text)]
    found += [m.group(0) for m in SANDBOX_SECRETS.finditer(text)]
    for pattern in SECRET_VALUES:
        found += [m.group(0) for m in pattern.finditer(text) if unquote(m.group(1).strip("'\"")) != FILTERED]
    return found


def test_no_cassette_contains_a_secret() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert files
    for path in files:
        assert find_secrets(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize(
    "leak",
    [
        "X-Shopify-Access-Token:\n      - abcdef0123456789",
        "headers: {'X-Shopify-Access-Token': 'abc'}",
        "body: grant_type=client_credentials&client_secret=hunter2",
        '{"access_token": "abc123"}',
        '{\\"client_secret\\": \\"hunter2\\"}',
        "token shpat_0123456789abcdef",
    ],
)
def test_secret_scan_catches_leaks(leak: str) -> None:
    assert find_secrets(leak)


def test_secret_scan_accepts_filtered_values() -> None:
    text = (
        f"x-shopify-access-token:\n      - '{FILTERED}'\nclient_secret={FILTERED}&"
        + '{"access_token": "<filtered>"}'
    )
    assert find_secrets(text) == []
