"""The site language setting: html lang, og:locale, feeds, dates and the admin."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime.datetime(2011, 2, 19, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture
def post():
    return PostFactory(title="Brave stories", published_at=WHEN)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_by_default_with_whole_month_names(client, post):
    html = page(client, post.get_absolute_url())
    assert '<html lang="en">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert ">February 19, 2011</time>" in html
    assert "<language>en</language>" in page(client, "/feed/")


def test_russian_site_says_so_everywhere(client, settings, post):
    settings.LANGUAGE_CODE = "ru"
    post.language = "ru"
    post.save()
    html = page(client, post.get_absolute_url())
    assert '<html lang="ru">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert ">19 февраля 2011 г.</time>" in html  # genitive month, Django's ru format
    assert "<language>ru</language>" in page(client, "/feed/")
    assert "Февраль 2011 г." in page(client, "/2011/02/")  # the archive heading
    home = page(client, "/")
    assert '<html lang="ru">' in home and "19 февраля 2011 г." in home


def test_kazakh_site_dates_follow_the_kazakh_form(client, settings, post):
    settings.LANGUAGE_CODE = "kk"
    html = page(client, post.get_absolute_url())
    assert '<html lang="kk">' in html
    assert ">2011 ж. 19 ақпан</time>" in html
    assert '<meta property="og:locale" content="kk_KZ">' in page(client, "/")


def test_a_post_in_another_language_gives_its_own_og_locale(client, post):
    post.language = "ru"
    post.save()
    html = page(client, post.get_absolute_url())
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert '<html lang="en">' in html  # the interface stays the site's


def test_the_reader_cannot_switch_the_interface(client, post):
    """No cookie or Accept-Language changes a page: a shared cache may keep it."""
    client.cookies["django_language"] = "ru"
    html = client.get(
        post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru,kk;q=0.8"
    ).content.decode()
    assert '<html lang="en">' in html and "February 19, 2011" in html


def test_staff_get_the_admin_in_the_site_language(client, settings):
    settings.LANGUAGE_CODE = "ru"
    html = page(client, "/admin/login/")
    assert '<html lang="ru"' in html and "Имя пользователя" in html
    client.force_login(UserFactory(group="Authors"))
    settings.LANGUAGE_CODE = "kk"
    assert "Шығу" in page(client, "/admin/")  # "Log out", in Kazakh


def test_new_posts_take_the_site_language(settings):
    settings.LANGUAGE_CODE = "kk"
    assert PostFactory().language == "kk"
    assert PostFactory(language="").language == "kk"  # older forms leave it out


@pytest.mark.parametrize("code", ["de", "en-us", ""])
def test_an_unknown_site_language_is_a_clear_error(code):
    env = {**os.environ, "LANGUAGE_CODE": code, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "LANGUAGE_CODE must be one of en, ru, kk" in result.stderr


def test_scheduled_preview_date_is_localized(client, settings):
    settings.LANGUAGE_CODE = "ru"
    author = UserFactory(group="Authors")
    post = PostFactory(
        author=author,
        published_at=timezone.now() + datetime.timedelta(days=400),
    )
    client.force_login(author)
    html = page(client, f"/preview/{post.pk}/")
    month_names = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля")
    month_names += ("августа", "сентября", "октября", "ноября", "декабря")
    assert any(f" {name} " in html for name in month_names)
