"""Sitemap, robots.txt, page metadata, reading time, related posts, tag cloud."""

import json
import re
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog import sidebar_html
from blog.models import Post
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    series = SeriesFactory(slug="essays", title="Essays")
    PostFactory(
        title="Part one", series=series, series_part=1, tags=["OSCE", "Kazakhstan"]
    )
    PostFactory(title="Part two", series=series, series_part=2, tags=["OSCE"])
    PostFactory(title="Cousin", tags=["OSCE", "Kazakhstan"])
    PostFactory(title="Distant", tags=["OSCE"])
    PostFactory(title="Unrelated", tags=["food"])
    PostFactory(title="Hidden", tags=["secret"], status=Post.Status.DRAFT)
    SeriesFactory(slug="empty-series")
    return series


def test_sitemap_lists_only_pages_that_answer_200(client, blog):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert len(locations) == 3 + 5 + 1 + 3  # pages, posts, series, tags
    assert "<lastmod>" in response.content.decode()
    for location in locations:
        path = urlparse(location).path
        assert client.get(path).status_code == 200, path
    assert not any("secret" in loc or "empty-series" in loc for loc in locations)


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_post_metadata(client, blog):
    post = Post.objects.get(title="Cousin")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<title>Cousin · " in page
    assert (
        f'<link rel="canonical" href="http://testserver{post.get_absolute_url()}">'
        in page
    )
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Cousin">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta name="description" content="Some words about the steppe.">' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    assert data["@type"] == "BlogPosting" and data["headline"] == "Cousin"
    assert set(data["keywords"]) == {"OSCE", "Kazakhstan"}


def test_json_ld_cannot_be_broken_out_of(client):
    post = PostFactory(title="</script><script>alert(1)</script>")
    page = client.get(post.get_absolute_url()).content.decode()
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )[1]
    assert "<" not in block and json.loads(block)["headline"].startswith("</script>")


def test_every_page_type_has_a_unique_title(client, blog):
    post = Post.objects.get(title="Cousin")
    urls = ["/", "/page/1/", "/tags/", "/series/", "/tag/osce/", "/series/essays/"]
    urls += [post.get_absolute_url(), "/search/?q=osce"]
    titles = {}
    for url in urls:
        page = client.get(url, follow=True).content.decode()
        titles[url] = re.search(r"<title>(.*?)</title>", page, re.S)[1]
        assert '<meta name="description"' in page and 'rel="canonical"' in page
    assert len(set(titles.values())) >= len(urls) - 1  # /page/1/ is the home page


def test_reading_time_is_computed_at_save(client):
    post = PostFactory(body="<p>" + "word " * 1300 + "</p>")
    assert post.reading_minutes == 7
    assert "7 min read" in client.get("/").content.decode()


def test_related_posts_share_tags_and_skip_the_series(client, blog):
    post = Post.objects.get(title="Part one")
    page = client.get(post.get_absolute_url()).content.decode()
    related = page.split('id="related-heading"')[1].split("</nav>")[0]
    assert related.index("Cousin") < related.index("Distant")
    assert "Part two" not in related and "Unrelated" not in related


def uncached_queries(client, url):
    cache.clear()
    sidebar_html.forget({"posts"})  # the sidebar is built again, not read
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    return context, page


def test_related_posts_and_tag_cloud_take_one_query_each(client, blog):
    post = Post.objects.get(title="Part one")
    client.get(post.get_absolute_url())
    small, _ = uncached_queries(client, post.get_absolute_url())
    for i in range(30):
        PostFactory(tags=["OSCE", "Kazakhstan", f"extra {i}"])
    large, page = uncached_queries(client, post.get_absolute_url())
    assert len(small) == len(large)
    sql = [q["sql"] for q in large.captured_queries]
    assert sum('"taggit_tag"' in s and "COUNT(" in s for s in sql) == 1  # the cloud
    assert 'class="tag-cloud"' in page and ">Kazakhstan<" in page
    with CaptureQueriesContext(connection) as kept:
        assert client.get(post.get_absolute_url()).content.decode() == page
    assert len(kept) < len(large)  # the sidebar kept: read, not counted again
    assert not any('"taggit_tag"' in q["sql"] and "COUNT(" in q["sql"] for q in kept)


def test_sidebar_shows_new_content_at_once(client, blog):
    """Nothing keeps the sidebar: the edge keeps whole pages, purged on writes."""
    client.get("/")
    PostFactory(title="Brand new", tags=["fresh tag"])
    assert ">fresh tag<" in client.get("/").content.decode()


def test_pages_expire_when_the_next_scheduled_post_goes_live(blog):
    import datetime
    import time

    from django.utils import timezone

    from blog.cache import LONGEST, horizon

    assert LONGEST - 5 <= horizon() - time.time() <= LONGEST
    PostFactory(published_at=timezone.now() + datetime.timedelta(seconds=90))
    assert 85 <= horizon() - time.time() <= 90


def test_tag_cloud_sizes_by_use(client, blog):
    page = client.get("/").content.decode()
    cloud = page.split('class="tag-cloud"')[1].split("</ul>")[0]
    assert 'class="size-4" href="/tag/osce/"' in cloud
    assert "secret" not in cloud
