"""Persistence: engine, tables and the migrations that create them."""
