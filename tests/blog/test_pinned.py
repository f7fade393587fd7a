"""Pinned ("sticky") posts lead the home page's first page, and only that page."""

import re

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def titles(client, url):
    html = client.get(url).content.decode()
    return re.findall(r'<h2 class="post-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def posts():
    """25 posts, newest first: "Post 0" is the newest."""
    return [PostFactory(title=f"Post {i}") for i in range(25)]


def test_pinned_posts_come_first_on_page_one_then_the_rest_by_date(client, posts):
    unpinned_first = titles(client, "/")
    unpinned_second = titles(client, "/page/2/")
    unpinned_third = titles(client, "/page/3/")
    posts[3].pinned = True  # on page 1 anyway
    posts[17].pinned = True  # from page 2
    posts[3].save()
    posts[17].save()

    first = titles(client, "/")
    assert first[:2] == ["Post 3", "Post 17"]  # pinned, newest first
    assert first[2:] == [t for t in unpinned_first if t != "Post 3"]  # no duplicate
    assert set(unpinned_first) <= set(first)  # nothing missing from page 1
    # Later pages are as they were: nothing moved up, nothing lost.
    assert titles(client, "/page/2/") == unpinned_second
    assert titles(client, "/page/3/") == unpinned_third


def test_pinned_posts_are_marked_for_everyone_only_where_pinned(client, posts):
    posts[12].pinned = True
    posts[12].save()
    html = client.get("/").content.decode()
    pinned = r'<article class="post-summary pinned">.*?</article>'
    article = re.search(pinned, html, re.S)
    assert article and "Post 12" in article[0]
    # A visible word, read out by screen readers too (no aria-hidden, not an icon).
    assert '<span class="mark mark-pinned">Pinned</span>' in article[0]
    assert html.count("mark-pinned") == 1
    page_two = client.get("/page/2/").content.decode()
    assert "Post 12" in page_two and "mark-pinned" not in page_two


def test_pinning_is_not_applied_to_other_listings(client):
    PostFactory(title="Newer", tags=["OSCE"])
    PostFactory(title="Older pinned", tags=["OSCE"], pinned=True)
    assert titles(client, "/tag/osce/") == ["Newer", "Older pinned"]
    assert titles(client, "/") == ["Older pinned", "Newer"]


def test_unpublished_pinned_posts_are_not_shown(client):
    PostFactory(title="Visible")
    PostFactory(title="Pinned draft", pinned=True, status="draft")
    assert titles(client, "/") == ["Visible"]


def test_pinning_purges_the_home_page_and_shows_at_once(client, posts, settings):
    from blog.edge.models import PendingPurge

    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = ["http://127.0.0.1:1/"]  # queued, not sent
    home = set(client.get("/")["xkey"].split())
    posts[20].pinned = True
    posts[20].save()
    queued = set(PendingPurge.objects.get().keys.split())
    assert "posts" in queued & home
    assert titles(client, "/")[0] == "Post 20"


def test_home_runs_the_same_queries_with_1_and_5_pinned_of_5_and_50(client, settings):
    from tests.blog.test_queries import count_queries

    PostFactory.create_batch(4, tags=["OSCE"])
    PostFactory(tags=["OSCE", "Almaty"], pinned=True)
    small = count_queries(client, "/")
    PostFactory.create_batch(41, tags=["OSCE", "Kazakhstan"])
    PostFactory.create_batch(4, tags=["OSCE"], pinned=True)
    large = count_queries(client, "/")
    print("home queries with pinned posts:", small, large)
    assert small == large
