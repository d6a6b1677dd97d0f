"""Durable write intents: typed payloads, the registry of kinds and their performers, the engine."""
