"""Readers find pages at their paths; drafts, scheduled pages and typos are 404."""

import datetime

import pytest
from django.utils import timezone

from pages.models import Page
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    about = PageFactory(
        title="About", slug="about", show_in_navigation=True, body="<p>Hello.</p>"
    )
    PageFactory(title="Team", slug="team", parent=about, menu_order=1)
    PageFactory(title="Contact", slug="contact", parent=about, menu_order=2)
    return about


def test_pages_answer_at_their_paths(client, about):
    page = client.get("/about/").content.decode()
    assert '<h1 class="post-title">About</h1>' in page and "Hello." in page
    assert 'href="/about/team/"' in page and 'href="/about/contact/"' in page
    assert "Breadcrumb" not in page  # a top-level page has no trail
    assert client.get("/about/team/").status_code == 200


def test_a_path_without_its_slash_is_redirected(client, about):
    response = client.get("/about/team")
    assert response.status_code == 301 and response["Location"] == "/about/team/"


@pytest.mark.parametrize(
    "url",
    [
        "/nope/",
        "/about/nope/",
        "/team/",
        "/about//team/",
        "/about/team/x/",
        "/" + "a/" * 30,
    ],
)
def test_missing_pages_are_404(client, about, url):
    assert client.get(url).status_code == 404


def test_drafts_scheduled_pages_and_children_of_drafts_are_404(client, about):
    PageFactory(slug="draft", status=Page.Status.DRAFT)
    PageFactory(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    about.status = Page.Status.DRAFT
    about.save()
    for url in ("/draft/", "/later/", "/about/", "/about/team/"):
        assert client.get(url).status_code == 404, url


def test_steppe_routes_still_win(client, about):
    post = PostFactory(tags=["OSCE"])
    assert client.get("/tag/osce/").status_code == 200
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/tags/").status_code == 200


def test_a_child_page_shows_breadcrumbs_and_its_siblings(client, about):
    page = client.get("/about/team/").content.decode()
    crumbs = page.split('<nav class="breadcrumbs" aria-label="Breadcrumb">')[1]
    crumbs = crumbs.split("</nav>")[0]
    assert '<a href="/">Home</a>' in crumbs and '<a href="/about/">About</a>' in crumbs
    assert '<span aria-current="page">Team</span>' in crumbs
    siblings = page.split('class="page-siblings"')[1].split("</nav>")[0]
    assert "More in “About”" in siblings
    assert siblings.index("Team") < siblings.index("Contact")  # menu order
    assert 'href="/about/contact/"' in siblings
    assert 'href="/about/team/"' not in siblings  # itself: current, not a link


def test_navigation_lists_top_level_pages_in_menu_order_after_home(client, about):
    PageFactory(
        title="Colophon", slug="colophon", show_in_navigation=True, menu_order=-1
    )
    PageFactory(title="Hidden", slug="hidden")
    PageFactory(
        title="Soon",
        slug="soon",
        show_in_navigation=True,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    home = client.get("/").content.decode()
    nav = home.split('aria-label="Main"')[1].split("</nav>")[0]
    assert nav.index(">Home<") < nav.index(">Colophon<") < nav.index(">About<")
    assert "Hidden" not in nav and "Soon" not in nav and "Team" not in nav
    on_child = client.get("/about/team/").content.decode()
    assert '<a href="/about/" aria-current="true">About</a>' in on_child
    assert (
        '<a href="/about/" aria-current="page">About</a>'
        in client.get("/about/").content.decode()
    )


def test_pages_stay_out_of_listings_feeds_and_archives(client, about):
    PostFactory(title="A post")
    year = f"/{timezone.now():%Y}/"
    for url in ("/", "/feed/", "/feed/atom/", year):
        body = client.get(url).content.decode()
        assert "A post" in body and "Hello." not in body and "/about/team/" not in body


def test_authors_preview_drafts_and_scheduled_pages(client, about):
    draft = PageFactory(
        title="Draft page", slug="team-draft", parent=about, status=Page.Status.DRAFT
    )
    url = f"/preview/page/{draft.pk}/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(UserFactory(username="dana", group="Moderators"))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="carol", group="Authors"))
    page = client.get(url).content.decode()
    assert "this draft is not visible to readers" in page
    assert '<a href="/about/">About</a>' in page  # breadcrumbs as readers will see
    draft.status = Page.Status.PUBLISHED
    draft.published_at = timezone.now() + datetime.timedelta(days=2)
    draft.save()
    assert "scheduled for" in client.get(url).content.decode()
    assert client.get("/preview/page/999999/").status_code == 404


def test_admin_view_on_site_opens_the_preview(client, about):
    client.force_login(UserFactory(username="carol", group="Authors"))
    page = client.get(f"/admin/pages/page/{about.pk}/change/").content.decode()
    assert f"/preview/page/{about.pk}/" in page


def test_a_cyrillic_page_path_resolves(client):
    parent = PageFactory(title="О блоге", slug="о-блоге")
    PageFactory(title="Команда", slug="команда", parent=parent)
    response = client.get("/о-блоге/команда/")
    assert response.status_code == 200
    assert "Команда" in response.content.decode()


def test_a_page_describes_itself_in_plain_text(client):
    PageFactory(slug="salt", body="<p>Salt &amp; <em>bread</em> for guests.</p>")
    html = client.get("/salt/").content.decode()
    assert '<meta name="description" content="Salt &amp; bread for guests.">' in html
