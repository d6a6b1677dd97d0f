"""Scheduled jobs (APScheduler 3.x) started in the app's lifespan."""
