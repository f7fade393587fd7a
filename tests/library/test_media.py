"""Audio and video uploads: known containers whose bytes match their names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import MediaFile
from tests.library.conftest import stored_files

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/library/mediafile/add/"
SAMPLES = {
    "talk.mp3": b"ID3\x03\x00" + bytes(40),
    "song.ogg": b"OggS" + bytes(40),
    "clip.webm": b"\x1a\x45\xdf\xa3" + bytes(40),
    "clip.mp4": b"\x00\x00\x00\x18ftypisom" + bytes(40),
    "voice.wav": b"RIFF\x00\x00\x00\x00WAVE" + bytes(40),
}


@pytest.mark.parametrize(("name", "data"), SAMPLES.items())
def test_known_files_are_stored_with_kind_and_type(author_client, name, data):
    file = SimpleUploadedFile(name, data, "application/octet-stream")
    response = author_client.post(ADD_URL, {"file": file, "title": "A recording"})
    assert response.status_code == 302, response.content.decode()[:2000]
    media = MediaFile.objects.get()
    expected = "video" if name.startswith("clip") else "audio"
    assert media.kind == expected and media.mime_type.startswith(expected)
    assert media.file_size == len(data) and media.uploaded_by == author_client.user


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "Upload an audio or video file"),
        ("fake.mp3", b"<?php echo 1; ?>" + bytes(20), "not the MP3 file"),
        ("fake.mp4", b"OggS" + bytes(20), "not the MP4 file"),
    ],
)
def test_other_files_are_form_errors_and_leave_nothing(
    author_client, media_root, name, data, message
):
    file = SimpleUploadedFile(name, data, "audio/mpeg")
    response = author_client.post(ADD_URL, {"file": file, "title": "Bad"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MediaFile.objects.exists() and stored_files(media_root) == []


def test_too_big_is_a_form_error(author_client, settings):
    settings.MEDIA_FILE_MAX_BYTES = 10
    file = SimpleUploadedFile("talk.mp3", SAMPLES["talk.mp3"], "audio/mpeg")
    response = author_client.post(ADD_URL, {"file": file, "title": "Big"})
    assert "larger than" in response.content.decode()
    assert not MediaFile.objects.exists()
