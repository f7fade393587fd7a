"""Django's PostgreSQL backend, failing fast once the database is known down.

With the database down, Django's pool makes every request wait its `timeout` for a
connection; sync workers then spend their time waiting and cached pages queue behind
them. Here the first failure to connect marks the database down: from then on a
request that needs it fails at once (DatabaseOutageMiddleware answers 503), and at
most once every PROBE_SECONDS one request tries a plain connection, cheap when the
server refuses it. A process's very first connection is such a try too, so workers
started during an outage do not wait the pool out. When a try connects, a fresh
pool is opened: the old one would wait out its growing back-off (minutes, after a
long outage) before trying again.
"""

import logging
import threading
import time

import psycopg
from django.db.backends.postgresql import base

logger = logging.getLogger("steppe")

PROBE_SECONDS = 1.0


class Outage:
    """Whether the database is known down, and when to try it again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.down = False
        self.ever_up = False  # a process started during an outage asks at once
        self._next_probe = 0.0

    def begin(self, error: Exception) -> None:
        with self._lock:
            if not self.down:
                logger.error("database unavailable: %s", error.__class__.__name__)
            self.down = True
            self._next_probe = time.monotonic() + PROBE_SECONDS

    def end(self) -> None:
        with self._lock:
            if self.down:
                logger.warning("database available again")
            self.down = False
            self.ever_up = True

    def may_probe(self) -> bool:
        """True for one caller per PROBE_SECONDS while the database is down."""
        with self._lock:
            if time.monotonic() < self._next_probe:
                return False
            self._next_probe = time.monotonic() + PROBE_SECONDS
            return True


outage = Outage()


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if outage.down and not outage.may_probe():
            raise psycopg.OperationalError("the database is known to be down")
        if self.pool and (outage.down or not outage.ever_up):
            try:
                psycopg.connect(**conn_params).close()
            except psycopg.Error as error:
                outage.begin(error)
                raise
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:  # PoolTimeout is one
            outage.begin(error)
            if self.pool:
                self._drop_pool()
            raise
        outage.end()
        return connection

    def _drop_pool(self) -> None:
        pool = self._connection_pools.pop(self.alias, None)
        if pool is not None:
            # Connections in use go when returned; the pool's retry threads now.
            pool.close(timeout=0.1)
