"""Render time and queries of a post page with many threaded comments.

Usage: python bench/render_post.py [COMMENTS ...]   (DATABASE_URL for PostgreSQL)
"""

import sys

from common import throwaway_database, time_get
from django.test import Client


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


def main(sizes):
    with throwaway_database():
        client = Client()
        print(f"{'comments':>9} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for size in sizes:
            post = build(size)
            median, worst, queries = time_get(client, post.get_absolute_url())
            print(f"{size:>9} {median:>10.1f} {worst:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 200, 1000])
