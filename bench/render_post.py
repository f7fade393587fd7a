"""Render time and queries of a post page with many threaded comments.

Usage: DJANGO_DEBUG=1 python bench/render_post.py [COMMENTS ...]
Runs in a throwaway test database (SQLite, or PostgreSQL with DATABASE_URL).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

ROUNDS = 30


def build(comments: int):
    from tests.factories import CommentFactory, PostFactory

    post = PostFactory(tags=["OSCE", "Kazakhstan"])
    made = 0
    while made < comments:
        top = CommentFactory(post=post)
        reply = CommentFactory(post=post, parent_id=top.pk)
        CommentFactory(post=post, parent_id=reply.pk)
        made += 3
    return post


def measure(client, url):
    client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times), len(queries.captured_queries)


def main(sizes):
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = "steppe_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        print(f"{'comments':>9} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for size in sizes:
            post = build(size)
            median, worst, queries = measure(client, post.get_absolute_url())
            print(f"{size:>9} {median:>10.1f} {worst:>8.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 200, 1000])
