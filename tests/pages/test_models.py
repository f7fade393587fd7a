"""Pages: paths from the hierarchy, sanitized bodies, publication like posts."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_a_page_lives_at_the_path_of_its_parents():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    alma = PageFactory(slug="alma", parent=team)
    assert alma.path == "about/team/alma"
    assert alma.get_absolute_url() == "/about/team/alma/"
    assert alma.ancestor_paths() == ["about", "about/team"]
    assert team.depth == 1


def test_moving_a_page_moves_its_descendants():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    alma = PageFactory(slug="alma", parent=team)
    other = PageFactory(slug="other")
    about.slug = "who"
    about.save()
    team.refresh_from_db()
    alma.refresh_from_db()
    assert (team.path, alma.path) == ("who/team", "who/team/alma")
    team.parent = other
    team.save()
    alma.refresh_from_db()
    assert alma.get_absolute_url() == "/other/team/alma/"


def test_two_pages_cannot_share_a_path():
    PageFactory(slug="about")
    with pytest.raises(IntegrityError), transaction.atomic():
        PageFactory(slug="about")


def test_a_page_with_children_cannot_be_deleted():
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    with pytest.raises(ProtectedError):
        about.delete()


def test_the_slug_comes_from_the_title_cyrillic_too():
    page = PageFactory(title="О блоге", slug="")
    assert page.slug == "о-блоге"
    assert page.get_absolute_url() == "/%D0%BE-%D0%B1%D0%BB%D0%BE%D0%B3%D0%B5/"


def test_the_body_is_sanitized_on_save():
    page = PageFactory(
        body='<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
    )
    page.refresh_from_db()
    assert "script" not in page.body and "onclick" not in page.body
    assert "javascript:" not in page.body and "onerror" not in page.body
    assert page.body.startswith("<p>Hi</p>")


def test_published_means_published_and_its_time_has_come():
    now = timezone.now()
    live = PageFactory(published_at=now - datetime.timedelta(minutes=1))
    PageFactory(published_at=now + datetime.timedelta(hours=1))  # scheduled
    PageFactory(status=Page.Status.DRAFT)
    assert list(Page.objects.published()) == [live]
    assert Page.objects.published_or_scheduled().count() == 2


def test_comments_are_off_and_navigation_is_off_by_default():
    page = Page.objects.create(title="Colophon")
    assert not page.allow_comments and not page.show_in_navigation
    assert page.status == Page.Status.DRAFT


def test_readable_pages_have_every_ancestor_published():
    now = timezone.now()
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    draft = PageFactory(slug="draft", status=Page.Status.DRAFT)
    under_draft = PageFactory(slug="x", parent=draft)
    later = PageFactory(slug="later", published_at=now + datetime.timedelta(hours=1))
    PageFactory(slug="y", parent=later)
    PageFactory(slug="z", parent=PageFactory(slug="x", parent=under_draft))
    PageFactory(slug="a_b", status=Page.Status.DRAFT)
    PageFactory(slug="c", parent=PageFactory(slug="axb"))  # "_" is no wildcard
    assert {p.path for p in Page.objects.readable()} == {
        "about",
        "about/team",
        "axb",
        "axb/c",
    }
    assert team in Page.objects.readable()
