"""ShopifyConfig: the client's own configuration, built by the connector from its settings."""

from __future__ import annotations

from pydantic import SecretStr

from connector.app import shopify_config
from connector.settings import Settings
from storefront_clients.shopify.client import ShopifyClient
from storefront_clients.shopify.config import ShopifyConfig


def test_connector_settings_map_onto_the_client_config() -> None:
    settings = Settings(
        _env_file=None,
        shopify_shop="example.myshopify.com",
        shopify_access_token=SecretStr("shpat_secretsecret"),
        shopify_api_version="2026-10",
        shopify_location_id="42",
        shopify_timeout_seconds=7,
    )
    config = shopify_config(settings)
    assert config == ShopifyConfig(
        shop="example.myshopify.com",
        api_version="2026-10",
        access_token="shpat_secretsecret",
        timeout_seconds=7.0,
        location_id="42",
    )
    assert config.endpoint == settings.shopify_endpoint
    assert "shpat_secretsecret" not in repr(config)


async def test_the_client_is_built_from_its_config() -> None:
    config = ShopifyConfig(admin_url="http://127.0.0.1:9/", access_token="shpat_x", location_id="42")
    client = ShopifyClient.from_config(config)
    try:
        assert client.location_id == "gid://shopify/Location/42"
        assert client.transport._endpoint == "http://127.0.0.1:9/admin/api/2026-07/graphql.json"
    finally:
        await client.aclose()
