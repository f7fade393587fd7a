"""Render time of reader pages, in-process, on the current DB (nothing is cached:
the application keeps no pages; the edge does).

Usage: python bench/render_pages.py URL...
(fill the database first: bench/generate.py). Prints the median wall time, the
median CPU time of this process (what a loaded machine changes least), the SQL time
as the database reports it, and the queries.
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
    times, cpu, sql = [], [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            times.append((time.perf_counter() - start) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    median = statistics.median
    return median(times), median(cpu), median(sql), len(queries)


def main(urls, rounds=30):
    client = Client(HTTP_HOST="localhost")
    print(f"{'page':<32}{'wall ms':>9}{'CPU ms':>8}{'SQL ms':>8}{'queries':>8}")
    for url in urls:
        wall, cpu, sql, count = measure(client, url, rounds)
        print(f"{url:<32}{wall:>9.1f}{cpu:>8.1f}{sql:>8.1f}{count:>8}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/"])
