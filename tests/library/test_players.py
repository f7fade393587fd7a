"""[audio] and [video] in WordPress's forms: a player for a file kept elsewhere."""

import pytest

from blog.shortcodes import render_shortcodes
from library.models import Image, MediaFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "source"),
    [
        ('[audio src="https://a.example/one.mp3"]', "https://a.example/one.mp3"),
        (
            '[audio mp3="https://a.example/two.mp3"][/audio]',
            "https://a.example/two.mp3",
        ),
        ("[audio https://a.example/three.ogg]", "https://a.example/three.ogg"),
        (
            '[video mp4="https://a.example/ride.mp4"][/video]',
            "https://a.example/ride.mp4",
        ),
        ('[video src="/media/local.webm"]', "/media/local.webm"),
    ],
)
def test_each_form_is_a_player_with_a_source_and_a_download_link(code, source):
    html = render_shortcodes(f"<p>{code}</p>")
    kind = code[1:6]
    assert f"<{kind} controls" in html
    assert f'<source src="{source}"' in html
    assert f'<a href="{source}">' in html and "[" not in html.replace("[/", "")


def test_the_type_comes_from_the_address():
    html = render_shortcodes('<p>[video src="https://a.example/ride.mp4"]</p>')
    assert 'type="video/mp4"' in html


def test_a_poster_is_kept_when_it_is_an_address():
    html = render_shortcodes(
        '<p>[video src="https://a.example/r.mp4" poster="https://a.example/p.jpg"]</p>'
    )
    assert 'poster="https://a.example/p.jpg"' in html


@pytest.mark.parametrize(
    "code",
    [
        '[audio src="javascript:alert(1)"]',
        "[audio //evil.example/a.mp3]",
        "[video]",
        '[audio mp3="data:audio/mpeg;base64,AAAA"]',
    ],
)
def test_an_address_that_is_not_http_plays_nothing(code):
    html = render_shortcodes(f"<p>{code}</p>")
    assert "<audio" not in html and "<video" not in html
    assert "<source" not in html and "<a " not in html  # left as text


def test_a_hostile_poster_is_dropped():
    html = render_shortcodes(
        '<p>[video src="https://a.example/r.mp4" poster="javascript:alert(1)"]</p>'
    )
    assert "<video" in html and "poster=" not in html


def test_a_remote_library_file_and_image_render_from_their_address(client):
    from tests.factories import PostFactory

    song = MediaFile.objects.create(
        source_url="https://old.example/song.mp3", kind="audio",
        mime_type="audio/mpeg", title="Song",
    )  # fmt: skip
    photo = Image.objects.create(
        source_url="https://old.example/photo.jpg", alt_text="A photo",
        width=800, height=600,
    )  # fmt: skip
    post = PostFactory(
        featured_image=photo,
        body=f'<p>[audio id={song.pk}]</p><p><img data-file="{photo.pk}" alt=""></p>',
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<source src="https://old.example/song.mp3" type="audio/mpeg">' in html
    assert '<img src="https://old.example/photo.jpg" width="800" height="600"' in html
    assert 'alt="A photo"' in html


def test_remote_entries_open_in_admin_and_take_an_upload(author_client):
    from tests.library.conftest import upload

    photo = Image.objects.create(
        source_url="https://old.example/photo.jpg", alt_text="A photo"
    )
    song = MediaFile.objects.create(
        source_url="https://old.example/song.mp3", kind="audio", title="Song"
    )
    for url in (
        f"/admin/library/image/{photo.pk}/change/",
        f"/admin/library/mediafile/{song.pk}/change/",
        "/admin/library/image/",
        "/admin/library/mediafile/",
    ):
        page = author_client.get(url)
        assert page.status_code == 200, url
    assert (
        "https://old.example/photo.jpg"
        in author_client.get(
            f"/admin/library/image/{photo.pk}/change/"
        ).content.decode()
    )
    response = author_client.post(
        f"/admin/library/image/{photo.pk}/change/",
        {"file": upload(), "alt_text": "A photo", "caption": "", "credit": "",
         "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    photo.refresh_from_db()
    assert not photo.is_remote and photo.renditions


def test_an_entry_needs_a_file_or_an_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Upload a file"):
        MediaFile(title="Nothing", kind="audio").full_clean()
