import datetime

import feedparser
import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CommentFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/tag/osce/feed/",
    "/tag/osce/feed/atom/",
    "/series/essays/feed/",
    "/series/essays/feed/atom/",
    "/comments/feed/",
]


@pytest.fixture
def blog():
    series = SeriesFactory(slug="essays")
    live = PostFactory(
        title="Live post", tags=["OSCE"], series=series, series_part=1,
        body="<p>Full <strong>body</strong> text.</p>",
    )  # fmt: skip
    PostFactory(title="Draft post", tags=["OSCE"], status=Post.Status.DRAFT)
    PostFactory(
        title="Future post", tags=["OSCE"],
        published_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    CommentFactory(post=live, comment="Approved <b>words</b>", user_name="Ainur")
    CommentFactory(post=live, comment="Held words", is_public=False)
    draft = Post.objects.get(title="Draft post")
    CommentFactory(post=draft, comment="On a draft")
    return live


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_cleanly(client, blog, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    text = response.content.decode()
    for hidden in ("Draft post", "Future post", "Held words", "On a draft"):
        assert hidden not in text


def test_post_feed_items(client, blog):
    parsed = feedparser.parse(client.get("/feed/").content)
    entry = parsed.entries[0]
    assert entry.title == "Live post"
    assert entry.link.endswith(blog.get_absolute_url())
    assert "<strong>body</strong>" in entry.description
    assert {tag.term for tag in entry.tags} == {"OSCE"}


def test_feed_excerpts_by_setting(client, blog, settings):
    settings.FEED_FULL_CONTENT = False
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    assert (
        "<strong>" not in entry.description and "Full body text." in entry.description
    )


def test_comment_feed_escapes_reader_text(client, blog):
    entry = feedparser.parse(client.get("/comments/feed/").content).entries[0]
    assert entry.title == "Ainur on “Live post”"
    assert "&lt;b&gt;" in entry.description or "<b>" not in entry.description
    assert entry.link.endswith("#c" + entry.link.split("#c")[1])


def test_featured_image_is_an_enclosure(client, blog):
    from tests.factories import ImageFactory

    blog.featured_image = ImageFactory()
    blog.save()
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0


def test_unknown_tag_or_series_feed_is_404(client, blog):
    assert client.get("/tag/nope/feed/").status_code == 404
    assert client.get("/series/nope/feed/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/tag/osce/", "/series/essays/", "/tags/", "/2011/"]
)
def test_autodiscovery_links(client, blog, url):
    if url == "/2011/":
        url = f"/{blog.published_at:%Y}/"
    page = client.get(url).content.decode()
    assert 'type="application/rss+xml"' in page and 'href="/feed/"' in page
    assert 'type="application/atom+xml"' in page
    if "tag/osce" in url:
        assert 'href="/tag/osce/feed/"' in page
    if "series/essays" in url:
        assert 'href="/series/essays/feed/"' in page
