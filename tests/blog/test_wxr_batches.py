"""import_wxr writes in batches: queries grow with batches, not posts or comments;
a failure in a later batch still writes nothing; small batches change nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog.models import Post, Redirect, WordPressId
from blog.wxr import pages_import
from pages.models import Page

pytestmark = pytest.mark.django_db
WXR = Path(__file__).parent / "wxr"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n'
    "<link>http://batches.example.com</link>\n"
    "<wp:author><wp:author_login>writer</wp:author_login></wp:author>\n"
)


def comment(number, parent):
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>Reader {number}</wp:comment_author>"
        "<wp:comment_date_gmt>2011-03-01 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Comment {number}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def export(tmp_path, count, *, bad_date_at=None):
    items = []
    for number in range(1, count + 1):
        date = "2011-13-45 10:00:00" if number == bad_date_at else "2011-03-01 10:00:00"
        first = number * 10
        items.append(
            f"<item><title>Post {number}</title><dc:creator>writer</dc:creator>"
            f"<link>http://batches.example.com/old/post-{number}/</link>"
            f"<content:encoded>Words of post {number}.</content:encoded>"
            f"<wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
            "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
            # Every post has the same slug and day: each needs a numbered one.
            "<wp:post_name>same</wp:post_name>"
            f'<category domain="post_tag" nicename="tag-{number % 3}">Tag {number % 3}'
            "</category>"
            + comment(first, 0)
            + comment(first + 1, first)
            + comment(first + 2, first + 1)
            + "</item>\n"
        )
    path = tmp_path / f"export-{count}.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


def run_import(path):
    out = io.StringIO()
    call_command("import_wxr", str(path), stdout=out, verbosity=0)
    return out.getvalue()


def queries_for(path) -> int:
    with CaptureQueriesContext(connection) as queries:
        run_import(path)
    return len(queries.captured_queries)


def test_queries_grow_with_batches_not_posts(tmp_path, monkeypatch):
    monkeypatch.setattr("blog.wxr.importer.BATCH", 10)
    one_batch = queries_for(export(tmp_path, 10))
    Post.objects.all().delete()
    XtdComment.objects.all().delete()
    WordPressId.objects.all().delete()
    four_batches = queries_for(export(tmp_path, 40))
    per_batch = (four_batches - one_batch) / 3
    print(f"{one_batch} queries for 10 posts, {four_batches} for 40")
    # 10 posts with 30 comments a batch: 9 queries (the comments' HTML stored after
    # them is a read and an upsert), not one a row.
    assert per_batch <= 10, per_batch
    assert Post.objects.count() == 40 and XtdComment.objects.count() == 120
    assert sorted(Post.objects.values_list("slug", flat=True))[:3] == [
        "same", "same-10", "same-11",
    ]  # fmt: skip
    assert len(set(Post.objects.values_list("slug", flat=True))) == 40
    reply = XtdComment.objects.get(comment="Comment 402")
    assert reply.level == 2
    assert XtdComment.objects.get(pk=reply.parent_id).comment == "Comment 401"
    assert XtdComment.objects.get(comment="Comment 400").nested_count == 2
    assert Tag.objects.count() == 3
    assert Redirect.objects.get(old_path="/old/post-40/").post.title == "Post 40"


def test_a_bad_item_in_a_later_batch_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("blog.wxr.importer.BATCH", 5)
    with pytest.raises(CommandError, match=r"line \d+: .*post 12 “Post 12”.*"):
        run_import(export(tmp_path, 20, bad_date_at=12))
    assert not Post.objects.exists() and not XtdComment.objects.exists()
    assert not WordPressId.objects.exists() and not Tag.objects.exists()


def test_a_second_import_in_batches_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("blog.wxr.importer.BATCH", 7)
    path = export(tmp_path, 20)
    run_import(path)
    report = run_import(path)
    assert "created" not in report and "unchanged" in report
    assert Post.objects.count() == 20 and XtdComment.objects.count() == 60


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("title", "path", "menu_order", "status")
        ),
        "comments": sorted(
            XtdComment.objects.values_list(
                "comment", "level", "order", "nested_count", "is_public"
            )
        ),
        "ids": sorted(WordPressId.objects.values_list("kind", "wp_id")),
    }


def test_pages_written_a_few_at_a_time_come_out_the_same(monkeypatch):
    run_import(WXR / "pages.xml")
    whole = snapshot()
    for page in sorted(Page.objects.all(), key=lambda p: -p.path.count("/")):
        page.delete()  # children first: a parent is protected
    XtdComment.objects.all().delete()
    WordPressId.objects.all().delete()
    monkeypatch.setattr(pages_import, "BATCH", 1)  # a round after every page
    run_import(WXR / "pages.xml")
    assert snapshot() == whole


def test_the_caches_hear_of_an_import_once(tmp_path, monkeypatch):
    heard = []
    monkeypatch.setattr("blog.edge.purges.queue", heard.append)
    monkeypatch.setattr("blog.wxr.importer.BATCH", 5)
    run_import(export(tmp_path, 20))
    assert len(heard) == 1
    assert {"posts", "edits", "comments"} <= set(heard[0])


def test_debug_keeps_no_more_than_a_batch_of_queries(tmp_path, monkeypatch, settings):
    settings.DEBUG = True  # the query log of `make demo`'s settings
    monkeypatch.setattr("blog.wxr.importer.BATCH", 5)
    connection.queries_log.clear()
    run_import(export(tmp_path, 40))
    assert len(connection.queries) < 40  # far fewer than the import ran
