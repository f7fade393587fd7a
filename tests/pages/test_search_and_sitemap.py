"""Pages in the sitemap and in search results, marked as pages; drafts never."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from pages.models import Page
from tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    about = PageFactory(
        title="About", slug="about", body="<p>Caravans crossed the steppe.</p>"
    )
    PageFactory(title="Team", slug="team", parent=about, body="<p>Caravans too.</p>")
    draft = PageFactory(
        title="Secret", slug="secret", status=Page.Status.DRAFT,
        body="<p>Caravans hidden.</p>",
    )  # fmt: skip
    PageFactory(
        title="Under a draft", slug="child", parent=draft, body="<p>Caravans.</p>"
    )
    PageFactory(
        title="Later", slug="later", body="<p>Caravans later.</p>",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    return about


def test_the_sitemap_lists_the_pages_readers_can_open(client, pages):
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", sitemap)
    assert "/about/" in locations and "/about/team/" in locations
    for hidden in ("/secret/", "/secret/child/", "/later/"):
        assert hidden not in locations


def test_search_finds_pages_marked_as_pages_above_the_posts(client, pages):
    PostFactory(title="Caravan stories", body="<p>Caravans of the Silk Road.</p>")
    html = client.get("/search/", {"q": "caravans"}).content.decode()
    section = html.split('class="other-results"')[1].split("</section>")[0]
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert sorted(found) == [("/about/", "About"), ("/about/team/", "Team")]
    assert section.count('<p class="result-kind">Page</p>') == 2
    assert "Caravan stories" in html.split("</section>", 1)[1]  # posts follow
    assert "1 post found" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming")
def test_page_search_ranks_titles_and_highlights_the_body(client, pages):
    html = client.get("/search/", {"q": "crossing"}).content.decode()
    assert "<mark>crossed</mark>" in html


def test_pages_are_only_on_the_first_page_of_results(client, pages):
    for i in range(11):
        PostFactory(title=f"Caravan {i}", body="<p>Caravans.</p>")
    assert "other-results" in client.get("/search/?q=caravans").content.decode()
    second = client.get("/search/?q=caravans&page=2").content.decode()
    assert "other-results" not in second and "Caravan" in second


def test_the_substring_fallback_finds_readable_pages_too(monkeypatch, pages):
    """SQLite (make demo) has no full-text search: pages match by substring."""
    from types import SimpleNamespace

    from pages import search

    monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    found = search.search_pages("caravans")
    assert sorted(page.path for page in found) == ["about", "about/team"]
    assert all(page.kind == "Page" and page.snippet for page in found)
