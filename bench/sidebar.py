"""CPU time and queries of the sidebar: 200 tags, ten years of months, series.

Usage: python bench/sidebar.py [ROUNDS]   (DATABASE_URL for PostgreSQL)
Builds a throwaway blog (bulk inserts), then prints the median CPU time of this
process for building the sidebar's context, for rendering its template, and the
queries with the time the database reports for them.
"""

import random
import statistics
import sys
import time

from common import throwaway_database
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def build(years=10, per_month=4, tags=200, series=6):
    from django.contrib.auth import get_user_model
    from taggit.models import Tag

    from blog.models import Post, Series, TaggedPost, derived_text

    rng = random.Random(7)
    author = get_user_model().objects.create(username="sidebar-bench")
    runs = Series.objects.bulk_create(
        Series(title=f"Series {i}", slug=f"series-{i}") for i in range(series)
    )
    now = timezone.now()
    body = "<p>" + "steppe " * 300 + "</p>"
    derived = derived_text(body)
    posts = Post.objects.bulk_create(
        Post(
            title=f"Post {i}",
            slug=f"post-{i}",
            body=body,
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=now - timezone.timedelta(days=1 + i * 365 / 12 / per_month),
            series=runs[i // 3 % series] if i % 3 == 0 else None,
            series_part=i if i % 3 == 0 else None,
            **derived,
        )  # fmt: skip
        for i in range(12 * years * per_month)
    )
    names = Tag.objects.bulk_create(
        Tag(name=f"topic {i}", slug=f"topic-{i}") for i in range(tags)
    )
    TaggedPost.objects.bulk_create(
        (TaggedPost(tag=tag, content_object=post)
         for post in posts for tag in rng.sample(names, 3)),
        ignore_conflicts=True,
    )  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median_cpu_ms(work, rounds):
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main(rounds):
    from blog.sidebar import sidebar_context

    with throwaway_database():
        build()
        context = sidebar_context()
        print(
            f"{len(context['months'])} months, {len(context['series_list'])} series, "
            f"{len(context['tags'])} of 200 tags"
        )
        with CaptureQueriesContext(connection) as queries:
            sidebar_context()
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        html = render_to_string("includes/sidebar.html", context)
        both = median_cpu_ms(
            lambda: render_to_string("includes/sidebar.html", sidebar_context()),
            rounds,
        )
        build_ms = median_cpu_ms(sidebar_context, rounds)
        render_ms = median_cpu_ms(
            lambda: render_to_string("includes/sidebar.html", context), rounds
        )
        print(f"{'':<22}{'CPU ms':>8}")
        print(f"{'context (queries)':<22}{build_ms:>8.2f}")
        print(f"{'template':<22}{render_ms:>8.2f}")
        print(f"{'both':<22}{both:>8.2f}")
        print(f"queries: {len(queries)}, SQL {sql:.2f} ms; {len(html):,} bytes")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
