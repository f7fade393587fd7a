"""The round trip (tests/blog/test_wxr_round_trip.py) with the media library:
export, then import into an empty database with --media (a copy of MEDIA_ROOT),
gives the same library entries, galleries, featured images, players, and
comments shown as they were."""

import re
import shutil

import defusedxml.ElementTree as DefusedET
import pytest
from django.core.management import call_command

from blog.models import Post
from library.models import Gallery, GalleryItem, Image, MediaFile, Reference
from tests.blog.test_wxr_round_trip import WP, build_blog, empty_the_database, export
from tests.factories import GalleryFactory, ImageFactory, MediaFileFactory, PostFactory

pytestmark = pytest.mark.django_db
FAR = "https://old.example/wp-content/uploads/2010/01/"


def build_library():
    photo = ImageFactory(
        alt_text="Yurt at dawn", caption="On the jailau", credit="A. Ak"
    )
    felt = ImageFactory(alt_text="Blue felt", caption="", description="Ram's horns")
    far = Image.objects.create(
        source_url=FAR + "far.jpg", alt_text="Far away", caption="Kept there",
        width=800, height=600,
    )  # fmt: skip
    song = MediaFileFactory(title="Shepherd's song", caption="At dusk")
    ride = MediaFile.objects.create(
        source_url=FAR + "ride.mp4", kind="video", mime_type="video/mp4",
        title="Riding out",
    )  # fmt: skip
    jailau = GalleryFactory(title="Jailau", columns=2, images=[felt, far, photo])
    PostFactory(
        title="Pictures", slug="pictures", featured_image=photo,
        body=f'<p>Look:</p><figure><img data-file="{felt.pk}" src="{felt.file.url}"'
        f' alt="Felt"></figure><p>[gallery id={jailau.pk}]</p>'
        f"<p>[audio id={song.pk}]</p><p>[video id={ride.pk}]</p>",
    )  # fmt: skip
    PostFactory(title="Far", slug="far", featured_image=far)


def library_snapshot():
    images = sorted(
        (i.alt_text, i.caption, i.credit, i.description, i.is_remote,
         i.source_url if i.is_remote else "", i.width, i.height, sorted(i.renditions))
        for i in Image.objects.all()
    )  # fmt: skip
    media = sorted(
        (m.title, m.caption, m.kind, m.mime_type, m.is_remote,
         m.source_url if m.is_remote else "")
        for m in MediaFile.objects.all()
    )  # fmt: skip
    galleries = sorted(
        (
            g.title,
            g.columns,
            [i.image.alt_text for i in g.items.select_related("image")],
        )
        for g in Gallery.objects.all()
    )
    posts = {
        p.slug: (p.featured_image.alt_text if p.featured_image else None, named(p.body))
        for p in Post.objects.select_related("featured_image")
    }
    references = sorted(
        (Post.objects.get(pk=r.object_id).slug, named_reference(r))
        for r in Reference.objects.filter(content_type__model="post")
    )
    return {
        "images": images, "media": media, "galleries": galleries, "posts": posts,
        "references": references,
    }  # fmt: skip


def named(body: str) -> str:
    """A body with library ids replaced by what they name (ids change)."""

    def image(match):
        alt = Image.objects.get(pk=match[1]).alt_text
        return f'<img data-file="{alt}"'

    body = re.sub(r'<img data-file="(\d+)" src="[^"]*"', image, body)
    body = re.sub(
        r"\[gallery id=(\d+)\]",
        lambda m: f"[gallery {Gallery.objects.get(pk=m[1]).title}]",
        body,
    )
    return re.sub(
        r"\[(audio|video) id=(\d+)\]",
        lambda m: f"[{m[1]} {MediaFile.objects.get(pk=m[2]).title}]",
        body,
    )


def named_reference(ref) -> str:
    if ref.image_id:
        return f"image {ref.image.alt_text}"
    if ref.gallery_id:
        return f"gallery {ref.gallery.title}"
    return f"media {ref.media.title}"


def comment_bodies(client, slug: str) -> list[str]:
    page = client.get(Post.objects.get(slug=slug).get_absolute_url()).content.decode()
    return re.findall(r'<div class="comment-body">.*?</div>', page, re.S)


def empty_the_library():
    Reference.objects.all().delete()
    GalleryItem.objects.all().delete()
    Gallery.objects.all().delete()
    Image.objects.all().delete()
    MediaFile.objects.all().delete()


def round_trip(tmp_path, media_root, text: str) -> str:
    uploads = tmp_path / "uploads"
    shutil.copytree(media_root, uploads)  # the blog's files, as a move takes them
    Post.objects.update(featured_image=None)
    empty_the_database()
    empty_the_library()
    path = tmp_path / "steppe.xml"
    path.write_text(text, encoding="utf-8")
    call_command("import_wxr", str(path), "--media", str(uploads), verbosity=0)
    return path


def test_the_library_galleries_and_featured_images_come_back(
    client, tmp_path, media_root
):
    build_blog()
    build_library()
    before = library_snapshot()
    comments = comment_bodies(client, "first-walk")
    text = export()
    round_trip(tmp_path, media_root, text)
    after = library_snapshot()
    for part in before:
        assert after[part] == before[part], part
    # A plain-text comment posted here is shown as plain text again, not as HTML.
    assert comment_bodies(client, "first-walk") == comments
    assert "&lt;blockquote&gt;" in comments[0]


def test_the_export_names_attachments_that_exist():
    build_library()
    channel = DefusedET.fromstring(export().encode()).find("channel")
    items = {i.findtext(f"{WP}post_id"): i for i in channel.findall("item")}
    attachments = {
        wp_id: item
        for wp_id, item in items.items()
        if item.findtext(f"{WP}post_type") == "attachment"
    }
    assert len(attachments) == 5
    meta = {
        wp_id: {
            m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
            for m in item.iter(f"{WP}postmeta")
        }
        for wp_id, item in items.items()
    }
    pictures = next(i for i in items.values() if i.findtext("title") == "Pictures")
    pictures_id = pictures.findtext(f"{WP}post_id")
    thumbnail = meta[pictures_id]["_thumbnail_id"]
    assert meta[thumbnail]["_wp_attachment_image_alt"] == "Yurt at dawn"
    assert meta[thumbnail]["_wp_attached_file"].startswith("library/")
    assert (
        attachments[thumbnail].findtext(
            "{http://wordpress.org/export/1.2/excerpt/}encoded"
        )
        == "On the jailau"
    )
    body = pictures.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    gallery = re.search(r'\[gallery ids="([\d,]+)" columns="2" title="Jailau"\]', body)
    assert gallery and all(i in attachments for i in gallery[1].split(","))
    assert re.search(r'<img class="wp-image-(\d+)" src="http://', body)
    assert '[audio src="http://' in body and f'[video src="{FAR}ride.mp4"]' in body
    far = next(a for a in attachments.values() if a.findtext("title") == "Far away")
    assert far.findtext(f"{WP}attachment_url") == FAR + "far.jpg"
    assert meta[far.findtext(f"{WP}post_id")]["_wp_attached_file"] == "2010/01/far.jpg"


def test_the_library_costs_the_export_queries_by_the_batch(monkeypatch):
    """10x the images, galleries and posts showing them: the same queries."""
    from tests.blog.test_wxr_round_trip import export_queries

    def library(count):
        for n in range(count):
            image = Image.objects.create(
                source_url=f"{FAR}{n}.jpg", alt_text=f"Image {n}"
            )
            gallery = GalleryFactory(images=[image])
            PostFactory(
                featured_image=image,
                body=f'<p><img data-file="{image.pk}" alt=""></p>'
                f"<p>[gallery id={gallery.pk}]</p>",
            )

    library(3)
    few = export_queries(monkeypatch, batch=200)
    library(27)
    assert export_queries(monkeypatch, batch=200) == few
