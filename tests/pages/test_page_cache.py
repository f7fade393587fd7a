"""A page change refreshes every cached page showing it, the navigation first."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.comments.services import approve_comments
from pages.models import Page
from tests.factories import (
    CommentFactory,
    PageFactory,
    PostFactory,
    UserFactory,
    comment_post_data,
)

pytestmark = pytest.mark.django_db


def cache_state(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def nav(html):
    return html.split('aria-label="Main"')[1].split("</nav>")[0]


def test_a_page_is_served_from_the_cache_without_queries(client):
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    for url in ("/about/", "/about/team/"):
        assert cache_state(client, url)[0] == "miss"
        with CaptureQueriesContext(connection) as queries:
            assert cache_state(client, url)[0] == "hit"
        assert len(queries) == 0, [q["sql"] for q in queries]


def test_renaming_a_page_refreshes_the_navigation_on_every_cached_page(client):
    about = PageFactory(title="About", slug="about", show_in_navigation=True)
    post = PostFactory()
    urls = ["/", post.get_absolute_url(), "/tags/", "/about/"]
    for url in urls:
        client.get(url)
        assert cache_state(client, url)[0] == "hit"
    about.title = "About this blog"
    about.save()
    for url in urls:
        state, html = cache_state(client, url)
        assert state == "miss" and ">About this blog<" in nav(html), url
    PageFactory(title="Colophon", slug="colophon", show_in_navigation=True)
    assert ">Colophon<" in nav(cache_state(client, "/")[1])
    Page.objects.get(slug="colophon").delete()
    assert "Colophon" not in nav(cache_state(client, "/")[1])


def test_a_scheduled_page_appears_in_the_navigation_and_lists_at_its_time(client):
    about = PageFactory(title="About", slug="about", show_in_navigation=True)
    soon = timezone.now() + datetime.timedelta(seconds=2)
    PageFactory(
        title="Goes live", slug="live", show_in_navigation=True, published_at=soon
    )
    PageFactory(title="Team soon", slug="team", parent=about, published_at=soon)
    assert "Goes live" not in nav(cache_state(client, "/")[1])
    assert "Team soon" not in cache_state(client, "/about/")[1]
    assert cache_state(client, "/")[0] == "hit"
    time.sleep(2.2)
    state, html = cache_state(client, "/")
    assert state == "miss" and ">Goes live<" in nav(html)
    assert "Team soon" in cache_state(client, "/about/")[1]
    assert "about/team/" in cache_state(client, "/sitemap.xml")[1]


def test_an_approved_comment_refreshes_its_page_not_the_post_with_the_same_id(client):
    page = PageFactory(slug="about", allow_comments=True)
    post = PostFactory()
    while post.pk < page.pk:  # make a post and a page share an id
        post = PostFactory()
    while page.pk < post.pk:
        page = PageFactory(allow_comments=True)
    assert page.pk == post.pk
    held = CommentFactory(post=page, is_public=False, comment="Held on a page")
    for url in (page.get_absolute_url(), post.get_absolute_url()):
        client.get(url)
    approve_comments(
        comments=XtdComment.objects.filter(pk=held.pk),
        moderator=UserFactory(group="Moderators"),
    )
    state, html = cache_state(client, page.get_absolute_url())
    assert state == "miss" and "Held on a page" in html and "1 comment" in html
    state, html = cache_state(client, post.get_absolute_url())
    assert state == "hit" and "Held on a page" not in html


def test_a_cached_page_has_a_working_comment_form_for_each_reader(client, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    about = PageFactory(slug="about", allow_comments=True)
    client.get("/about/")
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        asked_at = int(time.time())
        response = reader.get("/about/")
        assert response["X-Page-Cache"] == "hit"
        html = response.content.decode()
        assert "<!--live" not in html and "\x00" not in html
        fields = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
        )
        assert fields["content_type"] == "pages.page"
        # Signed when this reader asked, not when the page was kept; and no CSRF
        # cookie, which a page kept by the edge could not set (blog.edge.origin).
        assert int(fields["timestamp"]) >= asked_at
        assert "csrfmiddlewaretoken" not in fields and not response.cookies
        data = comment_post_data(
            about, comment="From a cached page", email=f"reader{number}@example.org"
        )
        data |= {k: fields[k] for k in ("timestamp", "security_hash")}
        sent = reader.post(
            "/comments/post/",
            data,
            REMOTE_ADDR=f"10.0.0.{number}",
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert sent.status_code == 302, sent.content.decode()[:500]
    comments = XtdComment.objects.filter(comment="From a cached page")
    assert [c.content_object for c in comments] == [about, about]
