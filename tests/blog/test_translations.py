"""Posts linked to their translations: "Also in", hreflang, sitemap, feeds, names."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from blog.languages.models import SeriesName, TagName
from blog.models import Post
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    original = PostFactory(title="Brave stories", language="en", tags=["OSCE"])
    russian = PostFactory(
        title="Смелые истории",
        slug="смелые-истории",
        language="ru",
        translation_of=original,
        tags=["OSCE"],
    )
    return original, russian


def html_of(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def alternates(html):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    )


def test_each_post_of_a_pair_lists_both_and_x_default_in_head(client, pair):
    original, russian = pair
    expected = {
        "en": f"http://testserver{original.get_absolute_url()}",
        "ru": f"http://testserver{russian.get_absolute_url()}",
        "x-default": f"http://testserver{original.get_absolute_url()}",
    }
    for post in pair:
        assert alternates(html_of(client, post)) == expected


def test_also_in_links_carry_lang_and_hreflang(client, pair):
    original, russian = pair
    html = html_of(client, original)
    assert '<article class="post" lang="en">' in html
    link = re.search(r'<p class="also-in">.*?</p>', html, re.S).group(0)
    assert "Also in:" in link
    assert (
        f'<a href="{russian.get_absolute_url()}" lang="ru" hreflang="ru">Русский</a>'
        in link
    )
    back = html_of(client, russian)
    assert '<article class="post" lang="ru">' in back
    assert 'lang="en" hreflang="en">English</a>' in back


def test_a_post_without_translations_has_no_alternates(client):
    html = html_of(client, PostFactory())
    assert alternates(html) == {}
    assert "also-in" not in html


def test_an_unpublished_translation_is_not_linked(client, pair):
    original, russian = pair
    russian.status = Post.Status.DRAFT
    russian.save()
    html = html_of(client, original)
    assert alternates(html) == {} and "also-in" not in html


def test_a_third_language_joins_the_group(client, pair):
    original, russian = pair
    kazakh = PostFactory(
        title="Батыл әңгімелер", language="kk", translation_of=original
    )
    html = html_of(client, russian)
    assert set(alternates(html)) == {"en", "ru", "kk", "x-default"}
    also_in = re.search(r'<p class="also-in">.*?</p>', html, re.S).group(0)
    assert "English" in also_in and "Қазақша" in also_in and "Русский" not in also_in
    assert kazakh.get_absolute_url() in also_in


def test_sitemap_names_the_translations_of_each_post(client, pair):
    original, russian = pair
    alone = PostFactory(title="Alone")
    xml = client.get("/sitemap.xml").content.decode()
    entries = {
        re.search(r"<loc>([^<]+)</loc>", entry).group(1): entry
        for entry in xml.split("<url>")[1:]
    }
    base = f"http://{Site.objects.get_current().domain}"
    for post in pair:
        entry = entries[base + post.get_absolute_url()]
        links = dict(
            re.findall(
                r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>',
                entry,
            )
        )
        assert links == {
            "en": base + original.get_absolute_url(),
            "ru": base + russian.get_absolute_url(),
            "x-default": base + original.get_absolute_url(),
        }
    assert "xhtml:link" not in entries[base + alone.get_absolute_url()]
    path = russian.get_absolute_url()
    assert client.get(path).status_code == 200  # its Cyrillic slug answers


def count_sitemap_queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get("/sitemap.xml").status_code == 200
    return len(context)


def test_sitemap_alternates_are_a_constant_number_of_queries(client, settings):

    def add_pairs(n):
        for _ in range(n):
            original = PostFactory(language="en")
            PostFactory(language="ru", translation_of=original)

    add_pairs(2)
    client.get("/sitemap.xml")  # warm the Site cache
    small = count_sitemap_queries(client)
    add_pairs(20)
    client.get("/sitemap.xml")  # the new posts moved the cached horizon: warm it
    assert count_sitemap_queries(client) == small


def test_feed_items_carry_their_language(client, pair):
    rss = client.get("/feed/").content.decode()
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in rss
    assert "<language>en</language>" in rss
    items = re.findall(r"<item>.*?</item>", rss, re.S)
    languages = {
        re.search(r"<title>([^<]+)</title>", item).group(1): re.search(
            r"<dc:language>([^<]+)</dc:language>", item
        ).group(1)
        for item in items
    }
    assert languages == {"Brave stories": "en", "Смелые истории": "ru"}
    atom = client.get("/feed/atom/").content.decode()
    assert '<entry xml:lang="ru"><title>Смелые истории</title>' in atom
    assert '<entry xml:lang="en"><title>Brave stories</title>' in atom


def test_listing_titles_in_another_language_say_so(client, pair):
    home = client.get("/").content.decode()
    assert '<h2 class="post-title" lang="ru"><a' in home
    assert home.count('<h2 class="post-title"><a') == 1  # the English one


def test_tags_and_series_show_their_name_in_the_posts_language(client, pair):
    original, russian = pair
    series = SeriesFactory(title="Student essays")
    SeriesName.objects.create(series=series, language="ru", title="Эссе студентов")
    Post.objects.filter(pk=original.pk).update(series=series, series_part=1)
    Post.objects.filter(pk=russian.pk).update(series=series, series_part=2)
    TagName.objects.create(tag=Tag.objects.get(name="OSCE"), language="ru", name="ОБСЕ")
    ru_html = html_of(client, russian)
    assert 'rel="tag">ОБСЕ</a>' in ru_html
    assert ">Эссе студентов</a>" in ru_html
    en_html = html_of(client, original)
    assert 'rel="tag">OSCE</a>' in en_html and ">Student essays</a>" in en_html


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda en, ru: setattr(en, "translation_of", en), "translation_of"),
        (lambda en, ru: setattr(ru, "language", "en"), "language"),
    ],
)
def test_a_translation_must_make_sense(pair, change, field):
    original, russian = pair
    post = original if field == "translation_of" else russian
    change(original, russian)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert field in error.value.message_dict


def test_a_translation_of_a_translation_is_refused(pair):
    original, russian = pair
    kazakh = PostFactory.build(language="kk", translation_of=russian)
    with pytest.raises(ValidationError) as error:
        kazakh.full_clean()
    assert "Choose the original post" in str(error.value)


def test_one_translation_per_language(pair):
    original, _ = pair
    second = PostFactory.build(language="ru", translation_of=original)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already has a translation in this language" in str(error.value)


def test_an_original_with_translations_cannot_become_one(pair):
    original, _ = pair
    other = PostFactory(language="kk")
    original.translation_of = other
    with pytest.raises(ValidationError) as error:
        original.full_clean()
    assert "has translations of its own" in str(error.value)


def test_related_posts_leave_out_translations_and_mark_other_languages(client, pair):
    original, russian = pair
    other = PostFactory(title="Другой доклад", language="ru", tags=["OSCE"])
    html = html_of(client, original)
    related = re.search(r'<nav class="related-posts".*?</nav>', html, re.S).group(0)
    assert "Смелые истории" not in related  # "Also in" links it already
    assert (
        f'<a href="{other.get_absolute_url()}" lang="ru">Другой доклад</a>' in related
    )


def test_listings_show_tags_in_each_posts_language(client, pair):
    TagName.objects.create(tag=Tag.objects.get(name="OSCE"), language="ru", name="ОБСЕ")
    home = client.get("/").content.decode()
    assert home.count('rel="tag">ОБСЕ</a>') == 1  # the Russian post's
    assert home.count('rel="tag">OSCE</a>') == 1  # the English post's
