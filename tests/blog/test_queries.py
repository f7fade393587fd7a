"""Pages run a fixed number of queries, whatever the number of posts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommentFactory, PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


TAGS = ["OSCE", "Kazakhstan", "Central Asia", "expats"]


def add_posts(series, start, stop):
    """Posts with 3-5 tags and 2 approved comments each; the first 10 in a series."""
    posts = []
    for i in range(start, stop):
        in_series = i < 10
        post = PostFactory(
            tags=TAGS[: 2 + i % 3] + [f"tag {i}"],
            series=series if in_series else None,
            series_part=i + 1 if in_series else None,
        )
        CommentFactory.create_batch(2, post=post)
        posts.append(post)
    return posts


def count_queries(client, url):
    client.get("/")  # warm per-process caches (ContentType, Site)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def measure(client, urls):
    return {name: count_queries(client, url) for name, url in urls.items()}


def test_reader_pages_run_the_same_queries_at_5_and_50_posts(client):
    series = SeriesFactory(slug="the-series", is_complete=True)
    posts = add_posts(series, 0, 5)
    urls = {
        "home": "/",
        "tag": "/tag/osce/",
        "tags": "/tags/",
        "series index": "/series/",
        "series": "/series/the-series/",
        "post": posts[3].get_absolute_url(),
        "year": f"/{posts[3].published_at:%Y}/",
    }
    small = measure(client, urls)
    add_posts(series, 5, 50)
    large = measure(client, urls | {"home page 2": "/page/2/"})
    print("queries per page:", large)
    # The first page also looks up the pinned posts (none here: one query).
    assert large.pop("home page 2") == small["home"] - 1
    assert small == large
    # Savepoints from ATOMIC_REQUESTS count too; archives also find next/previous;
    # the main navigation's pages are one query; a post also looks up its
    # translations; every shared page asks when the next scheduled post goes
    # live (its s-maxage ends then).
    assert max(small.values()) <= 15


def test_admin_post_list_queries_do_not_grow(client):
    client.force_login(UserFactory(username="writer", group="Authors"))
    series = SeriesFactory()
    add_posts(series, 0, 5)
    small = count_queries(client, "/admin/blog/post/")
    add_posts(series, 5, 50)
    large = count_queries(client, "/admin/blog/post/")
    print("admin post list queries:", small)
    assert small == large


def add_threads(post, users, count):
    """`count` approved comments: threads of a comment, a reply, a sub-reply."""
    made = 0
    while made < count:
        top = CommentFactory(post=post, user=users[made % len(users)])
        reply = CommentFactory(post=post, parent_id=top.pk, user=users[0])
        CommentFactory(post=post, parent_id=reply.pk)
        made += 3


@pytest.mark.parametrize("viewer", ["anonymous", "moderator"])
def test_post_page_queries_with_10_and_200_comments(client, viewer):
    users = [UserFactory(username=f"commenter{i}", group="Authors") for i in range(5)]
    if viewer == "moderator":
        client.force_login(UserFactory(username="dana", group="Moderators"))
    post = PostFactory(tags=TAGS)
    add_threads(post, users, 10)
    small = count_queries(client, post.get_absolute_url())
    add_threads(post, users, 190)
    large = count_queries(client, post.get_absolute_url())
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="comment"') == 150  # 50 threads of 3 on page 1
    assert "Comment page 1 of 2" in page
    print(f"post page queries ({viewer}):", small)
    assert small == large


def test_deep_pages_skip_rows_without_computing_their_counts(client):
    PostFactory.create_batch(25, tags=["OSCE"])
    client.get("/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/tag/osce/page/3/").status_code == 200
    offset = [q["sql"] for q in context.captured_queries if "OFFSET" in q["sql"]]
    assert offset and all("django_comments" not in sql for sql in offset)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_listing_s_queries_are_prepared_once_a_connection(client):
    """The server binds the parameters and keeps the plans (DB_PREPARED_STATEMENTS)."""
    PostFactory.create_batch(3, tags=["OSCE"])
    for _ in range(4):
        assert client.get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "blog_post"' in sql and "$1" in sql for sql in prepared), prepared
