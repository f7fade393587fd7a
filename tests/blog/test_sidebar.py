"""The sidebar: series, popular tags and monthly archives in two queries."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from taggit.models import Tag

from blog import sidebar_html
from blog.languages.models import TagName
from blog.models import Post
from blog.sidebar import sidebar_context
from blog.sidebar_html import SidebarHTML
from tests.factories import CommentFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def at(year, month):
    return timezone.make_aware(datetime.datetime(year, month, 10, 12))


@pytest.fixture
def blog():
    steppe = SeriesFactory(title="Steppe notes", slug="steppe-notes")
    alpha = SeriesFactory(title="Almaty days", slug="almaty-days")
    PostFactory(published_at=at(2011, 2), series=steppe, series_part=1, tags=["OSCE"])
    PostFactory(published_at=at(2011, 3), series=steppe, series_part=2, tags=["OSCE"])
    PostFactory(published_at=at(2011, 3), series=alpha, series_part=1, tags=["tea"])
    PostFactory(published_at=at(2011, 3), tags=["OSCE", "tea", "yurt"])
    # Neither a draft nor a scheduled post counts anywhere.
    PostFactory(published_at=at(2011, 4), status="draft", series=alpha, series_part=2)
    PostFactory(
        published_at=timezone.now() + datetime.timedelta(days=3),
        series=alpha,
        series_part=3,
        tags=["secret"],
    )


def test_counts_months_series_and_tags_of_published_posts_only(blog):
    context = sidebar_context()
    assert [(m["label"], m["n"], m["url"]) for m in context["months"]] == [
        ("March 2011", "3", "/2011/03/"),
        ("February 2011", "1", "/2011/02/"),
    ]
    assert [(s["title"], s["n"], s["url"]) for s in context["series_list"]] == [
        ("Almaty days", "1", "/series/almaty-days/"),
        ("Steppe notes", "2", "/series/steppe-notes/"),
    ]
    tags = {tag.name: (tag.post_count, tag.size) for tag in context["tags"]}
    assert tags == {"OSCE": (3, 4), "tea": (2, 3), "yurt": (1, 2)}


def test_a_month_is_the_site_time_zones_month(settings):
    """A post at 22:00 UTC on 31 March is on 1 April in Almaty: April counts it."""
    settings.TIME_ZONE = "Asia/Almaty"
    late = datetime.datetime(2011, 3, 31, 22, 0, tzinfo=datetime.UTC)
    PostFactory(published_at=late)
    PostFactory(published_at=late - datetime.timedelta(days=1))
    months = [(m["label"], m["n"], m["url"]) for m in sidebar_context()["months"]]
    assert months == [
        ("April 2011", "1", "/2011/04/"),
        ("March 2011", "1", "/2011/03/"),
    ]


def test_two_queries_whatever_the_number_of_posts_months_and_tags(blog):
    with CaptureQueriesContext(connection) as small:
        sidebar_context()
    for month in range(1, 13):
        PostFactory(published_at=at(2015, month), tags=[f"tag {month}", "OSCE"])
    with CaptureQueriesContext(connection) as large:
        context = sidebar_context()
    assert len(small) == len(large) == 2
    assert len(context["months"]) == 14


def test_home_page_shows_the_sidebar(client, blog):
    html = client.get("/").content.decode()
    aside = html.split('<aside class="sidebar"')[1].split("</aside>")[0]
    assert '<a href="/2011/03/">March 2011</a> <span class="count">(3)</span>' in aside
    assert '<a href="/series/steppe-notes/">Steppe notes</a>' in aside
    assert ">secret<" not in aside


# The sidebar is kept (blog.sidebar_html) until a write bumps "posts".


def stored(language="en"):
    return SidebarHTML.objects.get(language=language)


def test_kept_after_a_render_then_read_in_one_query(blog):
    first = sidebar_html.sidebar()
    assert stored().html == first
    with CaptureQueriesContext(connection) as queries:
        again = sidebar_html.sidebar()
    assert again == first
    assert len(queries) == 1


def test_a_published_post_clears_every_language_and_shows_next_time(blog):
    sidebar_html.sidebar()
    with translation.override("ru"):
        sidebar_html.sidebar()
    assert stored("ru").html and "Март 2011" in stored("ru").html
    PostFactory(published_at=at(2012, 7), tags=["OSCE"])
    assert stored().html == stored("ru").html == ""
    assert '<a href="/2012/07/">July 2012</a>' in sidebar_html.sidebar()


def test_a_translated_tag_name_clears_it(blog):
    sidebar_html.sidebar()
    TagName.objects.create(tag=Tag.objects.get(name="OSCE"), language="ru", name="ОБСЕ")
    assert stored().html == ""


def test_a_comment_leaves_it_kept(blog):
    sidebar_html.sidebar()
    CommentFactory(post=Post.objects.published().first())
    assert stored().html


def test_a_scheduled_post_ends_it_when_it_goes_live(blog):
    html = sidebar_html.sidebar()
    scheduled = Post.objects.get(tags__name="secret")
    assert stored().valid_until == scheduled.published_at
    later = scheduled.published_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        live = sidebar_html.sidebar()
    assert ">secret<" not in html
    assert ">secret<" in live


def test_a_render_overtaken_by_a_write_is_not_kept(blog):
    """A reader read the generation, then a write committed: what it rendered
    before the write must not stay."""
    generation = stored().generation
    sidebar_html.forget({"posts"})
    sidebar_html._store("en", generation, "<aside>before the write</aside>", None)
    assert stored().html == ""
    sidebar_html._store("en", generation + 1, "<aside>after</aside>", None)
    assert stored().html == "<aside>after</aside>"


def test_names_it_does_not_show_leave_it(blog):
    sidebar_html.sidebar()
    sidebar_html.forget({"post:1", "comments", "pages"})
    assert stored().html


@pytest.mark.django_db(transaction=True)
def test_each_language_has_a_row_after_a_flush():
    """A bump must find the rows: they exist before any reader renders."""
    codes = {code for code, _ in settings.LANGUAGES}
    assert set(SidebarHTML.objects.values_list("language", flat=True)) >= codes


def test_built_every_time_when_not_kept(blog, settings):
    settings.STEPPE_KEEP_SIDEBAR = False
    sidebar_html.sidebar()
    assert stored().html == ""
    with CaptureQueriesContext(connection) as queries:
        sidebar_html.sidebar()
    assert len(queries) == 3  # the next publication, months and series, tags
