"""Operator surfaces shared by the console, `status` and `doctor`: overview, checks, telemetry."""
