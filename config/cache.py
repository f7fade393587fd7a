"""A Redis cache that degrades to "no cache" when Redis is down.

The blog must keep working uncached through a Redis outage; Django's RedisCache
raises instead, which would turn every cached page into a 500.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("steppe")


class ReusedClientCache(RedisCacheClient):
    """Django makes a new redis.Redis for every call, and each copies some 170
    response callbacks: a millisecond on a cached page. One per pool will do (the
    pool, not the client, holds the connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def _forgive(name, fallback=None):  # noqa: N805  a decorator factory, used below
        def call(self, *args, **kwargs):
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable: %s", error.__class__.__name__)
                return fallback

        return call

    _get = _forgive("get", RedisError)
    get_many = _forgive("get_many", {})
    set = _forgive("set", None)
    set_many = _forgive("set_many", [])
    add = _forgive("add", False)
    delete = _forgive("delete", False)
    delete_many = _forgive("delete_many", None)
    touch = _forgive("touch", False)
    has_key = _forgive("has_key", False)
    incr = _forgive("incr", None)
    clear = _forgive("clear", False)
    del _forgive

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCache

    def get(self, key, default=None, version=None):
        value = self._get(key, default, version)
        return default if value is RedisError else value

    def healthy(self) -> bool:
        """True when Redis answers; the health check asks this."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False
