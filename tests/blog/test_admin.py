import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_client(client):
    author = UserFactory(username="carol", group="Authors")
    client.force_login(author)
    client.user = author
    return client


def post_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "A new essay",
        "slug": "a-new-essay",
        "body": '<p>Hello <script>alert(1)</script><a href="javascript:x()">x</a></p>',
        "excerpt": "",
        "tags": 'OSCE, "Central Asia", Казахстан',
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": (now - timezone.timedelta(minutes=1)).strftime("%H:%M:%S"),
        "allow_comments": "on",
        "series": "",
        "series_part": "",
        "featured_image_alt": "",
    }
    data.update(overrides)
    return data


def test_author_writes_and_publishes_a_post(author_client):
    response = author_client.post("/admin/blog/post/add/", post_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="a-new-essay")
    assert post.author == author_client.user
    assert "<script" not in post.body and "javascript:" not in post.body
    assert sorted(t.name for t in post.tags.all()) == [
        "Central Asia",
        "OSCE",
        "Казахстан",
    ]
    assert author_client.get("/").content.decode().count("A new essay") >= 1


# Image uploads and their checks: tests/library/test_images.py (the library).


def test_taken_series_part_is_a_form_error(author_client):
    series = SeriesFactory(title="Essays")
    PostFactory(series=series, series_part=4, title="The first part four")
    data = post_data(series=series.pk, series_part="4")
    response = author_client.post("/admin/blog/post/add/", data)
    assert response.status_code == 200
    assert "Part IV of “Essays” is already “The first part four”" in (
        response.content.decode()
    )


def test_series_needs_part_and_part_needs_series(author_client):
    series = SeriesFactory()
    page = author_client.post(
        "/admin/blog/post/add/", post_data(series=series.pk)
    ).content.decode()
    assert "Give this part a number" in page
    page = author_client.post(
        "/admin/blog/post/add/", post_data(series_part="3")
    ).content.decode()
    assert "Choose the series" in page


def test_author_previews_a_draft(author_client, client):
    draft = PostFactory(title="Draft essay", status=Post.Status.DRAFT)
    response = author_client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "this draft is not visible to readers" in response.content.decode()
    assert "Draft essay" in response.content.decode()
    change = author_client.get(f"/admin/blog/post/{draft.pk}/change/")
    assert f"/preview/{draft.pk}/" in change.content.decode()


def test_admin_list_shows_status_series_tags_and_counts(author_client):
    series = SeriesFactory(title="Survey")
    PostFactory(
        title="Scheduled one", published_at=timezone.now() + timezone.timedelta(days=3)
    )
    PostFactory(title="Part one", series=series, series_part=1, tags=["OSCE"])
    page = author_client.get("/admin/blog/post/").content.decode()
    assert "Scheduled" in page and "Survey" in page and "OSCE" in page
    assert author_client.get("/admin/blog/post/?status__exact=draft").status_code == 200
    assert author_client.get("/admin/blog/post/?q=Part").status_code == 200
