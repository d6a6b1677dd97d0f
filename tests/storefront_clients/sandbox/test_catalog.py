"""Catalog reads and productSet against the sandbox's official-schema executor."""

from __future__ import annotations

from tests.support.gql import Gql

VARIANTS = """query($q: String!, $after: String) {
  productVariants(first: 2, query: $q, after: $after) {
    nodes { id sku price inventoryItem { id } product { handle } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def test_shop_and_locations(gql: Gql) -> None:
    data = await gql.data(
        "{ shop { name currencyCode } location { id isPrimary name }"
        " locations(first: 5) { nodes { id name isPrimary } } }"
    )
    assert data["shop"]["currencyCode"] == "USD"
    names = {n["name"]: n["isPrimary"] for n in data["locations"]["nodes"]}
    assert names == {"Main Warehouse": True, "Downtown Store": False, "Sandbox 3PL": False}
    assert data["location"]["name"] == "Main Warehouse"


async def test_sku_search_exact_or_and_prefix(gql: Gql) -> None:
    exact = await gql.data(VARIANTS, {"q": "sku:SBX-00001-S"})
    assert [n["sku"] for n in exact["productVariants"]["nodes"]] == ["SBX-00001-S"]
    lower = await gql.data(VARIANTS, {"q": "sku:sbx-00001-s"})
    assert [n["sku"] for n in lower["productVariants"]["nodes"]] == ["SBX-00001-S"]
    either = await gql.data(VARIANTS, {"q": "sku:SBX-00001-S OR sku:SBX-00002-M"})
    assert sorted(n["sku"] for n in either["productVariants"]["nodes"]) == ["SBX-00001-S", "SBX-00002-M"]
    none = await gql.data(VARIANTS, {"q": "sku:SBX-00001"})
    assert none["productVariants"]["nodes"] == []
    prefix = await gql.data(VARIANTS, {"q": "sku:SBX-00001*"})
    page = prefix["productVariants"]
    assert len(page["nodes"]) == 2
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(VARIANTS, {"q": "sku:SBX-00001*", "after": page["pageInfo"]["endCursor"]})
    skus = [n["sku"] for n in page["nodes"] + rest["productVariants"]["nodes"]]
    assert skus == ["SBX-00001-S", "SBX-00001-M", "SBX-00001-L", "SBX-00001-XL"]
    assert rest["productVariants"]["pageInfo"]["hasNextPage"] is False


async def test_products_pagination_nodes_and_edges(gql: Gql) -> None:
    query = """query($after: String) { products(first: 5, after: $after) {
        edges { cursor node { id handle } } nodes { id } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}))["products"]
        assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
        assert page["edges"][-1]["cursor"] == page["pageInfo"]["endCursor"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 13  # 12 seeded products + the gift card


async def test_invalid_document_is_200_with_errors_and_no_data(gql: Gql) -> None:
    body = await gql("{ shop { nope } }")
    assert "data" not in body
    assert body["errors"][0]["message"] == "Field 'nope' doesn't exist on type 'Shop'"
    assert body["errors"][0]["extensions"]["code"] == "undefinedField"


async def test_unknown_version_is_404(gql: Gql) -> None:
    response = await gql.raw("{ shop { name } }", version="2024-01")
    assert response.status_code == 404


async def test_next_version_is_served(gql: Gql) -> None:
    response = await gql.raw("{ shop { name } }", version="2026-10")
    assert response.status_code == 200
    assert response.json()["data"]["shop"]["name"]


async def test_inventory_item_level_quantities(gql: Gql) -> None:
    found = await gql.data(VARIANTS, {"q": "sku:SBX-00003-L"})
    item_id = found["productVariants"]["nodes"][0]["inventoryItem"]["id"]
    loc = (await gql.data("{ location { id } }"))["location"]["id"]
    data = await gql.data(
        """query($id: ID!, $loc: ID!) { inventoryItem(id: $id) { sku tracked
            inventoryLevel(locationId: $loc) { quantities(names: ["available", "on_hand",
                "committed"]) { name quantity } } } }""",
        {"id": item_id, "loc": loc},
    )
    quantities = {q["name"]: q["quantity"] for q in data["inventoryItem"]["inventoryLevel"]["quantities"]}
    assert quantities["on_hand"] == quantities["available"] + quantities["committed"]
    assert data["inventoryItem"]["sku"] == "SBX-00003-L"


async def test_nodes_resolves_mixed_types_and_unknown_ids(gql: Gql) -> None:
    found = await gql.data(VARIANTS, {"q": "sku:SBX-00001-S"})
    variant = found["productVariants"]["nodes"][0]
    data = await gql.data(
        """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on ProductVariant { sku } } }""",
        {"ids": [variant["id"], variant["inventoryItem"]["id"], "gid://shopify/Product/1"]},
    )
    assert [n and n["__typename"] for n in data["nodes"]] == ["ProductVariant", "InventoryItem", None]


PRODUCT_SET = """mutation($input: ProductSetInput!, $id: ProductSetIdentifiers) {
  productSet(input: $input, synchronous: true, identifier: $id) {
    product { id handle title tags options { name values } variants(first: 10) { nodes { id sku
        price title } } }
    userErrors { field message code }
  }
}"""


def _input(skus: list[str], title: str = "Sandbox Hoodie") -> dict[str, object]:
    return {
        "title": title,
        "tags": ["new"],
        "productOptions": [{"name": "Size", "values": [{"name": s} for s in skus]}],
        "variants": [
            {"sku": s, "price": "40.00", "optionValues": [{"optionName": "Size", "name": s}]} for s in skus
        ],
    }


async def test_product_set_creates_then_replaces_variants_wholesale(gql: Gql) -> None:
    ident = {"handle": "sandbox-hoodie"}
    created = (await gql.data(PRODUCT_SET, {"input": _input(["H-S", "H-M"]), "id": ident}))["productSet"]
    assert created["userErrors"] == []
    product = created["product"]
    assert product["handle"] == "sandbox-hoodie"
    ids = {v["sku"]: v["id"] for v in product["variants"]["nodes"]}
    replaced = (await gql.data(PRODUCT_SET, {"input": _input(["H-M", "H-L"]), "id": ident}))["productSet"]
    assert replaced["product"]["id"] == product["id"]
    after = {v["sku"]: v["id"] for v in replaced["product"]["variants"]["nodes"]}
    assert set(after) == {"H-M", "H-L"}
    assert after["H-M"] == ids["H-M"]  # matched by option value: same variant kept
    gone = await gql.data(VARIANTS, {"q": "sku:H-S"})
    assert gone["productVariants"]["nodes"] == []


async def test_product_set_user_errors(gql: Gql) -> None:
    dup = _input(["A", "A"])
    data = (await gql.data(PRODUCT_SET, {"input": dup, "id": None}))["productSet"]
    assert data["product"] is None
    assert data["userErrors"][0]["field"] == ["input", "variants", "1"]
    assert (
        data["userErrors"][0]["message"]
        == "The variant 'A' already exists. Please change at least one option value."
    )
    both = {**_input(["B"]), "id": "gid://shopify/Product/1"}
    data = (await gql.data(PRODUCT_SET, {"input": both, "id": {"handle": "x"}}))["productSet"]
    assert data["userErrors"] == [
        {
            "field": ["input"],
            "message": "The id field is not allowed if identifier is provided.",
            "code": "ID_NOT_ALLOWED",
        }
    ]
    long_title = _input(["C"], title="x" * 256)
    data = (await gql.data(PRODUCT_SET, {"input": long_title, "id": None}))["productSet"]
    assert data["userErrors"][0]["message"] == "is too long (maximum is 255 characters)"


async def test_product_set_too_many_variants_is_a_top_level_error(gql: Gql) -> None:
    body = await gql(PRODUCT_SET, {"input": _input([f"V{i}" for i in range(2049)]), "id": None})
    assert body["errors"][0]["extensions"]["code"] == "MAX_INPUT_SIZE_EXCEEDED"
    assert (
        body["errors"][0]["message"]
        == "The input array size of 2049 is greater than the maximum allowed of 2048."
    )
