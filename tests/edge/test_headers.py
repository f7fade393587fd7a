"""Cache-Control, ETag/304 and surrogate keys, per page kind."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.edge.headers import weak_etag
from tests.factories import (
    PageFactory,
    PostFactory,
    SeriesFactory,
    UserFactory,
    make_survey,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    series = SeriesFactory(title="Letters", slug="letters")
    PostFactory.create_batch(10)
    post = PostFactory(tags=["OSCE"], series=series, series_part=1)
    PageFactory(slug="about")
    make_survey()
    return post


def page_kinds(post):
    """Each reader page kind, and a name its keys must carry."""
    day = timezone.localtime(post.published_at)
    return {
        "/": "posts",
        "/page/2/": "posts",
        "/tag/osce/": "posts",
        "/tags/": "posts",
        "/series/letters/": "posts",
        f"/author/{post.author.username}/": f"author:{post.author_id}",
        f"/{day:%Y}/": "posts",
        f"/{day:%Y}/{day:%m}/": "posts",
        f"/{day:%Y}/{day:%m}/{day:%d}/": "posts",
        post.get_absolute_url(): f"post:{post.pk}",
        "/about/": "pages",
        "/feed/": "posts",
        "/comments/feed/": "comments",
        "/tag/osce/feed/": "posts",
        "/sitemap.xml": "surveys",
        "/surveys/": "surveys",
        "/surveys/life-in-almaty/results/": "survey:",
    }


def cache_control(response) -> dict:
    parts = [p.strip() for p in response["Cache-Control"].split(",")]
    return dict(p.split("=") if "=" in p else (p, True) for p in parts)


@pytest.mark.parametrize(
    "edge,header", [("varnish", "xkey"), ("fastly", "Surrogate-Key")]
)
def test_every_reader_page_is_public_with_a_validator_and_its_keys(
    client, content, settings, edge, header
):
    settings.STEPPE_EDGE = edge
    for url, name in page_kinds(content).items():
        response = client.get(url)
        assert response.status_code == 200, url
        control = cache_control(response)
        assert control["public"] is True, url
        assert int(control["max-age"]) == 0, url  # browsers revalidate (304)
        assert 60 < int(control["s-maxage"]) <= 600, url
        assert control["stale-while-revalidate"] == "30", url
        assert control["stale-if-error"] == "86400", url
        keys = response[header].split(" ")
        assert "steppe" in keys, url
        assert any(key.startswith(name) for key in keys), (url, keys)
        etag = response["ETag"]
        assert etag.startswith('W/"'), url
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and not again.content, url
        # Cookie: a signed-in reader's copy differs (and is private); the edge
        # strips every other cookie, so all anonymous readers share one copy.
        assert set(re.split(r",\s*", response.get("Vary", "Cookie"))) <= {"Cookie"}


def test_keys_name_what_the_page_shows(client, content, settings):
    settings.STEPPE_EDGE = "cloudflare"
    other = PostFactory(tags=["Almaty"])
    post_keys = client.get(content.get_absolute_url())["Cache-Tag"].split(",")
    assert f"post:{content.pk}" in post_keys and f"post:{other.pk}" not in post_keys
    tag = client.get("/tag/almaty/")["Cache-Tag"].split(",")
    assert {f"post:{other.pk}", "posts"} <= set(tag)
    assert f"post:{content.pk}" not in tag


def test_no_edge_sends_no_keys_but_still_caching_headers(client, content):
    response = client.get("/")
    assert "xkey" not in response and "Surrogate-Key" not in response
    assert cache_control(response)["public"] is True


def test_the_etag_ignores_the_per_reader_form_values_and_follows_the_content(
    client, content
):
    url = content.get_absolute_url()
    first = client.get(url)
    assert 'name="security_hash"' in first.content.decode()
    assert Client().get(url)["ETag"] == first["ETag"]
    content.body = "<p>Edited.</p>"
    content.save()
    assert client.get(url)["ETag"] != first["ETag"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_weak_etag_blanks_only_the_form_values():
    one = b'<input name="timestamp" value="1"><input name="security_hash" value="a">'
    two = b'<input name="timestamp" value="2"><input name="security_hash" value="b">'
    assert weak_etag(one) == weak_etag(two) != weak_etag(one + b"<p>more</p>")


def test_scheduled_post_cuts_the_lifetime_short(client, content, settings):
    settings.STEPPE_EDGE_MAX_AGE = 60
    PostFactory(published_at=timezone.now() + datetime.timedelta(seconds=40))
    control = cache_control(client.get("/"))
    assert 30 <= int(control["s-maxage"]) <= 40
    assert int(control["max-age"]) <= 40
    assert control["stale-while-revalidate"] == "0"  # not one stale copy after it


def test_the_kept_sidebar_gives_the_next_publication_without_a_query(
    client, content, settings
):
    """A page showing the sidebar takes the next publication from its row (a
    publish clears the row), and is still cut short at that moment."""
    settings.STEPPE_EDGE_MAX_AGE = 60
    PostFactory(published_at=timezone.now() + datetime.timedelta(seconds=40))
    client.get("/")  # the sidebar's row is kept
    with CaptureQueriesContext(connection) as queries:
        control = cache_control(client.get("/"))
    assert 30 <= int(control["s-maxage"]) <= 40
    upcoming = [q["sql"] for q in queries if '"published_at" >' in q["sql"]]
    assert upcoming == [], upcoming
    settings.STEPPE_KEEP_SIDEBAR = False  # built each time: read once, while building
    with CaptureQueriesContext(connection) as queries:
        control = cache_control(client.get("/"))
    assert 30 <= int(control["s-maxage"]) <= 40
    assert len([q for q in queries if '"published_at" >' in q["sql"]]) == 1


def test_comments_closing_cuts_the_post_page_short(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    post = PostFactory(
        published_at=timezone.now()
        - datetime.timedelta(days=14)
        + datetime.timedelta(seconds=20)
    )
    control = cache_control(client.get(post.get_absolute_url()))
    assert 10 <= int(control["s-maxage"]) <= 20


def private(response) -> bool:
    return (
        "private" in response["Cache-Control"]
        and "no-store" in (response["Cache-Control"])
    )


def test_signed_in_admin_forms_and_posts_are_private(client, content, settings):
    settings.STEPPE_EDGE = "varnish"
    url = content.get_absolute_url()
    comment = client.post("/comments/post/", {"content_type": "blog.post"})
    assert comment.status_code == 404 and private(comment)
    assert private(client.get("/surveys/life-in-almaty/"))  # a one-time key
    assert private(client.get("/no-such-page/"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in (url, "/", "/admin/", f"/admin/blog/post/{content.pk}/change/"):
        response = client.get(path)
        assert private(response), path
        assert "xkey" not in response and "ETag" not in response, path
    preview = client.get(f"/preview/{content.pk}/")
    assert preview.status_code in (200, 404) and private(preview)


def test_a_protected_post_is_private(client):
    post = PostFactory(password="open sesame")
    response = client.get(post.get_absolute_url())
    assert private(response) and "ETag" not in response


def test_with_esi_the_page_includes_the_form_and_the_edge_shares_it_a_second(
    client, settings
):
    settings.STEPPE_EDGE = "varnish"
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    src = re.search(r'<esi:include src="([^"]+)"/>', html)[1]
    assert src == f"/comments/form/blog.post/{post.pk}/"
    assert 'name="security_hash"' not in html
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    with CaptureQueriesContext(connection) as queries:
        fragment = client.get(src)  # on every view of the page: no database
    assert not queries.captured_queries
    assert fragment["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert "xkey" not in fragment and "Set-Cookie" not in fragment
    body = fragment.content.decode()
    assert 'name="security_hash"' in body
    # Stamped a second ahead: a copy the edge kept that second still makes the
    # reader wait the whole minimum fill time.
    stamp = int(re.search(r'name="timestamp" value="(\d+)"', body)[1])
    assert time.time() <= stamp <= time.time() + 1.5
    assert client.get("/comments/form/auth.user/1/").status_code == 404
