"""import_wxr on a WordPress export written like WordPress writes them."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_comments_xtd.models import XtdComment
from PIL import Image
from taggit.models import Tag

from blog.comments.models import CommentModeration
from blog.models import Post, Redirect, Series, WordPressId
from library.models import Gallery
from library.models import Image as LibraryImage
from pages.models import Page

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "wxr" / "sample.xml"


def run_import(path=SAMPLE, *args):
    out = io.StringIO()
    call_command("import_wxr", str(path), *args, stdout=out, verbosity=0)
    return out.getvalue()


def written(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def variant(tmp_path, old, new):
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    return written(tmp_path, text.replace(old, new, 1))


def snapshot():
    return {
        "posts": sorted(Post.objects.values_list("title", "slug", "status")),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
        "series": sorted(Series.objects.values_list("title", "is_complete")),
        "comments": sorted(
            XtdComment.objects.values_list("user_name", "comment", "is_public", "level")
        ),
        "redirects": Redirect.objects.count(),
    }


def by_title(start):
    return Post.objects.get(title__startswith=start)


def test_statuses_dates_and_what_is_skipped():
    report = run_import()
    published = Post.objects.published()
    assert sorted(p.slug for p in published) == [
        "expats-impressions-final-part-vi",
        "expats-impressions-part-i",
        "expats-impressions-part-ii",
        "members-only",
    ]
    scheduled = by_title("Scheduled for 2030")
    assert scheduled.is_scheduled and scheduled.published_at.year == 2030
    for title in ("A draft about Astana", "Pending review", "Private notes"):
        assert by_title(title).status == Post.Status.DRAFT
    members = by_title("Members only")  # protected, as it was in WordPress
    assert members.is_protected and members.password == "hunter2"
    assert by_title("Expats' impressions of living in Kazakhstan (Final").pinned
    assert not by_title("Expats' impressions of living in Kazakhstan (Part I)").pinned
    assert not Post.objects.filter(title__in=["Binned", "About", "Home"]).exists()
    assert Page.objects.get(title="About").path == "about"
    assert by_title("A draft about Astana").slug == "a-draft-about-astana"
    part_one = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    assert part_one.published_at == datetime(2010, 11, 20, 10, 0, tzinfo=UTC)
    assert part_one.author.username == "aigerim"
    assert not part_one.author.has_usable_password()
    assert part_one.author.groups.filter(name="Authors").exists()
    assert (
        by_title("Expats' impressions of living in Kazakhstan (Final").allow_comments
        is False
    )
    for line in (
        "pages created",
        "posts with status 'trash'",
        "private posts imported as drafts",
        "pingbacks",
    ):
        assert line in report


def test_paragraphs_caption_sanitizing_and_unknown_shortcodes():
    report = run_import()
    body = by_title("Expats' impressions of living in Kazakhstan (Part I)").body
    assert "<p>Almaty wakes up late in winter.<br>\nThe buses are warm" in body
    assert "<figcaption>The steppe near Kapchagay</figcaption></figure>" in body
    # wp-image-50: the attachment's library entry, at its WordPress address.
    image = LibraryImage.objects.get()
    assert image.is_remote and f'<img data-file="{image.pk}"' in body
    assert 'src="http://steppe-notes.example.com/wp-content/uploads/2010/11/' in body
    assert "<li>Mountains</li>" in body and "<p><ul>" not in body
    assert "<script" not in body and "alert" not in body
    # A library gallery of the attachments the file has (51 is not in it).
    gallery = Gallery.objects.get()
    assert f"[gallery id={gallery.pk}]" in body
    assert [i.image_id for i in gallery.items.all()] == [image.pk]
    assert "Shortcodes left as text" not in report and "sic" not in report
    final = by_title("Expats' impressions of living in Kazakhstan (Final").body
    assert "[survey_link expats-in-kazakhstan]" in final  # Steppe's own: not reported


def test_comments_keep_threads_approval_and_authors(client):
    run_import()
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    comments = {c.user_name + ":" + c.comment[:8]: c for c in XtdComment.objects.all()}
    dana, marat, dana_again, too_deep = (
        comments["Dana:Lovely p"],
        comments["Marat:Thanks, "],
        comments["Dana:You are "],
        comments["Marat:One leve"],
    )
    assert (dana.level, marat.level, dana_again.level) == (0, 1, 2)
    assert marat.parent_id == dana.pk and dana_again.parent_id == marat.pk
    assert too_deep.level == 2 and too_deep.parent_id == marat.pk
    assert {c.thread_id for c in (dana, marat, dana_again, too_deep)} == {dana.pk}
    assert dana.comment == (  # exactly as WordPress stored it
        'Lovely post about <a href="http://example.org/almaty">Almaty</a> '
        "&amp; the steppe."
    )
    assert str(dana.ip_address) == "203.0.113.7"
    assert dana.user_email == "dana@example.org"
    held = comments["Held Reader:Waiting "]
    assert not held.is_public and not held.is_removed
    spam = comments["Spammer:Cheap pi"]
    assert spam.is_removed and spam.ip_address is None
    assert CommentModeration.objects.get(comment=spam).verdict == "spam"
    assert not XtdComment.objects.filter(
        user_name__in=["Trashed", "Other Blog"]
    ).exists()

    page = client.get(post.get_absolute_url()).content.decode()
    order = [
        page.index(text) for text in ("Lovely post", "Thanks, Dana", "You are welcome")
    ]
    assert order == sorted(order)
    assert "Waiting for a moderator" not in page and "Cheap pills" not in page
    assert "4 comments" in page


def test_cyrillic_tags_and_categories(client):
    run_import()
    tag = Tag.objects.get(name="Казахстан")
    assert tag.slug == "казахстан"
    assert Tag.objects.filter(name="Expats").exists()  # a category becomes a tag
    assert not Tag.objects.filter(name="Uncategorized").exists()
    page = client.get("/tag/казахстан/")
    assert page.status_code == 200
    assert "Posts tagged Казахстан" in page.content.decode()


def test_category_map_and_its_errors(tmp_path):
    run_import(SAMPLE, "--category", "expats=Expat life", "--category", "osce=-")
    assert Tag.objects.filter(name="Expat life").exists()
    assert Tag.objects.filter(name="OSCE").exists()  # a tag, not a category
    with pytest.raises(CommandError, match="SLUG=TAG"):
        run_import(SAMPLE, "--category", "nothing")


def test_featured_image_without_media_keeps_the_address():
    report = run_import()
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    assert post.featured_image.is_remote and not post.featured_image_url
    assert post.featured_image.url == (
        "http://steppe-notes.example.com/wp-content/uploads/2010/11/steppe.jpg"
    )
    assert post.featured_image.alt_text == "The steppe at dusk"
    assert "library entries left at their WordPress address" in report


def make_uploads(tmp_path):
    uploads = tmp_path / "uploads" / "2010" / "11"
    uploads.mkdir(parents=True)
    Image.new("RGB", (1600, 900), (200, 150, 90)).save(uploads / "steppe.jpg")
    Image.new("RGB", (300, 200), (20, 50, 90)).save(uploads / "steppe-300x200.jpg")
    return tmp_path / "uploads"


def test_featured_and_inline_images_with_media(tmp_path, client):
    report = run_import(SAMPLE, "--media", str(make_uploads(tmp_path)))
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    assert post.featured_image.file.name.startswith("library/")
    assert set(post.featured_image.renditions) == {"480", "960", "1440", "1600"}
    # The inserted medium size is the attachment: the library image, not a copy.
    assert f'<img data-file="{post.featured_image.pk}"' in post.body
    assert "steppe-notes.example.com/wp-content" not in post.body
    assert "featured images from the library" in report
    assert "attachment files copied" in report
    page = client.get(post.get_absolute_url()).content.decode()
    assert post.featured_image.file.url in page


def test_missing_and_bad_media_are_reported(tmp_path):
    uploads = make_uploads(tmp_path)
    (uploads / "2010" / "11" / "steppe.jpg").write_bytes(b"<?php echo 'not an image';")
    (uploads / "2010" / "11" / "steppe-300x200.jpg").unlink()
    report = run_import(SAMPLE, "--media", str(uploads))
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    assert post.featured_image.is_remote  # its file was refused
    assert "2010/11/steppe.jpg (refused)" in report


def test_series_detection_and_the_dry_run(tmp_path):
    before = snapshot()
    report = run_import(SAMPLE, "--detect-series", "--dry-run")
    assert "Dry run: nothing was written." in report
    assert (
        "part  6: Expats' impressions of living in Kazakhstan (Final Part VI)" in report
    )
    assert snapshot() == before
    assert not WordPressId.objects.exists()

    run_import(SAMPLE, "--detect-series")
    series = Series.objects.get()
    assert series.title == "Expats' impressions of living in Kazakhstan"
    assert series.is_complete
    parts = Post.objects.filter(series=series).order_by("series_part")
    assert [p.series_part for p in parts] == [1, 2, 6]
    assert parts.last().part_label == "Final Part VI"


def test_dry_run_with_media_stores_no_files(tmp_path, media_root):
    run_import(SAMPLE, "--media", str(make_uploads(tmp_path)), "--dry-run")
    assert not any(path.is_file() for path in Path(media_root).rglob("*"))


def test_old_links_answer_301_to_the_new_address(client):
    run_import()
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    old = client.get("/2010/11/expats-impressions-part-i/")
    assert old.status_code == 301 and old["Location"] == post.get_absolute_url()
    short = client.get("/?p=10")
    assert short.status_code == 301 and short["Location"] == post.get_absolute_url()
    assert (
        client.get("/?p=13").status_code == 200
    )  # a draft: no redirect, the home page
    assert client.get("/?p=999999").status_code == 200
    nudged = client.get(
        "/2010/11/expats-impressions-part-i/", {"next": "https://evil.example/"}
    )
    assert nudged["Location"] == post.get_absolute_url()  # never taken from the request
    assert client.get("/2010/11/no-such-post/").status_code == 404


def test_reimport_creates_nothing_and_updates_what_changed(tmp_path):
    run_import()
    first = snapshot()
    report = run_import()
    assert snapshot() == first
    assert "unchanged" in report and "created" not in report.split("Comments")[0]

    changed = variant(
        tmp_path,
        "<title>Scheduled for 2030</title>",
        "<title>Scheduled for 2031</title>",
    )
    report = run_import(changed)
    assert "updated" in report
    assert Post.objects.filter(title="Scheduled for 2031").count() == 1
    assert Post.objects.count() == len(first["posts"])


def test_a_bad_item_rolls_everything_back_and_names_its_line(tmp_path):
    bad = variant(
        tmp_path,
        "<wp:post_date_gmt><![CDATA[2010-11-23 10:00:00]]></wp:post_date_gmt>",
        "<wp:post_date_gmt><![CDATA[23/11/2010]]></wp:post_date_gmt>",
    )
    line = bad.read_text().splitlines().index("\t<item>", 30) + 1
    with pytest.raises(CommandError) as error:
        run_import(bad)
    assert f"line {line}" in str(error.value)
    assert "post 11 “Expats' impressions of living in Kazakhstan (Part II)”" in str(
        error.value
    )
    assert "a date WordPress would not write: '23/11/2010'" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not Post.objects.exists() and not XtdComment.objects.exists()
    assert not Tag.objects.exists() and not WordPressId.objects.exists()


def test_malformed_xml_names_the_line_and_writes_nothing(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    broken = written(tmp_path, text.replace("</wp:post_name>", "</wp:post_nam>", 3))
    with pytest.raises(CommandError, match=r"line \d+: not well-formed XML"):
        run_import(broken)
    assert not Post.objects.exists()
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(written(tmp_path, "<html><body>hi</body></html>", "page.xml"))
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "missing.xml")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&lol4;</title><wp:post_id>1</wp:post_id></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&secret;</title><wp:post_id>1</wp:post_id></item></channel></rss>
"""


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_tricks_are_refused(tmp_path, attack):
    with pytest.raises(CommandError, match=r"line 2: refused"):
        run_import(written(tmp_path, attack))
    assert not Post.objects.exists()


def test_export_then_import_gives_the_same_blog(tmp_path, django_user_model):
    run_import(SAMPLE, "--detect-series")
    before = snapshot()
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    exported = written(tmp_path, out.getvalue())

    XtdComment.objects.all().delete()
    Post.objects.all().delete()
    Tag.objects.all().delete()
    Series.objects.all().delete()
    WordPressId.objects.all().delete()
    Redirect.objects.all().delete()

    run_import(exported)
    after = snapshot()
    after["redirects"] = before["redirects"]  # old WordPress links are not in it
    assert after == before
    post = by_title("Expats' impressions of living in Kazakhstan (Part I)")
    assert post.series.title == "Expats' impressions of living in Kazakhstan"
    levels = sorted(XtdComment.objects.values_list("level", flat=True))
    assert levels == [0, 0, 0, 1, 2, 2]


def test_wxr_1_1_reads_the_same(tmp_path):
    old = written(
        tmp_path,
        SAMPLE.read_text(encoding="utf-8").replace(
            "wordpress.org/export/1.2/", "wordpress.org/export/1.1/"
        ),
    )
    run_import(old)
    assert Post.objects.count() == 8
    assert XtdComment.objects.count() == 6


def test_the_export_is_rss_a_feed_reader_understands(tmp_path):
    import feedparser

    run_import(SAMPLE, "--detect-series")
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    feed = feedparser.parse(out.getvalue())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    assert "Expats' impressions of living in Kazakhstan (Part I)" in titles
    assert "A draft about Astana" in titles
    part_one = next(e for e in feed.entries if e.title.endswith("(Part I)"))
    assert {tag.term for tag in part_one.tags} >= {"OSCE", "Казахстан"}


def test_a_polylang_language_is_kept_both_ways(tmp_path):
    russian = variant(
        tmp_path,
        '<category domain="category" nicename="expats"><![CDATA[Expats]]></category>',
        '<category domain="category" nicename="expats"><![CDATA[Expats]]></category>'
        '<category domain="language" nicename="ru"><![CDATA[Русский]]></category>',
    )
    run_import(russian)
    part_two = by_title("Expats' impressions of living in Kazakhstan (Part II)")
    assert part_two.language == "ru"
    assert (
        by_title("Expats' impressions of living in Kazakhstan (Part I)").language
        == "en"
    )
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    assert '<category domain="language" nicename="ru">' in out.getvalue()
