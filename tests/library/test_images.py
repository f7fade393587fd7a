"""Library images: re-encoded, measured, renditions with WebP; bad files refused."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow

from library.models import Image
from tests.library.conftest import stored_files, upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/library/image/upload/"


def test_upload_is_reencoded_measured_and_has_webp_renditions(author_client):
    exif = Pillow.Exif()
    exif[0x010F] = "SecretCam"  # Make: metadata that must not survive
    buffer = io.BytesIO()
    Pillow.new("RGB", (2000, 1000), "teal").save(buffer, "JPEG", exif=exif)
    file = SimpleUploadedFile("Holiday.JPG", buffer.getvalue(), "image/jpeg")
    response = author_client.post(UPLOAD_URL, {"files": [file], "caption": "Sea"})
    assert response.status_code == 302, response.content.decode()[:1500]
    image = Image.objects.get()
    assert (image.width, image.height) == (2000, 1000)
    assert image.uploaded_by == author_client.user and image.caption == "Sea"
    assert sorted(image.renditions, key=int) == ["480", "960", "1440", "2000"]
    assert all(set(formats) == {"jpg", "webp"} for formats in image.renditions.values())
    with image.file.open() as handle, Pillow.open(handle) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    webp_name = image.renditions["480"]["webp"]
    with image.file.storage.open(webp_name) as handle, Pillow.open(handle) as webp:
        assert webp.format == "WEBP" and webp.width == 480
    assert image.file_size == image.file.size


def test_several_files_at_once_then_alt_text_in_the_list(author_client):
    files = [upload(name="one.png"), upload(name="two.png")]
    response = author_client.post(UPLOAD_URL, {"files": files})
    images = Image.objects.order_by("pk")
    assert [i.file_name for i in images] == ["one.jpg", "two.jpg"]
    ids = ",".join(str(i.pk) for i in images)
    assert response["Location"] == f"/admin/library/image/?pk__in={ids}"
    page = author_client.get(response["Location"]).content.decode()
    assert "Uploaded 2 images" in page
    assert page.count('name="form-0-alt_text"') == 1  # alt text editable in the list
    assert "one.jpg" in page and "two.jpg" in page


def truncated_png() -> bytes:
    buffer = io.BytesIO()
    Pillow.new("RGB", (300, 300), "red").save(buffer, "PNG")
    return buffer.getvalue()[:200]


def claims_pixels(width, height) -> bytes:
    """A PNG header that claims this size, with almost no data."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.png", b"just some text", "Upload a JPEG, PNG, GIF or WebP image."),
        (
            "evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "Upload a JPEG, PNG, GIF or WebP image.",
        ),
        ("big.png", claims_pixels(8_000, 8_000), "too many pixels"),
        ("bomb.png", claims_pixels(30_000, 30_000), "Upload a JPEG, PNG, GIF"),
        ("wide.png", claims_pixels(10_000, 3), "at most 20 times the other"),
        ("cut.png", truncated_png(), "could not be read"),
    ],
)
def test_bad_files_are_form_errors_and_leave_no_file(
    author_client, media_root, name, data, message
):
    file = SimpleUploadedFile(name, data, "image/png")
    response = author_client.post(UPLOAD_URL, {"files": [file]})
    page = response.content.decode()
    assert response.status_code == 200
    assert name in page and "errorlist" in page
    assert message in page
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_too_big_is_a_form_error(author_client, settings, media_root):
    settings.IMAGE_MAX_BYTES = 2_000
    response = author_client.post(UPLOAD_URL, {"files": [upload(400, 400, noise=True)]})
    assert "larger than" in response.content.decode()
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_good_files_are_kept_when_one_is_refused(author_client):
    bad = SimpleUploadedFile("bad.png", b"nope", "image/png")
    response = author_client.post(UPLOAD_URL, {"files": [upload(name="ok.png"), bad]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "bad.png: Upload a JPEG, PNG, GIF or WebP image." in page
    assert "Uploaded 1 image" in page
    assert [i.file_name for i in Image.objects.all()] == ["ok.jpg"]


def test_a_failed_save_leaves_no_files(media_root, monkeypatch):
    from django.db import models

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(models.Model, "save", fail)
    image = Image(alt_text="x", file=upload(name="lost.png"))
    with pytest.raises(RuntimeError):
        image.save()
    assert stored_files(media_root) == []


def test_deleting_an_unused_image_removes_its_files(
    author_client, media_root, django_capture_on_commit_callbacks
):
    author_client.post(UPLOAD_URL, {"files": [upload(name="gone.png")]})
    image = Image.objects.get()
    assert len(stored_files(media_root)) == 1 + 2 * len(image.renditions) - 1
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            f"/admin/library/image/{image.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert stored_files(media_root) == []


def test_replacing_the_file_removes_the_old_ones(
    author_client, media_root, django_capture_on_commit_callbacks
):
    author_client.post(UPLOAD_URL, {"files": [upload(name="first.png")]})
    image = Image.objects.get()
    before = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            f"/admin/library/image/{image.pk}/change/",
            {"file": upload(800, 600, name="second.png"), "alt_text": "New"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    after = stored_files(media_root)
    assert not set(before) & set(after)
    assert all("second" in name for name in after)
    assert (image.width, image.height) == (800, 600)
