"""Shared set-up for the benchmarks: Django, and a throwaway database."""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # the benchmark server sets its own

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


@contextmanager
def throwaway_database():
    """A fresh, migrated database (SQLite, or PostgreSQL with DATABASE_URL)."""
    setup_test_environment()
    # Named after the configured database: benchmarks sharing a server don't collide.
    name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"{name}_scratch"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def time_get(client, url, rounds=30, **params):
    """Median and worst milliseconds of GET url, and the queries it runs."""
    client.get(url, params)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries.captured_queries)
