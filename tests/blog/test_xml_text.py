"""Every feed, the sitemap and the export stay well-formed XML whatever readers type."""

import io
from xml.etree import ElementTree

import feedparser
import pytest

from blog.wxr.export import write_wxr
from blog.xmltext import NOT_XML, xml_text
from tests.factories import CommentFactory, PostFactory, SeriesFactory
from tests.payloads import CONTROL, blns, everything

pytestmark = pytest.mark.django_db


def stored(text: str) -> str:
    """The text as PostgreSQL can hold it (it refuses NUL; the forms do too)."""
    return text.replace("\x00", "")


def feeds(tag, series):
    return [
        "/feed/",
        "/feed/atom/",
        "/comments/feed/",
        f"/tag/{tag}/feed/",
        f"/tag/{tag}/feed/atom/",
        f"/series/{series}/feed/",
        f"/series/{series}/feed/atom/",
    ]


@pytest.fixture
def naughty_blog(monkeypatch):
    """Every payload as an approved comment; the odd ones in titles, tags, series."""
    monkeypatch.setattr("blog.feeds.ITEMS", 1000)  # every comment in one feed
    odd = [s for s in everything() if NOT_XML.search(s)]
    series = SeriesFactory(title="Series \x1b[0;31m", description="Desc\x08\x07")
    posts = [
        PostFactory(
            title=f"Title {i} {stored(text)}"[:200],
            body=f"<p>{stored(text)}</p>",
            excerpt=stored(text),
            series=series,
            series_part=i + 1,
            tags=["naughty", f"bell\x07 {i}"],
        )
        for i, text in enumerate(odd)
    ]
    for i, text in enumerate(everything()):
        CommentFactory(
            post=posts[i % len(posts)],
            comment=stored(text) or "(empty)",
            user_name=stored(text)[:50] or "anonymous",
            user_url="https://example.com/\x1b",
        )
    return series, posts


def test_the_corpus_holds_what_xml_cannot():
    assert len(blns()) == 485
    assert sum(bool(NOT_XML.search(s)) for s in blns()) == 3
    assert all(NOT_XML.search(s) for s in CONTROL)


def test_xml_text_drops_only_what_xml_cannot_carry():
    kept = "Roses [0;31mred\t\n\r Ω 👾"
    assert xml_text("Roses \x1b[0;31mred\x07\ufffe\t\n\r Ω 👾") == kept


def test_feeds_sitemap_and_export_parse_with_every_payload_approved(
    client, naughty_blog
):
    series, posts = naughty_blog
    for url in feeds("naughty", series.slug):
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # strict: expat refuses bad XML
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        expected = len(everything()) if url.startswith("/comments/") else len(posts)
        assert len(parsed.entries) == expected, url
    comments = feedparser.parse(client.get("/comments/feed/").content)
    texts = " ".join(entry.summary for entry in comments.entries)
    assert "Roses are [0;31mred" in texts and "\x1b" not in texts

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert len([el for el in root.iter() if el.tag.endswith("}loc")]) > len(posts)

    out = io.StringIO()
    assert write_wxr(out)["comments"] == len(everything())
    root = ElementTree.fromstring(out.getvalue().encode())
    wp = "{http://wordpress.org/export/1.2/}"
    contents = [el.text or "" for el in root.iter(f"{wp}comment_content")]
    assert len(contents) == len(everything())
    assert any("Roses are [0;31mred" in text for text in contents)
