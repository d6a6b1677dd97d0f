"""The operator console at /console: server-rendered pages over the connector's state (no JavaScript)."""
