"""The HTTP boundary: body reading, auth, error mapping and routes."""
