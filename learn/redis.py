"""The shared Redis (or Valkey) server of a scale-out setup.

``LEERPAD_REDIS_URL`` names it when an academy runs several app servers; then sessions, rate
limits, caches and jobs that every server must see live there. Without it Leerpad runs on one
machine and keeps that state in its database: ``redis_client()`` answers None.
"""

from flask import current_app


def redis_client():
    """One client (with its connection pool) per app, or None when no Redis is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("leerpad_redis")
    if client is None:
        import redis

        client = current_app.extensions["leerpad_redis"] = redis.Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30
        )
    return client
