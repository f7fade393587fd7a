"""import_wxr: attachments become library entries; galleries, players and images
in bodies point at them, with or without a copy of wp-content/uploads."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from blog.models import Post
from blog.wxr.models import WordPressId
from library.models import Gallery, GalleryItem, Image, MediaFile, Reference
from pages.models import Page
from tests.library.conftest import stored_files

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[1] / "data" / "wxr_media"
SAMPLE = DATA / "media.xml"
UPLOADS = DATA / "uploads"
OLD = "http://media.example.com/wp-content/uploads/2011/02/"


def run_import(*args, path=SAMPLE):
    out = io.StringIO()
    call_command("import_wxr", str(path), *args, stdout=out, verbosity=0)
    return out.getvalue()


def entries():
    images = {i.source_url.rsplit("/", 1)[1]: i for i in Image.objects.all()}
    files = {m.source_url.rsplit("/", 1)[1]: m for m in MediaFile.objects.all()}
    return images, files


def gallery_images(body: str) -> list[list[str]]:
    """The images of each [gallery id=N] in a body, by file name, in order."""
    found = []
    for pk in re.findall(r"\[gallery id=(\d+)\]", body):
        items = GalleryItem.objects.filter(gallery_id=pk).select_related("image")
        found.append([item.image.source_url.rsplit("/", 1)[1] for item in items])
    return found


def test_without_media_every_attachment_is_a_remote_library_entry(client):
    report = run_import()
    images, files = entries()
    assert set(images) == {"yurt.jpg", "felt.png"}
    assert set(files) == {"song.mp3", "clip.mp4", "guide.pdf"}
    yurt = images["yurt.jpg"]
    assert yurt.is_remote and yurt.url == OLD + "yurt.jpg"
    assert (yurt.alt_text, yurt.caption) == (
        "A yurt on the summer pasture",
        "Summer pasture",
    )
    assert yurt.description == "Felt and willow wood."
    assert (yurt.width, yurt.height) == (640, 480)  # from _wp_attachment_metadata
    assert [files[n].kind for n in ("song.mp3", "clip.mp4", "guide.pdf")] == [
        "audio", "video", "file",
    ]  # fmt: skip
    assert files["song.mp3"].title == "The shepherd's song"
    assert "library entries left at their WordPress address (no file here)" in report
    assert re.search(r"left at their WordPress address \(no file here\)\s+5", report)
    kinds = sorted(
        WordPressId.objects.filter(kind__in=["image", "media"]).values_list(
            "wp_id", flat=True
        )
    )
    assert kinds == [201, 202, 203, 204, 205]


def test_bodies_point_at_the_library_and_nothing_raw_reaches_readers(client):
    report = run_import()
    images, files = entries()
    post = Post.objects.get(slug="summer-on-the-jailau")
    body = post.body
    assert f'<img data-file="{images["yurt.jpg"].pk}"' in body  # wp-image-201
    assert "yurt-300x225.jpg" not in body
    assert f'href="{OLD}guide.pdf"' in body  # the file's entry: its address
    # ids in their listed order; [gallery] alone: the post's images by menu_order.
    assert gallery_images(body) == [["felt.png", "yurt.jpg"], ["felt.png", "yurt.jpg"]]
    assert (
        Gallery.objects.get(pk=re.findall(r"\[gallery id=(\d+)\]", body)[0]).columns
        == 2
    )
    assert f"[audio id={files['song.mp3'].pk}]" in body
    assert '[audio src="http://radio.example.org/live.mp3"]' in body
    assert f'[video id={files["clip.mp4"].pk} poster="{OLD}felt.png"]' in body
    assert '<pre>[gallery ids="201"] shows a gallery</pre>' in body  # code as typed
    assert "wp:206" not in body and f'src="{OLD}lost.jpg"' in body
    assert post.featured_image == images["felt.png"]
    used = Reference.objects.filter(object_id=post.pk, content_type__model="post")
    assert used.filter(image__isnull=False).count() == 2
    assert used.filter(gallery__isnull=False).count() == 2
    assert used.filter(media__isnull=False).count() == 2
    assert 'orderby="rand"' in report

    page = client.get(post.get_absolute_url()).content.decode()
    article = page.split("<article", 1)[1]
    assert "[gallery" not in article.split("<pre>")[0] and "[audio" not in article
    assert "[video" not in article
    assert article.count('class="gallery gallery-columns-') == 2
    assert f'<source src="{OLD}song.mp3" type="audio/mpeg">' in article
    assert (
        '<source src="http://radio.example.org/live.mp3" type="audio/mpeg">' in article
    )
    assert f'poster="{OLD}felt.png"' in article and 'type="video/mp4"' in article
    assert f'<img src="{OLD}yurt.jpg" width="640" height="480"' in article


def test_block_galleries_images_and_players_and_a_page(client):
    run_import()
    images, files = entries()
    body = Post.objects.get(slug="blocks-of-felt").body
    assert f'<img data-file="{images["felt.png"].pk}"' in body
    assert gallery_images(body) == [["yurt.jpg", "felt.png"]]
    assert f"[audio id={files['song.mp3'].pk}]" in body
    assert f"[video id={files['clip.mp4'].pk}]" in body
    page = Page.objects.get(slug="yurts")
    assert gallery_images(page.body) == [["yurt.jpg"]]
    assert Reference.objects.filter(
        object_id=page.pk, content_type__model="page"
    ).exists()
    assert 'class="gallery gallery-columns-1"' in client.get("/yurts/").content.decode()


def test_with_media_the_files_are_stored_and_re_encoded(media_root, client):
    report = run_import("--media", str(UPLOADS))
    images, files = entries()
    yurt, felt = images["yurt.jpg"], images["felt.png"]
    assert not yurt.is_remote and yurt.file.name.startswith("library/")
    assert set(yurt.renditions) == {"480", "640"}  # its own width, and narrower
    assert (yurt.width, yurt.height) == (640, 480)
    assert felt.file.name.endswith(".png") and felt.alt_text.startswith("Blue felt")
    assert (
        not files["song.mp3"].is_remote and files["song.mp3"].mime_type == "audio/mpeg"
    )
    assert files["guide.pdf"].file.name.endswith(".pdf")
    assert "attachment files copied" in report
    body = Post.objects.get(slug="summer-on-the-jailau").body
    assert f'src="{yurt.file.url}"' in body and OLD + "yurt.jpg" not in body
    assert f'href="{files["guide.pdf"].file.url}"' in body
    assert "2011/02/lost.jpg" in report  # neither an attachment nor a file: listed
    page = client.get(Post.objects.get(slug="summer-on-the-jailau").get_absolute_url())
    html = page.content.decode()
    assert f'<source src="{files["song.mp3"].file.url}"' in html
    assert 'type="image/webp"' in html  # the library's renditions


def test_a_second_import_changes_nothing(media_root):
    run_import("--media", str(UPLOADS))
    models = (Image, MediaFile, Gallery, GalleryItem, Reference, Post, Page)
    counts = [model.objects.count() for model in models]
    bodies = sorted(Post.objects.values_list("body", flat=True))
    files = stored_files(Path(media_root))
    report = run_import("--media", str(UPLOADS))
    assert [model.objects.count() for model in models] == counts
    assert sorted(Post.objects.values_list("body", flat=True)) == bodies
    assert stored_files(Path(media_root)) == files
    assert re.search(r"unchanged\s+2", report) and "updated" not in report
    assert "galleries made" not in report


def test_a_re_import_with_media_brings_the_files_of_remote_entries(media_root):
    run_import()
    yurt = Image.objects.get(source_url__endswith="yurt.jpg")
    run_import("--media", str(UPLOADS))
    yurt.refresh_from_db()
    assert not yurt.is_remote and yurt.file and Image.objects.count() == 2


def test_a_dry_run_with_media_writes_no_file(media_root):
    report = run_import("--media", str(UPLOADS), "--dry-run")
    assert "attachment files copied" in report
    assert stored_files(Path(media_root)) == []
    assert not Image.objects.exists() and not Gallery.objects.exists()


def test_a_failed_import_leaves_no_file_and_no_entry(media_root, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    broken = text.replace("<wp:post_id>300</wp:post_id>", "<wp:post_id>x</wp:post_id>")
    path = tmp_path / "broken.xml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CommandError, match="no <wp:post_id>"):
        run_import("--media", str(UPLOADS), path=path)
    assert stored_files(Path(media_root)) == []
    assert not Image.objects.exists() and not MediaFile.objects.exists()


def test_a_refused_file_becomes_a_remote_entry_and_is_listed(media_root, tmp_path):
    uploads = tmp_path / "uploads" / "2011" / "02"
    uploads.mkdir(parents=True)
    for path in (UPLOADS / "2011" / "02").iterdir():
        (uploads / path.name).write_bytes(path.read_bytes())
    (uploads / "yurt.jpg").write_bytes(b"<?php echo 'not an image';")
    (uploads / "song.mp3").write_bytes(b"not a song at all")
    report = run_import("--media", str(tmp_path / "uploads"))
    images, files = entries()
    assert images["yurt.jpg"].is_remote and not images["felt.png"].is_remote
    assert files["song.mp3"].is_remote
    assert (
        "2011/02/yurt.jpg (refused)" in report
        and "2011/02/song.mp3 (refused)" in report
    )


def test_an_attachment_address_that_is_not_http_is_never_a_link(tmp_path):
    old = f"<wp:attachment_url><![CDATA[{OLD}guide.pdf]]>"
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "hostile.xml"
    path.write_text(
        text.replace(old, "<wp:attachment_url><![CDATA[javascript:alert(1)]]>"),
        encoding="utf-8",
    )
    report = run_import(path=path)
    assert "attachments with no file and no http(s) address" in report
    assert not MediaFile.objects.filter(source_url__icontains="javascript").exists()
    assert MediaFile.objects.count() == 2


def test_a_post_format_goes_back_out_as_a_post_format(tmp_path):
    run_import()
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    assert (
        '<category domain="post_format" nicename="post-format-gallery">'
        "<![CDATA[Gallery]]></category>"
    ) in out.getvalue()


def many(tmp_path, count: int) -> Path:
    """The sample's channel with `count` image attachments and one post showing
    them all, before them in the file (as WordPress writes it)."""
    text = SAMPLE.read_text(encoding="utf-8")
    head = text[: text.index("<item>")]
    post = text[text.index("<item>") : text.index("</item>") + len("</item>")]
    images = "".join(
        f'<img class="wp-image-{1000 + n}" src="{OLD}n{n}-300x200.jpg" alt="">'
        for n in range(count)
    )
    start = post.index("<content:encoded><![CDATA[") + len("<content:encoded><![CDATA[")
    end = post.index("]]></content:encoded>")
    post = post[:start] + images + post[end:]
    attachment = text[text.index("<item>\n\t\t<title>Felt") :]
    attachment = attachment[: attachment.index("</item>") + len("</item>")]
    items = [
        attachment.replace("<wp:post_id>202<", f"<wp:post_id>{1000 + n}<").replace(
            "felt.png", f"n{n}.jpg"
        )
        for n in range(count)
    ]
    path = tmp_path / f"many-{count}.xml"
    path.write_text(head + post + "".join(items) + "</channel></rss>", "utf-8")
    return path


def import_queries(path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        run_import(path=path)
    return len(context.captured_queries)


def test_queries_grow_by_a_few_an_attachment_and_none_an_image_shown(tmp_path):
    def fresh(count):
        for model in (Post, Image, WordPressId):
            model.objects.all().delete()
        return import_queries(many(tmp_path, count))

    fresh(3)  # first time costs (content types, the author's account): not counted
    few = fresh(3)
    more = fresh(23)
    assert Image.objects.count() == 23
    body = Post.objects.get().body
    assert body.count("<img data-file=") == 23
    assert (more - few) / 20 == 2, (few, more)  # the entry and its WordPress ID


def test_an_entry_deleted_here_comes_back_on_a_re_import():
    run_import()
    MediaFile.objects.filter(source_url__endswith="guide.pdf").delete()
    run_import()
    guide = MediaFile.objects.get(source_url__endswith="guide.pdf")
    link = WordPressId.objects.get(kind="media", wp_id=205)
    assert link.object_id == guide.pk
