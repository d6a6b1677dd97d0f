"""Tests of the write-intent engine, registry and payloads."""
