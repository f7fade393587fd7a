"""Redis as the cache, behind a circuit breaker, with a stand-in while it is out.

django-redis does most of it: IGNORE_EXCEPTIONS turns a failed call into a miss, and
its socket timeouts bound each call. But a page makes about fifty cache calls, so a
Redis that accepts connections and never answers would still cost fifty timeouts.
No maintained breaker plugs into redis-py's connections, hence this small one: after
two failures in a row every call fails at once for BREAK_SECONDS, then calls may try
again (and one more failure starts another break).
Meanwhile each process caches in its own memory for at most FALLBACK_SECONDS, so
pages stay as fast as cached ones and a change made in another process (which
cannot reach this one) shows here within that time.
"""

import logging
import random
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from redis.connection import Connection, ConnectionPool, SSLConnection, parse_url
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger("steppe")

BREAK_SECONDS = 5.0
FAILURES = 2  # in a row: one slow reply on a busy machine is not an outage
FALLBACK_SECONDS = 10
_open_until: dict[tuple, float] = {}  # (host, port) -> monotonic time it closes
_failures: dict[tuple, int] = {}  # (host, port) -> failures since the last success
_lock = threading.Lock()


def is_open(address: tuple) -> bool:
    """True while calls to Redis at this address are refused without trying."""
    return _open_until.get(address, 0.0) > time.monotonic()


def failed(address: tuple, error: Exception) -> None:
    """Redis failed: after FAILURES in a row, or the first try after a break,
    refuse calls to it for BREAK_SECONDS."""
    with _lock:
        _failures[address] = _failures.get(address, 0) + 1
        if _failures[address] < FAILURES and address not in _open_until:
            return
        was_open = is_open(address)
        _open_until[address] = time.monotonic() + BREAK_SECONDS
    if not was_open:
        logger.warning(
            "cache unavailable (%s); not asking it for %g s",
            error.__class__.__name__,
            BREAK_SECONDS,
        )


def succeeded(address: tuple) -> None:
    """Redis answered: failures start counting from nothing again."""
    if _failures.get(address):  # read without the lock: the common case is 0
        with _lock:
            _failures[address] = 0
            _open_until.pop(address, None)


def reset() -> None:
    """Forget every failure (tests start each case with Redis trusted again)."""
    with _lock:
        _open_until.clear()
        _failures.clear()


class BreakerMixin:
    def _address(self) -> tuple:
        return (self.host, self.port)

    def _refuse_while_open(self) -> None:
        if is_open(self._address()):
            raise ConnectionError("cache circuit open after a recent failure")

    def connect_check_health(self, *args, **kwargs):
        self._refuse_while_open()
        try:
            return super().connect_check_health(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            failed(self._address(), error)
            raise

    def send_packed_command(self, *args, **kwargs):
        self._refuse_while_open()
        try:
            return super().send_packed_command(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            failed(self._address(), error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            failed(self._address(), error)
            raise
        succeeded(self._address())
        return response


class BreakerConnection(BreakerMixin, Connection):
    pass


class BreakerSSLConnection(BreakerMixin, SSLConnection):
    pass


class BreakerConnectionPool(ConnectionPool):
    """django-redis's CONNECTION_POOL_CLASS: redis:// and rediss:// with the breaker."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class is SSLConnection:
            connection_class = BreakerSSLConnection
        elif connection_class is Connection:
            connection_class = BreakerConnection
        super().__init__(connection_class=connection_class, **kwargs)


class ShortMemoryCache(LocMemCache):
    """This process's memory, nothing kept longer than FALLBACK_SECONDS."""

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        if timeout is DEFAULT_TIMEOUT or timeout is None or timeout > FALLBACK_SECONDS:
            timeout = FALLBACK_SECONDS
        return super().get_backend_timeout(timeout)


class RedisCacheWithFallback(RedisCache):
    """django-redis, answered from ShortMemoryCache while the breaker is open."""

    def __init__(self, server, params):
        super().__init__(server, params)
        first = server[0] if isinstance(server, list | tuple) else server
        first = first.split(",")[0]
        url = parse_url(first)
        self._address = (url.get("host", "localhost"), url.get("port", 6379))
        self._memory = ShortMemoryCache(f"steppe-fallback-{id(self)}", {})

    def degraded(self) -> bool:
        """True while Redis is left alone and this process's memory stands in."""
        return is_open(self._address)

    def _either(name):  # noqa: N805  a method factory, used below
        def call(self, *args, **kwargs):
            if self.degraded():
                return getattr(self._memory, name)(*args, **kwargs)
            return getattr(RedisCache, name)(self, *args, **kwargs)

        call.__name__ = name
        return call

    get = _either("get")
    get_many = _either("get_many")
    set = _either("set")
    set_many = _either("set_many")
    add = _either("add")
    delete = _either("delete")
    delete_many = _either("delete_many")
    touch = _either("touch")
    has_key = _either("has_key")
    incr = _either("incr")
    del _either


class SharedFileCache(FileBasedCache):
    """Django's file cache, for the workers of one machine when there is no Redis.

    Django counts the folder's files on every write to keep MAX_ENTRIES, some 20 ms
    with 3,000 entries; counting on one write in CULL_EVERY keeps the bound
    (give or take that many) at a fraction of the cost.
    """

    CULL_EVERY = 50

    def _cull(self):
        if random.randrange(self.CULL_EVERY) == 0:  # noqa: S311  not for secrets
            super()._cull()


def redis_cache(url: str, timeout: float) -> dict:
    """The CACHES entry for Redis at `url`, each call bounded by `timeout` seconds."""
    return {
        "BACKEND": "config.cache.RedisCacheWithFallback",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CONNECTION_POOL_CLASS": "config.cache.BreakerConnectionPool",
        },
    }
