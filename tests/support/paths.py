"""Where the suite finds the repository, ../shared (captures, RetailOps examples) and the cassettes."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# CI clones the repo beside a copy of shared/; a developer's tree has the same layout.
SHARED = REPO.parent / "shared"
CAPTURES = SHARED / "shopify" / "captures"
SHARED_EXAMPLES = SHARED / "retailops-sdk" / "examples"
# A copy of the official examples (MIT) so the suite also runs where ../shared is absent.
VENDORED_EXAMPLES = REPO / "tests" / "data" / "retailops_examples"
RETAILOPS_EXAMPLES = SHARED_EXAMPLES if SHARED_EXAMPLES.is_dir() else VENDORED_EXAMPLES
CASSETTES = REPO / "tests" / "cassettes"
