"""The demo's About page and its child: in the navigation, loaded once."""

import pytest
from django.core.management import call_command

from pages.models import Page

pytestmark = pytest.mark.django_db


def test_the_demo_about_page_is_in_the_navigation_with_a_child(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = list(Page.objects.values_list("path", "updated_at").order_by("path"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Page.objects.values_list("path", "updated_at").order_by("path")) == (
        first
    )
    assert [path for path, _ in first] == ["about", "about/comments"]

    home = client.get("/").content.decode()
    nav = home.split('aria-label="Main"')[1].split("</nav>")[0]
    assert nav.index(">Home<") < nav.index('<a href="/about/">About</a>')
    about = client.get("/about/").content.decode()
    assert "Kazakhstan" in about and 'href="/about/comments/"' in about
    child = client.get("/about/comments/").content.decode()
    assert 'aria-label="Breadcrumb"' in child and "moderator" in child
