"""`doctor` against the sandbox store: it passes, and each broken setting gives one clear FAIL line."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr

from connector import cli
from connector.app import default_storefront
from connector.ops.doctor import Check, run_doctor, version_support
from connector.settings import Settings
from storefront_clients.sandbox.server import ServerHandle

TODAY = date(2026, 12, 1)


def doctor(settings: Settings) -> list[Check]:
    return asyncio.run(run_doctor(settings, default_storefront, today=TODAY))


def failures(checks: list[Check]) -> list[str]:
    return [c.line() for c in checks if c.level == "FAIL"]


def test_the_sandbox_passes(e2e_settings: Settings) -> None:
    checks = doctor(e2e_settings)
    assert failures(checks) == []
    lines = "\n".join(c.line() for c in checks)
    assert "ok   database:" in lines
    assert "ok   access scopes: all 5 required scopes granted" in lines
    assert "ok   customer data: email and address readable" in lines
    assert "ok   API version: the store answers in the pinned 2026-07" in lines
    assert "ok   clock:" in lines
    assert "ok   location: primary location gid://shopify/Location/" in lines


def test_a_missing_scope_fails_naming_it(e2e_settings: Settings, sandbox: ServerHandle) -> None:
    config = sandbox.runtime.config
    config.granted_scopes = config.granted_scopes.replace(",write_order_edits", "")
    assert failures(doctor(e2e_settings)) == [
        "FAIL access scopes: missing write_order_edits: add them to the app's scopes and reinstall it"
    ]


def test_unknown_and_inactive_locations_fail(e2e_settings: Settings, sandbox: ServerHandle) -> None:
    store = sandbox.runtime.store
    inactive = next(loc for loc in store.locations.values() if not loc.is_primary)
    inactive.is_active = False
    settings = e2e_settings.model_copy(
        update={
            "shopify_location_id": "999999",
            "connector_facility_locations": f'{{"WH1": "{inactive.id}", "WH2": "gid://shopify/Location/424242"}}',
        }
    )
    assert failures(doctor(settings)) == [
        "FAIL location: SHOPIFY_LOCATION_ID → 999999: no such location in the store; fix the id",
        f"FAIL location: facility 'WH1' → {inactive.name}: location is inactive; activate it",
        "FAIL location: facility 'WH2' → gid://shopify/Location/424242: "
        "no such location in the store; fix the id",
    ]


def test_an_unmigrated_database_fails(e2e_settings: Settings, tmp_path: Path) -> None:
    settings = e2e_settings.model_copy(update={"connector_database_url": f"sqlite:///{tmp_path / 'new.db'}"})
    found = failures(doctor(settings))
    assert len(found) == 1
    assert found[0].startswith("FAIL database: sqlite:///")
    assert found[0].endswith("is not at the newest revision: run `retailops-connector migrate`")


def test_wrong_credentials_fail(e2e_settings: Settings) -> None:
    settings = e2e_settings.model_copy(update={"shopify_access_token": SecretStr("wrong-token")})
    assert failures(doctor(settings)) == [
        "FAIL store: the store refused the credentials: check SHOPIFY_ACCESS_TOKEN / client id"
    ]


def test_a_retired_version_is_a_warning(e2e_settings: Settings, sandbox: ServerHandle) -> None:
    sandbox.runtime.config.retired_versions = ("2026-04",)
    settings = e2e_settings.model_copy(update={"shopify_api_version": "2026-04"})
    checks = doctor(settings)
    assert failures(checks) == []
    assert (
        Check(
            "warn",
            "API version",
            "the store answers in 2026-07, not the pinned 2026-04: the pinned version is retired; "
            "set SHOPIFY_API_VERSION to a supported one",
        )
        in checks
    )


@pytest.mark.parametrize(("pinned", "level"), [("2026-07", "ok"), ("2026-01", "warn"), ("2025-10", "FAIL")])
def test_version_support_window(pinned: str, level: str) -> None:
    assert version_support(pinned, TODAY).level == level


def test_cli_exit_code(
    e2e_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {
        "CONNECTOR_DATABASE_URL": e2e_settings.connector_database_url,
        "RETAILOPS_INTEGRATION_AUTH_KEY": "doctor-test-key-0123456789",
        "SHOPIFY_SHOP": "sandbox-store.myshopify.com",
        "SHOPIFY_ADMIN_URL": e2e_settings.shopify_admin_url or "",
        "SHOPIFY_ACCESS_TOKEN": "sandbox-admin-token",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(Path(__file__).parent)  # no .env file here
    assert cli.main(["doctor"]) == 0
    assert "0 failed" in capsys.readouterr().out
    monkeypatch.setenv("SHOPIFY_LOCATION_ID", "999999")
    assert cli.main(["doctor"]) == 1
    assert "FAIL location: SHOPIFY_LOCATION_ID → 999999" in capsys.readouterr().out
