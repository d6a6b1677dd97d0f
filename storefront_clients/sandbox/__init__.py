"""Local Shopify-compatible Admin GraphQL store for the demo, cassettes, e2e tests and benchmarks."""

from .app import create_app
from .config import SandboxConfig
from .seed import seed
from .server import ServerHandle, start_server
from .store import Store

__all__ = ["SandboxConfig", "ServerHandle", "Store", "create_app", "seed", "start_server"]
