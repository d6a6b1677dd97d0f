"""Settings: contract variable names, validation messages, serve's refusal rules."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from connector.settings import TEST_KEY, Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_contract_variable_names_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECTOR_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("RETAILOPS_INTEGRATION_AUTH_KEY", "k" * 20)
    monkeypatch.setenv("RETAILOPS_ALLOW_TEST_KEY", "true")
    monkeypatch.setenv("SHOPIFY_SHOP", "https://example.myshopify.com/")
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "tok")
    monkeypatch.setenv("SHOPIFY_API_VERSION", "2026-10")
    monkeypatch.setenv("SHOPIFY_LOCATION_ID", "123")
    monkeypatch.setenv("SHOPIFY_ADMIN_URL", "http://127.0.0.1:9911")
    monkeypatch.setenv("CONNECTOR_BASE_PATH", "retailops/")
    s = Settings(_env_file=None)
    assert s.connector_database_url == "postgresql+psycopg://u@h/db"
    assert s.shopify_shop == "example.myshopify.com"
    assert s.shopify_endpoint == "http://127.0.0.1:9911/admin/api/2026-10/graphql.json"
    assert s.connector_base_path == "/retailops"
    assert s.accepted_keys() == ["k" * 20, TEST_KEY]


def test_dotenv_file_is_read(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"  # type: ignore[operator]
    env.write_text("SHOPIFY_SHOP=dotenv.myshopify.com\n")
    monkeypatch.delenv("SHOPIFY_SHOP", raising=False)
    assert Settings(_env_file=str(env)).shopify_shop == "dotenv.myshopify.com"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("connector_database_url", "mysql://x", "sqlite:/// or postgresql://"),
        ("shopify_api_version", "latest", "2026-07"),
        ("shopify_shop", "example.com/admin", "shop domain"),
        ("connector_max_body_bytes", 10, "greater than or equal"),
    ],
)
def test_invalid_values_name_the_problem(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        make(**{field: value})
    assert fragment in str(info.value)


def test_client_credentials_come_in_pairs() -> None:
    with pytest.raises(ValidationError, match="together"):
        make(shopify_client_id="id")


def test_serve_refuses_without_key_shop_or_credentials() -> None:
    problems = make().problems_for_serve()
    assert any("RETAILOPS_INTEGRATION_AUTH_KEY is required" in p for p in problems)
    assert any("SHOPIFY_SHOP" in p for p in problems)
    assert any("SHOPIFY_ACCESS_TOKEN" in p for p in problems)


def test_serve_refuses_the_test_key_as_the_real_key() -> None:
    problems = make(
        retailops_integration_auth_key=TEST_KEY, shopify_shop="a.myshopify.com", shopify_access_token="t"
    ).problems_for_serve()
    assert problems == [
        "RETAILOPS_INTEGRATION_AUTH_KEY must not be the test key; "
        "set RETAILOPS_ALLOW_TEST_KEY=true for verifier runs instead"
    ]


def test_complete_settings_have_no_problems_and_test_key_is_off_by_default() -> None:
    s = make(
        retailops_integration_auth_key="x" * 32, shopify_shop="a.myshopify.com", shopify_access_token="t"
    )
    assert s.problems_for_serve() == []
    assert TEST_KEY not in s.accepted_keys()


def test_secrets_are_not_in_repr() -> None:
    s = make(retailops_integration_auth_key="very-secret-key-123", shopify_access_token="shpat_abcdef123456")
    assert "very-secret-key-123" not in repr(s)
    assert "shpat_abcdef123456" not in repr(s)
    assert set(s.secrets()) == {"very-secret-key-123", "shpat_abcdef123456"}
