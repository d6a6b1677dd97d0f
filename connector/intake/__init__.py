"""Order intake: the local order mirror, its readiness gate and the order_sync job's policy."""
