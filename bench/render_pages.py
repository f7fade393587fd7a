"""Render time of reader pages with every cache off, in-process, on the current DB.

Usage: STEPPE_PAGE_CACHE=0 STEPPE_FRAGMENT_CACHE=0 python bench/render_pages.py URL...
(fill the database first: bench/generate.py). Prints median ms, SQL ms, queries.
"""

import statistics
import sys
import time

import common  # noqa: F401  sets Django up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure(client, url, rounds):
    assert client.get(url).status_code == 200, url
    times, sql = [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return statistics.median(times), statistics.median(sql), len(queries)


def main(urls, rounds=20):
    client = Client(HTTP_HOST="localhost")
    print(f"{'page':<40}{'median ms':>10}{'SQL ms':>8}{'queries':>8}")
    for url in urls:
        median, sql, count = measure(client, url, rounds)
        print(f"{url:<40}{median:>10.1f}{sql:>8.1f}{count:>8}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/"])
