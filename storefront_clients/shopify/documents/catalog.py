"""Shop, catalog, bulk-export and inventory documents."""

from __future__ import annotations

from typing import Final

# --- shop --------------------------------------------------------------------------------

SHOP_INFO: Final = """
query ShopInfo($first: Int!, $after: String) {
  shop { name currencyCode }
  primary: location { id name isActive }
  locations(first: $first, after: $after, includeInactive: true) {
    nodes { id name isActive }
    pageInfo { hasNextPage endCursor }
  }
}
"""

# --- catalog -----------------------------------------------------------------------------

VARIANT_FIELDS: Final = """
fragment VariantRefFields on ProductVariant {
  id sku
  product { id }
  inventoryItem { id tracked }
}
"""

VARIANTS_BY_SKU: Final = (
    """
query VariantsBySku($first: Int!, $after: String, $query: String!) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes { ...VariantRefFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + VARIANT_FIELDS
)

VARIANTS_PAGE: Final = (
    """
query VariantsPage($first: Int!, $after: String) {
  productVariants(first: $first, after: $after, sortKey: ID) {
    nodes { ...VariantRefFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + VARIANT_FIELDS
)

# The query a bulk operation runs (sent as a string argument, not executed directly).
BULK_VARIANTS_QUERY: Final = """
{
  productVariants {
    edges {
      node {
        id sku
        product { id }
        inventoryItem { id tracked }
      }
    }
  }
}
"""

BULK_OPERATION_FIELDS: Final = """
fragment BulkOperationFields on BulkOperation {
  id status errorCode objectCount url partialDataUrl
}
"""

BULK_RUN_QUERY: Final = (
    """
mutation BulkRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation { ...BulkOperationFields }
    userErrors { code field message }
  }
}
"""
    + BULK_OPERATION_FIELDS
)

# After a lost answer to bulkOperationRunQuery: the app's newest query operations, with their
# query text, tell whether Shopify created the one we asked for (at most five run at once).
RECENT_BULK_OPERATIONS: Final = (
    """
query RecentBulkOperations {
  bulkOperations(first: 5, query: "operation_type:query") {
    nodes { ...BulkOperationFields query }
  }
}
"""
    + BULK_OPERATION_FIELDS
)

BULK_OPERATION: Final = (
    """
query BulkOperationPoll($id: ID!) {
  node(id: $id) { ...BulkOperationFields }
}
"""
    + BULK_OPERATION_FIELDS
)

PRODUCT_SET: Final = (
    """
mutation ProductSet(
  $input: ProductSetInput!
  $identifier: ProductSetIdentifiers
  $variantsFirst: Int!
) {
  productSet(input: $input, identifier: $identifier, synchronous: true) {
    product {
      id handle
      variants(first: $variantsFirst) { nodes { ...VariantRefFields } }
    }
    productSetOperation { id status userErrors { code field message } }
    userErrors { code field message }
  }
}
"""
    + VARIANT_FIELDS
)

# --- inventory ---------------------------------------------------------------------------

INVENTORY_SET_QUANTITIES: Final = """
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"""

INVENTORY_LEVELS: Final = """
query InventoryLevels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) {
        quantities(names: ["available"]) { name quantity }
      }
    }
  }
}
"""
