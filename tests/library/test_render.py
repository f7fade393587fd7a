"""What readers get: srcset, sizes, size, lazy, alt; galleries; players."""

import re

import pytest
from django.core.files.base import ContentFile

from library.render import render_figures
from tests.factories import (
    GalleryFactory,
    ImageFactory,
    MediaFileFactory,
    PostFactory,
)
from tests.library.test_admin import figure

pytestmark = pytest.mark.django_db


def imgs(html):
    return re.findall(r"<img\b[^>]*>", html)


def test_body_images_get_srcset_size_alt_and_lazy_below_the_first(client):
    first, second = ImageFactory(alt_text="First"), ImageFactory(alt_text="Second")
    post = PostFactory(body=figure(first, "One") + "<p>Words.</p>" + figure(second))
    html = client.get(post.get_absolute_url()).content.decode()
    body = html.split('class="post-body"', 1)[1]
    one, two = imgs(body)[:2]
    assert f"{first.file.storage.url(first.renditions['480']['jpg'])} 480w" in one
    assert 'sizes="(min-width: 60rem) 42rem, 100vw"' in one
    assert 'width="600" height="400"' in one and 'alt="First"' in one
    assert "loading=" not in one  # may be in view when the page opens
    assert 'loading="lazy"' in two and 'alt="Second"' in two
    assert '<source type="image/webp" srcset="' in body and "-480w.webp 480w" in body
    assert "<figcaption>One</figcaption>" in body


def test_alt_written_in_the_body_wins_and_the_library_fills_a_blank():
    image = ImageFactory(alt_text="Library alt")
    body = f'<img src="x" alt="" data-file="{image.pk}">'
    assert 'alt="Library alt"' in render_figures(body)
    body = f'<img src="x" alt="Said &amp; done" data-file="{image.pk}">'
    assert 'alt="Said &amp; done"' in render_figures(body)


def test_a_new_rendition_needs_no_body_rewrite(client, settings):
    image = ImageFactory()
    post = PostFactory(body=figure(image))
    stored = post.body
    image.renditions["300"] = {"jpg": image.renditions["480"]["jpg"]}
    image.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert " 300w" in html  # shown at once: the image's edit made the page stale
    post.refresh_from_db()
    assert post.body == stored and "srcset" not in stored


def test_untrusted_body_attributes_are_not_copied(client):
    image = ImageFactory()
    body = (
        f'<img src="x" alt="a" data-file="{image.pk}" onerror="alert(1)" '
        'srcset="javascript:alert(1) 1w" width="1">'
    )
    html = render_figures(PostFactory(body=body).body)
    assert "onerror" not in html and "javascript:" not in html
    assert 'width="600"' in html


@pytest.mark.parametrize("pk", ["424242", "99999999999999999999999", "x"])
def test_an_unknown_image_id_is_left_as_written(pk):
    body = f'<img src="/old.jpg" alt="old" data-file="{pk}">'
    assert render_figures(body) == body


def test_gallery_is_a_list_of_linked_figures(client):
    images = [ImageFactory(caption=f"Cap {n}") for n in range(3)]
    images[2].credit = "Photo: Aigerim"  # shown as written
    images[2].save()
    gallery = GalleryFactory(title="Seasons", columns=4, images=images)
    post = PostFactory(body=f"<p>[gallery id={gallery.pk}]</p>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<ul class="gallery gallery-columns-4" aria-label="Seasons">' in html
    assert "<p><ul" not in html
    assert html.count('class="gallery-link"') == 3
    for image in images:
        assert f'<a href="{image.file.url}" class="gallery-link">' in html
        assert f'alt="{image.alt_text}"' in html
    assert html.index("Cap 0") < html.index("Cap 1") < html.index("Cap 2")
    assert "Photo: Aigerim" in html
    gallery_html = html.split('class="gallery ')[1].split("</ul>")[0]
    assert gallery_html.count('loading="lazy"') == 3


def test_wordpress_gallery_form_renders_in_the_given_order(client):
    a, b = ImageFactory(alt_text="Alpha"), ImageFactory(alt_text="Beta")
    post = PostFactory(body=f'<p>[gallery ids="{b.pk},{a.pk}" columns="2"]</p>')
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'class="gallery gallery-columns-2"' in html
    assert html.index('alt="Beta"') < html.index('alt="Alpha"')


@pytest.mark.parametrize(
    "code",
    [
        "[gallery id=999]",
        "[gallery id=x]",
        '[gallery ids="998,999"]',
        "[gallery]",
        "[gallery id=99999999999999999999999]",
        '[gallery ids="99999999999999999999999"]',
        "[audio id=99999999999999999999999]",
        "[video]",
    ],
)
def test_a_gallery_with_bad_arguments_stays_text(client, code):
    post = PostFactory(body=f"<p>{code}</p>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert code.replace('"', "&quot;") in html or code in html


def test_columns_are_kept_between_1_and_6(client):
    image = ImageFactory()
    post = PostFactory(body=f'<p>[gallery ids="{image.pk}" columns="40"]</p>')
    html = client.get(post.get_absolute_url()).content.decode()
    assert "gallery-columns-6" in html


def test_audio_and_video_play_with_native_controls(client):
    audio = MediaFileFactory(title="Interview")
    video = MediaFileFactory(
        title="Horses",
        file=ContentFile(b"\x00\x00\x00\x18ftypmp42" + bytes(32), name="horses.mp4"),
    )
    assert (audio.kind, audio.mime_type) == ("audio", "audio/mpeg")
    assert (video.kind, video.mime_type) == ("video", "video/mp4")
    post = PostFactory(body=f"<p>[audio id={audio.pk}]</p><p>[video id={video.pk}]</p>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'<source src="{audio.file.url}" type="audio/mpeg">' in html
    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert '<audio controls preload="metadata">' in html
    assert "Download the audio “Interview”" in html
    # An audio id in a [video] shortcode is not a video.
    post = PostFactory(body=f"<p>[video id={audio.pk}]</p>")
    assert "<video" not in client.get(post.get_absolute_url()).content.decode()


def test_featured_image_in_listing_post_and_feed(client):
    image = ImageFactory(alt_text="Featured one")
    post = PostFactory(featured_image=image)
    home = client.get("/").content.decode()
    assert 'alt="Featured one"' in home and "-480w.jpg 480w" in home
    page = client.get(post.get_absolute_url()).content.decode()
    featured = page.split('class="featured-image"')[1].split("</figure>")[0]
    assert 'loading="lazy"' not in featured and 'width="600"' in featured
    assert f'<meta property="og:image" content="http://testserver{image.file.url}"' in (
        page
    )
    feed = client.get("/feed/").content.decode()
    assert f'url="http://testserver{image.file.url}"' in feed
    assert f'length="{image.file_size}"' in feed


def test_editing_an_image_refreshes_cached_pages(client):
    image = ImageFactory(alt_text="Before")
    gallery = GalleryFactory(images=[ImageFactory(alt_text="In gallery")])
    post = PostFactory(body=figure(image) + f"<p>[gallery id={gallery.pk}]</p>")
    url = post.get_absolute_url()
    assert 'alt="Before"' in client.get(url).content.decode()
    image.alt_text = "After"
    image.save()
    # The body's own alt was written at insertion; an empty one follows the library.
    post.body = post.body.replace('alt="Before"', 'alt=""')
    post.save()
    assert 'alt="After"' in client.get(url).content.decode()
    image.alt_text = "Later"
    image.save()  # no post save this time
    assert 'alt="Later"' in client.get(url).content.decode()
    item = gallery.items.get()
    item.caption = "New gallery caption"
    item.save()
    assert "New gallery caption" in client.get(url).content.decode()
    replacement = ImageFactory(alt_text="Added")
    gallery.items.create(image=replacement, position=9)
    assert 'alt="Added"' in client.get(url).content.decode()
