"""Benchmarks of the connector against the sandbox store (run as scripts; see scripts/bench)."""
