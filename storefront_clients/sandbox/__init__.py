"""Local Shopify-compatible Admin GraphQL store for the demo, cassettes, e2e tests and benchmarks.

Documents are parsed, validated and executed with graphql-core against Shopify's official schema
(`POST /admin/api/{2026-07|2026-10}/graphql.json`, header `X-Shopify-Access-Token`), over an
in-memory `Store`; every answer carries `extensions.cost` and goes through a leaky bucket.

In-process::

    app = create_app(seed(Store()), SandboxConfig())
    httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")

Real socket (CLI, cassettes, socket-level faults)::

    handle = start_server(9911, seed(Store()))   # handle.base_url, handle.graphql_url(), handle.stop()

Other routes: `POST /admin/oauth/access_token` (client-credentials grant), bulk results at the URL
a BulkOperation reports, and the loopback-only admin API: `POST /_sandbox/reset {seed?, products?,
…}`, `POST /_sandbox/seed`, `POST /_sandbox/orders {compact order, see order_builder}`,
`GET /_sandbox/state/{orders?name=|inventory?sku=|products?handle=}`, `GET|DELETE /_sandbox/calls`,
`GET|POST /_sandbox/config {bucket_size, restore_rate, time_scale, max_query_cost, fill}`,
`GET|POST|DELETE /_sandbox/faults {rules: [{kind: http_5xx|http_429|throttled|slow|reset|
applied_then_500, match: operation name or root field, count, probability, skip, status,
retry_after, delay_seconds}], seed}`.
"""

from .app import create_app
from .config import SandboxConfig
from .seed import seed
from .server import ServerHandle, start_server
from .store import Store

__all__ = ["SandboxConfig", "ServerHandle", "Store", "create_app", "seed", "start_server"]
