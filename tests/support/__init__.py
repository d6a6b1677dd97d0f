"""Shared test support: paths, builders, databases, the sandbox server and admin client, `serve` processes.

Used by the tests, the cassette recorders and bench/; conftest.py files keep only fixtures.
"""
