"""Pages speak the site's language from the committed ru and kk catalogs."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import CommentFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def speak(settings, compiled_locale):
    """Activate a language, reading the freshly compiled catalogs."""
    settings.LOCALE_PATHS = [compiled_locale]
    active = []

    def speak(lang):
        override = translation.override(lang)
        override.__enter__()
        active.append(override)

    yield speak
    for override in reversed(active):
        override.__exit__(None, None, None)


def test_home_page_navigation_in_russian(client, speak):
    PostFactory(title="Степь")
    speak("ru")
    page = client.get("/").content.decode()
    for word in ("Главная", "Серии", "Метки", "Опросы", "Поиск по блогу"):
        assert word in page
    assert ">Home<" not in page and ">Tags<" not in page


def test_home_page_navigation_in_kazakh(client, speak):
    PostFactory(title="Дала")
    speak("kk")
    page = client.get("/").content.decode()
    for word in ("Басты бет", "Топтамалар", "Тегтер", "Іздеу"):
        assert word in page


def test_english_stays_the_default(client, compiled_locale, settings):
    settings.LOCALE_PATHS = [compiled_locale]
    PostFactory(title="Steppe")
    page = client.get("/").content.decode()
    assert ">Home<" in page and "Главная" not in page


def test_series_labels_in_russian_and_kazakh(client, speak):
    series = SeriesFactory(title="Эссе", is_complete=True)
    PostFactory(series=series, series_part=3)
    last = PostFactory(series=series, series_part=4)
    middle = series.posts.get(series_part=3)
    speak("ru")
    assert middle.part_label == "Часть III"
    assert last.part_label == "Заключительная часть IV"
    page = client.get(series.get_absolute_url()).content.decode()
    assert "Заключительная часть IV" in page and "Часть III" in page
    speak("kk")
    assert middle.part_label == "III бөлім"
    assert last.part_label == "Қорытынды IV бөлім"


@pytest.mark.parametrize(
    ("lang", "count", "heading"),
    [
        ("ru", 0, "Комментарии"),
        ("ru", 1, "1 комментарий"),
        ("ru", 2, "2 комментария"),
        ("ru", 5, "5 комментариев"),
        ("ru", 11, "11 комментариев"),
        ("ru", 21, "21 комментарий"),
        ("ru", 22, "22 комментария"),
        ("kk", 0, "Пікірлер"),
        ("kk", 1, "1 пікір"),
        ("kk", 2, "2 пікір"),
        ("kk", 5, "5 пікір"),
        ("kk", 21, "21 пікір"),
        ("en", 1, "1 comment"),
        ("en", 21, "21 comments"),
    ],
)
def test_comment_count_heading_uses_the_language_plural(speak, lang, count, heading):
    speak(lang)
    html = render_to_string("blog/comments/list.html", {"comment_count": count})
    assert f'<h2 id="comments-heading">{heading}</h2>' in html


def test_post_page_comment_heading_in_russian(client, speak):
    post = PostFactory()
    CommentFactory.create_batch(5, post=post)
    speak("ru")
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<h2 id="comments-heading">5 комментариев</h2>' in page
    assert "Оставить комментарий" in page


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "February 19, 2011"),
        ("ru", "19 февраля 2011 г."),
        ("kk", "2011 ж. 19 Ақпан"),  # the long form CLDR gives Kazakh
    ],
)
def test_post_dates_in_the_language_format(client, speak, lang, shown):
    when = datetime.datetime(2011, 2, 19, 12, tzinfo=datetime.UTC)
    post = PostFactory(published_at=when)
    speak(lang)
    page = client.get(post.get_absolute_url()).content.decode()
    assert shown in page
