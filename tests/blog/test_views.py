import datetime

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CommentFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_home_lists_newest_published_posts_ten_a_page(client):
    posts = PostFactory.create_batch(12)  # newest first: posts[0]
    PostFactory(title="Secret draft", status=Post.Status.DRAFT)
    PostFactory(
        title="Not yet", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    first = html(client.get("/"))
    assert posts[0].title in first and posts[9].title in first
    assert posts[10].title not in first
    assert "Secret draft" not in first and "Not yet" not in first
    assert 'href="/page/2/"' in first
    second = client.get("/page/2/")
    assert second.status_code == 200
    assert posts[11].title in html(second)
    assert 'href="/"' in html(second)


def test_listing_entry_shows_meta_tags_label_and_comment_link(client):
    series = SeriesFactory(title="Essays", is_complete=False)
    post = PostFactory(
        title="Courage", series=series, series_part=4, tags=["OSCE", "Central Asia"]
    )
    CommentFactory(post=post)
    bare = PostFactory(title="Quiet post")
    page = html(client.get("/"))
    assert "Part IV" in page
    assert 'href="/tag/osce/"' in page and 'href="/tag/central-asia/"' in page
    assert f'href="{post.get_absolute_url()}#comments">Comments (1) »' in page
    assert f'href="{bare.get_absolute_url()}#comments">Leave a comment »' in page
    assert post.author.username in page


def test_held_comments_do_not_count_on_listings(client):
    post = PostFactory()
    CommentFactory(post=post, is_public=False)
    assert "Leave a comment »" in html(client.get("/"))


@pytest.mark.parametrize("url", ["/page/0/", "/page/abc/", "/page/3/", "/?page=9"])
def test_bad_page_numbers_are_404(client, url):
    PostFactory.create_batch(3)
    assert client.get(url).status_code == 404


def test_unknown_url_gets_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert 'href="/"' in html(response)


def test_post_page(client):
    post = PostFactory(title="Brave Stories", tags=["OSCE"], body="<p>Full text.</p>")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    assert '<h1 class="post-title">Brave Stories</h1>' in page
    assert "Full text." in page
    assert 'href="/tag/osce/"' in page
    assert 'id="comments"' in page


@pytest.mark.parametrize("kind", ["draft", "future", "wrong-date", "bad-date"])
def test_hidden_or_misaddressed_posts_are_404(client, kind):
    post = PostFactory(slug="hidden")
    url = post.get_absolute_url()
    if kind == "draft":
        post.status = Post.Status.DRAFT
        post.save()
    elif kind == "future":
        post.published_at = timezone.now() + datetime.timedelta(days=2)
        post.save()
        url = post.get_absolute_url()
    elif kind == "wrong-date":
        url = "/2001/01/01/hidden/"
    else:
        url = "/2011/02/31/hidden/"
    assert client.get(url).status_code == 404


def test_series_part_page_has_navigation_and_part_list(client):
    series = SeriesFactory(title="Student essays", is_complete=False)
    two = PostFactory(title="Part two", series=series, series_part=2)
    four = PostFactory(title="Part four", series=series, series_part=4)
    PostFactory(
        title="Part five draft",
        series=series,
        series_part=5,
        status=Post.Status.DRAFT,
    )
    page = html(client.get(four.get_absolute_url()))
    assert "Part IV of" in page and 'href="/series/' in page
    assert f'href="{two.get_absolute_url()}" rel="prev"' in page
    assert 'rel="next"' not in page
    assert "Part five draft" not in page
    page_two = html(client.get(two.get_absolute_url()))
    assert f'href="{four.get_absolute_url()}" rel="next"' in page_two


def test_tag_page_and_pagination(client):
    tagged = PostFactory.create_batch(11, tags=["OSCE"])
    PostFactory(title="Untagged one")
    response = client.get("/tag/osce/")
    page = html(response)
    assert "Posts tagged OSCE" in page
    assert "Untagged one" not in page
    assert 'href="/tag/osce/page/2/"' in page
    assert tagged[10].title in html(client.get("/tag/osce/page/2/"))
    assert client.get("/tag/osce/page/3/").status_code == 404
    assert client.get("/tag/nothing/").status_code == 404


def test_cyrillic_tag_page(client):
    PostFactory(title="Про Казахстан", tags=["Казахстан"])
    response = client.get("/tag/казахстан/")
    assert response.status_code == 200
    assert "Posts tagged Казахстан" in html(response)


def test_tag_index_counts_published_posts_only(client):
    PostFactory.create_batch(2, tags=["OSCE"])
    PostFactory(tags=["OSCE", "drafty"], status=Post.Status.DRAFT)
    page = html(client.get("/tags/"))
    assert "2 posts" in page
    assert "drafty" not in page


def test_series_index_and_detail(client):
    series = SeriesFactory(title="Expat survey", description="Six parts.")
    PostFactory(title="Final one", series=series, series_part=6)
    PostFactory(title="Early one", series=series, series_part=1)
    index = html(client.get("/series/"))
    assert "Expat survey" in index
    detail = html(client.get(series.get_absolute_url()))
    assert "Six parts." in detail
    assert detail.index("Early one") < detail.index("Final one")


def test_series_without_published_parts_is_404(client):
    series = SeriesFactory()
    PostFactory(series=series, series_part=1, status=Post.Status.DRAFT)
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get("/series/missing/").status_code == 404


def test_date_archives(client):
    post = PostFactory(
        title="November post",
        published_at=datetime.datetime(2010, 11, 27, 12, tzinfo=datetime.UTC),
    )
    PostFactory(
        title="January post",
        published_at=datetime.datetime(2011, 1, 22, 12, tzinfo=datetime.UTC),
    )
    year = html(client.get("/2010/"))
    assert "November post" in year and "January post" not in year
    assert "Posts from 2010" in year
    month = html(client.get("/2010/11/"))
    assert "Posts from November 2010" in month and "November post" in month
    day = html(client.get("/2010/11/27/"))
    assert "November post" in day
    assert client.get(post.get_absolute_url()).status_code == 200
    for empty in ("/2009/", "/2010/10/", "/2010/11/26/", "/2010/13/", "/2010/02/30/"):
        assert client.get(empty).status_code == 404, empty


def test_draft_preview_needs_permission(client):
    draft = PostFactory(title="Work in progress", status=Post.Status.DRAFT)
    url = f"/preview/{draft.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(draft.author)
    assert client.get(url).status_code == 403


def test_pages_have_landmarks_and_one_h1(client):
    post = PostFactory(tags=["OSCE"], series=SeriesFactory(), series_part=1)
    for url in ("/", "/tags/", "/series/", "/tag/osce/", post.get_absolute_url()):
        page = html(client.get(url))
        assert page.count("<h1") == 1, url
        for landmark in ('<main id="main"', "<header", "<nav", "<footer", "<aside"):
            assert landmark in page, (url, landmark)
        assert 'class="skip-link" href="#main"' in page


def test_page_one_redirects_to_the_listing(client):
    PostFactory(tags=["OSCE"])
    assert client.get("/page/1/").url == "/"
    assert client.get("/tag/osce/page/1/").url == "/tag/osce/"
