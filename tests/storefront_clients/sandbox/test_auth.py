"""Access-token checks and the client-credentials grant."""

from __future__ import annotations

import re

import httpx

from storefront_clients.sandbox import SandboxConfig, Store, create_app
from tests.support.gql import Gql


async def test_wrong_token_is_401_with_shopify_body(gql: Gql) -> None:
    response = await gql.raw("{ shop { name } }", token="nope")
    assert response.status_code == 401
    assert response.json() == {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
    }


def test_default_token_does_not_look_like_a_real_one() -> None:
    assert not re.search(r"shpat_[0-9a-f]{6,}", SandboxConfig().access_token)


async def test_client_credentials_grant_form_and_json(client: httpx.AsyncClient, gql: Gql) -> None:
    form = {
        "client_id": "sandbox-client-id",
        "client_secret": "sandbox-client-secret",
        "grant_type": "client_credentials",
    }
    granted = (await client.post("/admin/oauth/access_token", data=form)).json()
    assert granted["expires_in"] == 86_399
    assert "write_inventory" in granted["scope"]
    assert (await gql.raw("{ shop { name } }", token=granted["access_token"])).status_code == 200
    as_json = await client.post("/admin/oauth/access_token", json=form)
    assert as_json.status_code == 200
    assert as_json.json()["access_token"] != granted["access_token"]
    bad = await client.post("/admin/oauth/access_token", data={**form, "client_secret": "wrong"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_client"


async def test_expired_token_is_rejected(store: Store) -> None:
    app = create_app(store, SandboxConfig(token_lifetime_seconds=0))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", timeout=5
    ) as client:
        form = {
            "client_id": "sandbox-client-id",
            "client_secret": "sandbox-client-secret",
            "grant_type": "client_credentials",
        }
        token = (await client.post("/admin/oauth/access_token", data=form)).json()["access_token"]
        assert (await Gql(client).raw("{ shop { name } }", token=token)).status_code == 401
