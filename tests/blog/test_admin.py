import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.models import Post
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


def png(width=1600, height=900, fmt="PNG", name="photo.png"):
    """Noise, so the file is as large as a photo of that size."""
    buffer = io.BytesIO()
    noise = os.urandom(width * height * 3)
    Image.frombytes("RGB", (width, height), noise).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


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


def test_featured_image_is_reencoded_with_renditions(author_client):
    data = post_data(featured_image=png(), featured_image_alt="Blue")
    response = author_client.post("/admin/blog/post/add/", data)
    assert response.status_code == 302
    post = Post.objects.get(slug="a-new-essay")
    assert post.featured_image.name.endswith(".jpg")
    assert sorted(post.image_renditions["widths"], key=int) == [
        "480",
        "960",
        "1440",
        "1600",
    ]
    page = author_client.get(post.get_absolute_url()).content.decode()
    assert "480w" in page and "1440w" in page and 'alt="Blue"' in page
    image = author_client.get(post.featured_image.url)
    assert image.status_code in (200, 404)  # served only where SERVE_MEDIA is on


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "evil.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                content_type="image/svg+xml",
            ),
            "Upload a valid image",
        ),
        (
            SimpleUploadedFile("text.png", b"not an image", content_type="image/png"),
            "Upload a valid image",
        ),
    ],
)
def test_bad_images_are_form_errors(author_client, upload, message):
    data = post_data(featured_image=upload)
    response = author_client.post("/admin/blog/post/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_oversized_and_too_many_pixels_are_form_errors(author_client, settings):
    settings.IMAGE_MAX_BYTES = 2_000
    response = author_client.post(
        "/admin/blog/post/add/", post_data(featured_image=png(400, 400))
    )
    assert "larger than" in response.content.decode()
    settings.IMAGE_MAX_BYTES = 10 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 10_000
    response = author_client.post(
        "/admin/blog/post/add/", post_data(featured_image=png(200, 200))
    )
    assert "too many pixels" in response.content.decode()
    assert not Post.objects.exists()


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
