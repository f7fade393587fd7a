"""Pages speak the site's language from the committed ru and kk catalogs."""

import datetime
import re
from pathlib import Path

import feedparser
import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import CommentFactory, PostFactory, SeriesFactory
from tests.reader_pages import FEEDS, english_phrases, interface_text, load_site

pytestmark = pytest.mark.django_db

# The English msgids: the interface strings a Russian or Kazakh page must not show.
CATALOG = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# Runs of Latin words, and what Russian and Kazakh write in Latin letters too: the
# product's and formats' names, "n" of a sample size, "cookie" ("файлы cookie").
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ -][A-Za-z][A-Za-z'’]*)*")
ALLOWED = {"Steppe", "RSS", "Atom", "n", "cookie"}
ROMAN = re.compile(r"[IVXLCDM]+")  # series parts: "Часть IV", "IV бөлім"


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
        ("kk", "2011 ж. 19 ақпан"),  # CLDR's long form, the month in lower case
    ],
)
def test_post_dates_in_the_language_format(client, speak, lang, shown):
    when = datetime.datetime(2011, 2, 19, 12, tzinfo=datetime.UTC)
    post = PostFactory(published_at=when)
    speak(lang)
    page = client.get(post.get_absolute_url()).content.decode()
    assert shown in page


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_reader_page_shows_an_english_interface_string(
    client, settings, compiled_locale, lang
):
    """Every kind of reader page, content in the language: no English msgid is left."""
    settings.LOCALE_PATHS = [compiled_locale]
    settings.LANGUAGE_CODE = lang
    requests = load_site(lang, settings)
    phrases = english_phrases(polib.pofile(str(CATALOG)), frozenset(ALLOWED))
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    left = {}
    with translation.override(lang):
        for request in requests:
            if request.data is None:
                response = client.get(request.url)
            else:
                response = client.post(request.url, request.data)
            if response.status_code != request.status:
                left[request.kind] = [f"status {response.status_code}"]
                continue
            text = interface_text(response.content.decode())
            found = sorted(
                {phrases[m] for piece in text for m in pattern.findall(piece)}
                | {
                    run
                    for piece in text
                    for run in LATIN_RUN.findall(piece)
                    if run not in ALLOWED and not ROMAN.fullmatch(run)
                }
            )
            if found:
                left[request.kind] = found
        for url in FEEDS:
            feed = feedparser.parse(client.get(url).content).feed
            text = [feed.get("title", ""), feed.get("subtitle", "")]
            found = sorted({w for piece in text for w in LATIN_RUN.findall(piece)})
            if found:
                left[url] = found
    assert not left, "\n".join(f"{kind}: {found}" for kind, found in left.items())


def test_the_crawl_reads_text_and_read_attributes_not_scripts_or_addresses():
    html = (
        '<p title="Подсказка">Главная <a aria-label="Home: Степь">1</a></p>'
        '<input type="submit" value="Post comment"><script>var Home;</script>'
        "<p>https://example.com/Home/ Часть IV</p>"
    )
    text = interface_text(html)
    assert text == ["Подсказка", "Главная", "Home: Степь", "1", "Post comment"] + [
        "Часть IV"
    ]
    phrases = english_phrases(polib.pofile(str(CATALOG)), frozenset(ALLOWED))
    assert phrases["Home"] == "Home" and phrases["Post comment"] == "Post comment"
    assert "Atom" not in phrases  # a name, the same in every language
