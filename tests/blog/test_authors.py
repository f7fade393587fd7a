"""Author archives (/author/<username>/), their feeds and the profile behind them."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.authors.models import AuthorProfile
from blog.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol():
    user = UserFactory(username="carol", first_name="Carol", last_name="B.")
    AuthorProfile.objects.create(
        user=user, display_name="Carol Bennett", bio="Writes from Almaty.\n\nOften."
    )
    return user


def test_archive_lists_only_the_authors_published_posts_under_name_and_bio(
    client, carol
):
    mine = PostFactory(author=carol, title="Carol on the steppe")
    PostFactory(author=carol, title="Carol's draft", status=Post.Status.DRAFT)
    PostFactory(
        author=carol,
        title="Carol's next post",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    PostFactory(title="Someone else's post")
    response = client.get("/author/carol/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-heading">Carol Bennett</h1>' in html
    assert "<p>Writes from Almaty.</p>" in html and "<p>Often.</p>" in html
    assert mine.title in html
    for hidden in ("Carol's draft", "Carol's next post", "Someone else's post"):
        assert hidden not in html
    assert "<title>Carol Bennett · " in html
    assert 'href="/author/carol/feed/"' in html


def test_bio_is_escaped(client):
    user = UserFactory(username="eve")
    AuthorProfile.objects.create(user=user, bio="<script>alert(1)</script>")
    PostFactory(author=user)
    html = client.get("/author/eve/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_without_a_profile_the_account_name_is_shown(client):
    user = UserFactory(username="dmitri", first_name="Dmitri", last_name="Sokolov")
    PostFactory(author=user)
    html = client.get("/author/dmitri/").content.decode()
    assert '<h1 class="page-heading">Dmitri Sokolov</h1>' in html
    assert 'class="author-photo"' not in html  # no photo without a profile


def test_unknown_author_and_author_without_posts_are_404(client):
    UserFactory(username="admin-without-posts")
    drafter = UserFactory(username="drafter")
    PostFactory(author=drafter, status=Post.Status.DRAFT)
    for url in (
        "/author/nobody/",
        "/author/admin-without-posts/",
        "/author/drafter/",
        "/author/nobody/feed/",
        "/author/drafter/feed/",
        "/author/drafter/feed/atom/",
    ):
        assert client.get(url).status_code == 404, url


def test_archive_pages_like_the_home_page(client, carol):
    PostFactory.create_batch(12, author=carol)
    first = client.get("/author/carol/").content.decode()
    assert first.count('class="post-summary') == 10
    assert 'href="/author/carol/page/2/"' in first
    second = client.get("/author/carol/page/2/")
    assert second.status_code == 200
    assert second.content.decode().count('class="post-summary') == 2
    assert client.get("/author/carol/page/3/").status_code == 404
    one = client.get("/author/carol/page/1/")
    assert one.status_code == 301 and one["Location"] == "/author/carol/"


def test_usernames_with_dots_and_at_signs_have_archives(client):
    user = UserFactory(username="anna.k@example")
    PostFactory(author=user, title="Post by Anna")
    post_page = client.get(Post.objects.get(author=user).get_absolute_url())
    assert 'href="/author/anna.k@example/"' in post_page.content.decode()
    assert "Post by Anna" in client.get("/author/anna.k@example/").content.decode()


def test_posts_and_listings_link_the_authors_name(client, carol):
    post = PostFactory(author=carol, tags=["OSCE"])
    link = '<a class="author-link" href="/author/carol/" rel="author">Carol Bennett</a>'
    for url in ("/", "/tag/osce/", post.get_absolute_url(), "/author/carol/"):
        assert link in client.get(url).content.decode(), url


def test_feeds_carry_the_authors_posts_and_name(client, carol):
    PostFactory(author=carol, title="In the feed")
    PostFactory(title="Not in this feed")
    rss = client.get("/author/carol/feed/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith(
        "application/rss+xml"
    )
    body = rss.content.decode()
    assert "In the feed" in body and "Not in this feed" not in body
    assert "posts by Carol Bennett" in body
    atom = client.get("/author/carol/feed/atom/").content.decode()
    assert "<name>Carol Bennett</name>" in atom and "Not in this feed" not in atom
    assert "<name>Carol Bennett</name>" in client.get("/feed/atom/").content.decode()


def test_json_ld_names_and_links_the_author(client, carol):
    post = PostFactory(author=carol)
    html = client.get(post.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["author"] == {
        "@type": "Person",
        "name": "Carol Bennett",
        "url": "http://testserver/author/carol/",
    }


def test_editing_a_profile_purges_the_pages_showing_the_name(client, carol, settings):
    from blog.edge.models import PendingPurge

    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = ["http://127.0.0.1:1/"]  # queued, not sent
    post = PostFactory(author=carol)
    urls = ("/", "/author/carol/", post.get_absolute_url())
    shown = {url: set(client.get(url)["xkey"].split()) for url in urls}
    PendingPurge.objects.all().delete()
    profile = carol.author_profile
    profile.display_name, profile.bio = "Carol B. Bennett", "A new bio."
    profile.save()
    queued = {key for row in PendingPurge.objects.all() for key in row.keys.split()}
    for url in urls:
        assert shown[url] & queued, url
        assert "Carol B. Bennett" in client.get(url).content.decode(), url
    assert "A new bio." in client.get("/author/carol/").content.decode()


def test_archive_runs_the_same_queries_at_5_and_50_posts(client, settings, carol):
    from tests.blog.test_queries import count_queries

    PostFactory.create_batch(5, author=carol, tags=["OSCE", "Almaty"])
    small = count_queries(client, "/author/carol/")
    PostFactory.create_batch(45, author=carol, tags=["OSCE", "Kazakhstan"])
    large = count_queries(client, "/author/carol/")
    page_two = count_queries(client, "/author/carol/page/2/")
    print("author archive queries:", small, large, page_two)
    assert small == large == page_two


def test_demo_author_has_an_archive_with_a_bio_and_loading_twice_changes_nothing(
    client,
):
    call_command("load_demo", stdout=io.StringIO())
    first = list(AuthorProfile.objects.values())
    call_command("load_demo", stdout=io.StringIO())
    assert list(AuthorProfile.objects.values()) == first and len(first) == 1
    html = client.get("/author/author/").content.decode()
    assert '<h1 class="page-heading">Carol Bennett</h1>' in html
    assert "Carol Bennett teaches in Almaty" in html
    assert html.count('class="post-summary') == 5  # and the Russian translation


def test_the_photo_comes_from_the_library_and_costs_no_query(client, settings, carol):
    from tests.blog.test_queries import count_queries
    from tests.factories import ImageFactory

    PostFactory(author=carol)
    without = count_queries(client, "/author/carol/")
    profile = carol.author_profile
    profile.photo = ImageFactory(alt_text="Carol on the steppe")
    profile.save()
    page = client.get("/author/carol/").content.decode()
    assert re.search(r'<picture><source type="image/webp" srcset="[^"]+480w', page)
    assert 'alt="Carol on the steppe"' in page and 'width="' in page
    assert count_queries(client, "/author/carol/") == without
    profile.photo.delete()  # deleting the image leaves the profile, without a photo
    profile.refresh_from_db()
    assert profile.photo is None
    assert "<picture>" not in client.get("/author/carol/").content.decode()
