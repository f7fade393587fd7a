"""A page change purges every page showing it (the navigation is on all of them);
without an edge every page shows it at once."""

import datetime
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.comments.services import approve_comments
from blog.edge.models import PendingPurge
from pages.models import Page
from tests.factories import (
    CommentFactory,
    PageFactory,
    PostFactory,
    UserFactory,
    comment_post_data,
)

pytestmark = pytest.mark.django_db


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def nav(html):
    return html.split('aria-label="Main"')[1].split("</nav>")[0]


@pytest.fixture
def queued(settings):
    """The keys writes queue for the edge (a refused host: nothing is sent)."""
    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = ["http://127.0.0.1:1/"]
    PendingPurge.objects.all().delete()
    return lambda: {
        key for row in PendingPurge.objects.all() for key in row.keys.split()
    }


def keys(client, url):
    return set(client.get(url)["xkey"].split())


def test_a_page_carries_its_keys_and_answers_a_conditional_get(client, settings):
    settings.STEPPE_EDGE = "varnish"
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    for url, page in (("/about/", about), ("/about/team/", team)):
        response = client.get(url)
        assert {"pages", f"page:{page.pk}"} <= set(response["xkey"].split())
        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304


def test_renaming_a_page_purges_the_navigation_on_every_page(client, queued):
    about = PageFactory(title="About", slug="about", show_in_navigation=True)
    post = PostFactory()
    urls = ["/", post.get_absolute_url(), "/tags/", "/about/"]
    shown = {url: keys(client, url) for url in urls}
    PendingPurge.objects.all().delete()
    about.title = "About this blog"
    about.save()
    for url in urls:
        assert "pages" in shown[url] & queued(), url
        assert ">About this blog<" in nav(page_text(client, url)), url
    PageFactory(title="Colophon", slug="colophon", show_in_navigation=True)
    assert ">Colophon<" in nav(page_text(client, "/"))
    Page.objects.get(slug="colophon").delete()
    assert "Colophon" not in nav(page_text(client, "/"))


def test_a_scheduled_page_appears_in_the_navigation_and_lists_at_its_time(client):
    about = PageFactory(title="About", slug="about", show_in_navigation=True)
    soon = timezone.now() + datetime.timedelta(seconds=2)
    PageFactory(
        title="Goes live", slug="live", show_in_navigation=True, published_at=soon
    )
    PageFactory(title="Team soon", slug="team", parent=about, published_at=soon)
    home = client.get("/")
    assert "Goes live" not in nav(home.content.decode())
    assert "stale-while-revalidate=0" in home["Cache-Control"]  # ends at its time
    assert "Team soon" not in page_text(client, "/about/")
    time.sleep(2.2)
    assert ">Goes live<" in nav(page_text(client, "/"))
    assert "Team soon" in page_text(client, "/about/")
    assert "about/team/" in page_text(client, "/sitemap.xml")


def test_an_approved_comment_purges_its_page_not_the_post_with_the_same_id(
    client, queued
):
    page = PageFactory(slug="about", allow_comments=True)
    post = PostFactory()
    while post.pk < page.pk:  # make a post and a page share an id
        post = PostFactory()
    while page.pk < post.pk:
        page = PageFactory(allow_comments=True)
    assert page.pk == post.pk
    held = CommentFactory(post=page, is_public=False, comment="Held on a page")
    page_keys = keys(client, page.get_absolute_url())
    post_keys = keys(client, post.get_absolute_url())
    moderator = UserFactory(group="Moderators")
    PendingPurge.objects.all().delete()
    approve_comments(
        comments=XtdComment.objects.filter(pk=held.pk), moderator=moderator
    )
    assert f"page:{page.pk}" in page_keys & queued()
    assert not post_keys & queued() - {"comments"}  # the comment feed is not here
    html = page_text(client, page.get_absolute_url())
    assert "Held on a page" in html and "1 comment" in html
    assert "Held on a page" not in page_text(client, post.get_absolute_url())


def test_a_page_has_a_working_comment_form_for_each_reader(client, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    about = PageFactory(slug="about", allow_comments=True)
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        asked_at = int(time.time())
        response = reader.get("/about/")
        html = response.content.decode()
        assert "<esi:include" not in html and "\x00" not in html
        fields = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
        )
        assert fields["content_type"] == "pages.page"
        # Signed when this reader asked, not when the page was kept; and no CSRF
        # cookie, which a page kept by the edge could not set (blog.edge.origin).
        assert int(fields["timestamp"]) >= asked_at
        assert "csrfmiddlewaretoken" not in fields and not response.cookies
        data = comment_post_data(
            about, comment="From a shared page", email=f"reader{number}@example.org"
        )
        data |= {k: fields[k] for k in ("timestamp", "security_hash")}
        sent = reader.post(
            "/comments/post/",
            data,
            REMOTE_ADDR=f"10.0.0.{number}",
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert sent.status_code == 302, sent.content.decode()[:500]
    comments = XtdComment.objects.filter(comment="From a shared page")
    assert [c.content_object for c in comments] == [about, about]
