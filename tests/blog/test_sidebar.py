"""The sidebar: series, popular tags and monthly archives in two queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.sidebar import sidebar_context
from tests.factories import PostFactory, SeriesFactory

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
