"""Authors manage pages in admin; Moderators read them and change nothing."""

import pytest

from pages.models import Page
from tests.factories import PageFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/pages/page/"


def page_data(**fields):
    return {
        "title": "About",
        "slug": "about",
        "body": "<p>Hello <script>x()</script>readers.</p>",
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00:00",
        "menu_order": "0",
        "show_in_navigation": "on",
    } | fields


def test_an_author_adds_changes_and_deletes_pages(client):
    carol = UserFactory(username="carol", group="Authors")
    client.force_login(carol)
    response = client.post(f"{ADMIN}add/", page_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    about = Page.objects.get(path="about")
    assert about.author == carol
    assert about.body == "<p>Hello readers.</p>"  # sanitized like a post's body
    child = {"slug": "team", "parent": str(about.pk), "show_in_navigation": ""}
    response = client.post(f"{ADMIN}add/", page_data(title="Team", **child))
    assert response.status_code == 302
    team = Page.objects.get(path="about/team")
    response = client.post(
        f"{ADMIN}{team.pk}/change/", page_data(title="Our team", **child)
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.title == "Our team"
    response = client.post(f"{ADMIN}{team.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Page.objects.filter(pk=team.pk).exists()


def test_a_colliding_slug_in_admin_is_a_form_error_and_saves_nothing(client):
    client.force_login(UserFactory(username="carol", group="Authors"))
    response = client.post(f"{ADMIN}add/", page_data(slug="tag"))
    assert response.status_code == 200
    assert "The address /tag/ is taken by Steppe" in response.content.decode()
    assert not Page.objects.exists()


def test_a_moderator_reads_pages_but_changes_none(client):
    about = PageFactory(title="About", slug="about")
    dana = UserFactory(username="dana", group="Moderators")
    assert dana.has_perm("pages.view_page")
    assert not any(
        dana.has_perm(f"pages.{action}_page") for action in ("add", "change", "delete")
    )
    client.force_login(dana)
    assert client.get(ADMIN).status_code == 200
    assert client.get(f"{ADMIN}add/").status_code == 403
    response = client.post(f"{ADMIN}{about.pk}/change/", page_data(title="Hacked"))
    assert response.status_code == 403
    assert client.post(f"{ADMIN}{about.pk}/delete/", {"post": "yes"}).status_code == 403
    about.refresh_from_db()
    assert about.title == "About"


def test_readers_without_staff_cannot_reach_page_admin(client):
    client.force_login(UserFactory(username="reader"))
    assert client.get(ADMIN).status_code == 302
