import pytest
from django.db import connection

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking and stemming need PostgreSQL"
)


def titles(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    import re

    return re.findall(r'class="post-title"><a [^>]*>([^<]*)</a>', page), page


@pytest.fixture
def posts():
    PostFactory(
        title="Human trafficking in Central Asia",
        body="<p>Victims of trafficking need shelters.</p>",
        tags=["OSCE"],
    )
    PostFactory(
        title="Winter in Astana",
        body="<p>Snow, tea and a note on trafficking laws.</p>",
    )
    PostFactory(
        title="Торговля людьми",
        body="<p>Жертвы торговли людьми в Казахстане.</p>",
        language="ru",
    )
    PostFactory(
        title="Secret trafficking draft",
        status=Post.Status.DRAFT,
        body="<p>trafficking</p>",
    )


def test_search_finds_published_posts_only(client, posts):
    found, _ = titles(client, "trafficking")
    assert "Human trafficking in Central Asia" in found
    assert "Secret trafficking draft" not in found


def test_header_has_a_labelled_search_box(client, posts):
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'for="site-search-q"' in page


@postgres_only
def test_title_matches_rank_above_body_matches_with_highlighted_snippets(client, posts):
    found, page = titles(client, "trafficking")
    assert found[:2] == ["Human trafficking in Central Asia", "Winter in Astana"]
    assert "<mark>trafficking</mark>" in page


@postgres_only
def test_stemming_and_typos(client, posts):
    assert "Human trafficking in Central Asia" in titles(client, "trafficked")[0]
    assert "Human trafficking in Central Asia" in titles(client, "trafficing")[0]
    assert "Торговля людьми" in titles(client, "торговля")[0]
    assert "Торговля людьми" in titles(client, "Казахстан")[0]


@postgres_only
def test_tags_are_searched(client, posts):
    assert titles(client, "OSCE")[0] == ["Human trafficking in Central Asia"]


def test_search_vector_follows_tag_changes(client, posts):
    post = Post.objects.get(title="Winter in Astana")
    post.tags.add("yurts")
    assert "Winter in Astana" in titles(client, "yurts")[0]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("x" * 201, "too long"),
    ],
)
def test_empty_and_long_queries_get_a_friendly_page(client, q, message):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "q",
    ["'", '"unbalanced', "a & | ! b", "(((", "<script>alert(1)</script>",
     "-", "OR", "*", "😀", "' OR 1=1 --", "\\", "%_%"],
)  # fmt: skip
def test_odd_queries_never_fail(client, posts, q):
    """A NUL is refused before the view: tests/blog/test_odd_bytes.py."""
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_results_are_paginated(client):
    PostFactory.create_batch(12, title="Steppe notes", body="<p>steppe</p>")
    first = client.get("/search/", {"q": "steppe"}).content.decode()
    assert "12 posts found" in first and "/search/?q=steppe&amp;page=2" in first
    second = client.get("/search/", {"q": "steppe", "page": 2})
    assert second.status_code == 200
    assert client.get("/search/", {"q": "steppe", "page": 9}).status_code == 404
