"""A page's address must be free: Steppe's routes and other pages come first."""

import pytest
from django.urls import include, path

from pages.forms import PageAdminForm
from pages.routes import colliding_route
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def form(**data):
    defaults = {
        "title": "A page",
        "status": "published",
        "published_at": "2026-01-01 10:00",
        "menu_order": 0,
        "body": "<p>Words.</p>",
    }
    return PageAdminForm(data=defaults | data)


@pytest.mark.parametrize(
    ("slug", "route"),
    [
        ("tag", "/tag/<str:slug>/"),
        ("tags", "/tags/"),
        ("series", "/series/"),
        ("search", "/search/"),
        ("feed", "/feed/"),
        ("surveys", "/surveys/"),
        ("admin", "/admin/"),
        ("page", "/page/<int:page>/"),
        ("preview", "/preview/<int:pk>/"),
        ("healthz", "/healthz"),
        ("2010", "/<yyyy:year>/"),
        ("static", "/static/"),
    ],
)
def test_a_slug_that_a_route_takes_is_a_form_error_naming_it(slug, route):
    bound = form(slug=slug)
    assert not bound.is_valid()
    message = bound.errors["slug"][0]
    assert f"/{slug}/" in message and route in message, message


def test_media_comments_and_files_are_taken_too():
    assert colliding_route("media").startswith("/media/")
    assert colliding_route("comments").startswith("/comments/")
    assert colliding_route("robots.txt") == "/robots.txt"
    assert colliding_route("sitemap.xml") == "/sitemap.xml"


def test_free_paths_and_near_misses_are_allowed():
    for free in ("about", "about/team", "2010x", "tagline", "feeds", "о-блоге"):
        assert colliding_route(free) is None, free
    assert form(slug="about").is_valid()


def test_a_child_cannot_reach_under_a_route():
    """Checked on the whole path: a page under "2010" would be a month archive."""
    assert colliding_route("2010/05") == "/<yyyy:year>/"


urlpatterns = [
    path("shop/", lambda request: None, name="shop"),
    path("", include("config.urls")),
]


def test_routes_are_read_from_the_urlconf(settings):
    """A route another app adds later is refused without a list to update."""
    assert colliding_route("shop") is None
    settings.ROOT_URLCONF = __name__
    assert colliding_route("shop") == "/shop/"
    assert form(slug="shop").errors["slug"]


def test_two_pages_cannot_resolve_to_the_same_path():
    about = PageFactory(title="About", slug="about")
    PageFactory(title="Team", slug="team", parent=about)
    assert (
        "“About” already has the address /about/"
        in form(slug="about").errors["slug"][0]
    )
    bound = form(slug="team", parent=about.pk)
    assert "“Team” already has the address /about/team/" in bound.errors["slug"][0]
    assert form(slug="team").is_valid()  # the same slug elsewhere is fine


def test_saving_a_page_again_keeps_its_own_address():
    about = PageFactory(slug="about")
    bound = PageAdminForm(
        instance=about,
        data={
            "title": "About me",
            "slug": "about",
            "status": "published",
            "published_at": "2026-01-01 10:00",
            "menu_order": 1,
        },
    )
    assert bound.is_valid(), bound.errors


def test_a_page_cannot_sit_under_itself_or_its_children():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    other = PageFactory(slug="other")
    choices = set(PageAdminForm(instance=about).fields["parent"].queryset)
    assert choices == {other}
    bound = PageAdminForm(
        instance=about, data={"title": "About", "slug": "about", "parent": team.pk}
    )
    assert "parent" in bound.errors


def test_only_top_level_pages_go_in_the_navigation():
    about = PageFactory(slug="about")
    bound = form(slug="team", parent=about.pk, show_in_navigation="on")
    assert "Only top-level pages" in bound.errors["show_in_navigation"][0]
