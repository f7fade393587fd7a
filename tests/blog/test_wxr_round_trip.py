"""export_wxr, then import_wxr into an empty database: the same blog, field by field.

Media library attachments are not in this round trip (that library is not merged).
WXR dates have whole seconds, so the blog built here has whole-second times.
"""

import io
from datetime import timedelta
from pathlib import Path

import defusedxml.ElementTree as DefusedET
import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog.comments.models import CommentModeration
from blog.models import Post, Series
from blog.wxr.models import PageRedirect, Redirect, WordPressId
from pages.models import Page
from tests.factories import (
    CommentFactory,
    PageFactory,
    PostFactory,
    SeriesFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
WP = "{http://wordpress.org/export/1.2/}"
NOW = timezone.now().replace(microsecond=0)
# What WordPress lets commenters write, and a poem whose line breaks must hold.
QUOTING = (
    "<blockquote>The steppe is wide.</blockquote>\n"
    "<cite>Abai</cite> wrote it; in code: <code>if wide &amp;&amp; far: go()</code>"
    " & 1 < 2\n\n"
    "Roses on the steppe,\r\n  wind in the grass,\n\tand a last line   "
)


def ago(**delta):
    return NOW - timedelta(**delta)


def build_blog():
    """Posts of every kind, pages three deep, threads, old links that answer."""
    alice = UserFactory(username="alice", first_name="Alice", last_name="Ak")
    bob = UserFactory(username="bob", email="bob@example.org")
    walks = SeriesFactory(title="Steppe walks", slug="steppe-walks")
    walks.is_complete = True
    walks.save()
    body = (
        '<h2>On foot</h2><p>A <a href="https://example.org/">link</a> and '
        "<strong>bold</strong> words.</p><ul><li>one</li><li>two</li></ul>"
    )
    first = PostFactory(
        title="First walk", slug="first-walk", author=alice, body=body,
        excerpt="Where it began.", published_at=ago(days=30), series=walks,
        series_part=1, tags=["walks", "Казахстан"],
    )  # fmt: skip
    second = PostFactory(
        title="Second walk", slug="second-walk", author=alice,
        published_at=ago(days=20), series=walks, series_part=2, tags=["walks"],
    )  # fmt: skip
    pinned = PostFactory(
        title="Read me first", slug="read-me-first", author=bob, pinned=True,
        published_at=ago(days=10), tags=["news"],
    )  # fmt: skip
    PostFactory(
        title="Members only", slug="members-only", author=bob, password="hunter2",
        published_at=ago(days=5),
    )  # fmt: skip
    PostFactory(
        title="Half written", slug="half-written", author=alice,
        status=Post.Status.DRAFT, published_at=ago(days=2), allow_comments=False,
    )  # fmt: skip
    PostFactory(
        title="Next week", slug="next-week", author=alice,
        published_at=NOW + timedelta(days=7),
    )  # fmt: skip

    about = PageFactory(
        title="About", slug="about", author=alice, menu_order=2,
        show_in_navigation=True, allow_comments=True, published_at=ago(days=40),
    )  # fmt: skip
    team = PageFactory(
        title="Team", slug="team", parent=about, menu_order=1, author=bob,
        published_at=ago(days=39),
    )  # fmt: skip
    aigerim = PageFactory(
        title="Aigerim", slug="aigerim", parent=team, allow_comments=True,
        published_at=ago(days=38), body="<p>She writes <em>the</em> essays.</p>",
    )  # fmt: skip
    PageFactory(title="Zeta", slug="zeta", parent=team, published_at=ago(days=37))
    PageFactory(
        title="Drafting", slug="drafting", status="draft", menu_order=5,
        published_at=ago(days=3),
    )  # fmt: skip

    thread(first, hours=0)
    thread(aigerim, hours=1)
    CommentFactory(
        post=second, comment="Held for a look.", is_public=False,
        submit_date=ago(days=1),
    )  # fmt: skip
    spam = CommentFactory(
        post=second, comment="Buy now", is_public=False, is_removed=True,
        submit_date=ago(hours=20),
    )  # fmt: skip
    CommentModeration.objects.create(
        comment_id=spam.pk, verdict=CommentModeration.Verdict.SPAM, reason="spam"
    )
    # What the first move left: an old permalink and WordPress IDs of post and page.
    Redirect.objects.create(old_path="/2010/11/first-walk/", post=first)
    Redirect.objects.create(old_path="/archives/read-me/", post=pinned)
    WordPressId.objects.create(
        site="http://old.example", kind=WordPressId.Kind.POST, wp_id=77,
        object_id=first.pk,
    )  # fmt: skip
    WordPressId.objects.create(
        site="http://old.example", kind=WordPressId.Kind.PAGE, wp_id=5,
        object_id=about.pk,
    )  # fmt: skip
    PageRedirect.objects.create(old_path="/who-we-are/", page=team)


def thread(target, hours):
    """Two threads: one three levels deep with siblings, one alone."""
    start = ago(days=1, hours=hours)
    at = iter(start + timedelta(minutes=n) for n in range(20))
    root = CommentFactory(
        post=target, comment=QUOTING, user_name="Poet", submit_date=next(at),
        user_url="https://poet.example/", ip_address="192.0.2.7",
    )  # fmt: skip
    reply = CommentFactory(post=target, parent_id=root.pk, submit_date=next(at))
    CommentFactory(post=target, parent_id=reply.pk, submit_date=next(at))
    CommentFactory(post=target, parent_id=reply.pk, submit_date=next(at))
    CommentFactory(post=target, parent_id=root.pk, submit_date=next(at))
    CommentFactory(post=target, comment="Alone.", submit_date=next(at))


def target_key(comment):
    model = ContentType.objects.get_for_id(comment.content_type_id).model
    if model == "page":
        return ("page", Page.objects.get(pk=comment.object_pk).path)
    return ("post", Post.objects.get(pk=comment.object_pk).slug)


def comment_key(comment):
    return (comment.user_name, comment.submit_date)


def snapshot(client):
    posts = {
        post.slug: (
            post.title,
            post.body,
            post.excerpt,
            post.status,
            post.published_at,
            post.pinned,
            post.password,
            post.allow_comments,
            post.author.username,
            post.series.slug if post.series else None,
            post.series_part,
            sorted(post.tags.values_list("name", "slug")),
        )  # fmt: skip
        for post in Post.objects.select_related("author", "series")
    }
    pages = {
        page.path: (
            page.title,
            page.body,
            page.status,
            page.published_at,
            page.menu_order,
            page.show_in_navigation,
            page.allow_comments,
            page.parent.path if page.parent else None,
            page.author.username if page.author else None,
        )  # fmt: skip
        for page in Page.objects.select_related("parent", "author")
    }
    by_pk = {c.pk: c for c in XtdComment.objects.all()}
    comments = sorted(
        (
            target_key(c),
            c.user_name,
            c.user_email,
            c.user_url,
            c.comment,
            c.submit_date,
            c.ip_address,
            c.is_public,
            c.is_removed,
            c.level,
            c.order,
            c.nested_count,
            comment_key(by_pk[c.parent_id]),
            comment_key(by_pk[c.thread_id]),
        )  # fmt: skip
        for c in by_pk.values()
    )
    spam = sorted(CommentModeration.objects.values_list("comment__comment", "verdict"))
    series = sorted(Series.objects.values_list("slug", "title", "is_complete"))
    users = sorted(
        get_user_model().objects.values_list(
            "username", "email", "first_name", "last_name"
        )
    )
    links = {
        url: answer(client, url)
        for url in (
            "/?p=77",
            "/?page_id=5",
            "/2010/11/first-walk/",
            "/archives/read-me/",
            "/who-we-are/",
            "/about/team/aigerim/",
        )
    }
    return {
        "posts": posts, "pages": pages, "comments": comments, "spam": spam,
        "series": series, "users": users, "links": links,
        "tags": sorted(Tag.objects.values_list("name", "slug")),
    }  # fmt: skip


def answer(client, url):
    response = client.get(url)
    return response.status_code, response.get("Location")


def export() -> str:
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def empty_the_database():
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Page.objects.update(parent=None)
    Page.objects.all().delete()
    for model in (Tag, Series, WordPressId, Redirect, PageRedirect):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def import_file(tmp_path, text) -> str:
    path = Path(tmp_path) / "steppe.xml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_wxr", str(path), stdout=out)
    return out.getvalue()


def test_export_then_import_into_an_empty_database_is_exact(client, tmp_path):
    build_blog()
    before = snapshot(client)
    assert before["links"]["/?p=77"] == (301, first_url())
    assert before["links"]["/?page_id=5"] == (301, "/about/")
    assert before["links"]["/who-we-are/"] == (301, "/about/team/")
    assert before["links"]["/about/team/aigerim/"] == (200, None)
    text = export()
    empty_the_database()
    assert not Post.objects.exists() and not XtdComment.objects.exists()

    import_file(tmp_path, text)
    after = snapshot(client)
    for part in before:
        assert after[part] == before[part], part
    assert len(after["comments"]) == 14
    poem = XtdComment.objects.get(user_name="Poet", content_type__model="page")
    assert poem.comment == QUOTING
    assert {c.level for c in XtdComment.objects.all()} == {0, 1, 2}


def first_url():
    return Post.objects.get(slug="first-walk").get_absolute_url()


def test_a_native_post_keeps_its_short_link_and_a_second_import_changes_nothing(
    client, tmp_path
):
    build_blog()
    second = Post.objects.get(slug="second-walk")
    text = export()
    empty_the_database()
    import_file(tmp_path, text)
    moved = Post.objects.get(slug="second-walk")
    assert client.get(f"/?p={second.pk}")["Location"] == moved.get_absolute_url()
    counts = [m.objects.count() for m in (Post, Page, XtdComment, PageRedirect)]
    report = import_file(tmp_path, text)
    assert "pages created" not in report and "pages updated" not in report
    assert [m.objects.count() for m in (Post, Page, XtdComment, PageRedirect)] == (
        counts
    )


def test_the_export_is_wxr_1_2_wordpress_can_read():
    build_blog()
    text = export()
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 6 + 5
    channel = DefusedET.fromstring(text.encode()).find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    logins = {a.findtext(f"{WP}author_login") for a in channel.iter(f"{WP}author")}
    items = channel.findall("item")
    ids = [int(item.findtext(f"{WP}post_id")) for item in items]
    assert len(set(ids)) == len(ids)  # one ID space, as in WordPress
    seen_pages = set()
    for item in items:
        kind = item.findtext(f"{WP}post_type")
        assert kind in ("post", "page")
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") in (
            logins | {""}
        )
        if kind == "page":  # a parent comes before its children
            parent = int(item.findtext(f"{WP}post_parent"))
            assert parent == 0 or parent in seen_pages
            seen_pages.add(int(item.findtext(f"{WP}post_id")))
        comment_ids = set()
        for comment in item.iter(f"{WP}comment"):
            parent = int(comment.findtext(f"{WP}comment_parent"))
            assert parent == 0 or parent in comment_ids
            comment_ids.add(int(comment.findtext(f"{WP}comment_id")))
    assert len(seen_pages) == 5
    first = next(i for i in items if i.findtext("title") == "First walk")
    assert first.findtext(f"{WP}post_id") == "77"
    about = next(i for i in items if i.findtext("title") == "About")
    assert about.findtext(f"{WP}post_id") == "5"
    members = next(i for i in items if i.findtext("title") == "Members only")
    assert members.findtext(f"{WP}post_password") == "hunter2"
    pinned = next(i for i in items if i.findtext("title") == "Read me first")
    assert pinned.findtext(f"{WP}is_sticky") == "1"
    # WordPress shows a Steppe comment as typed: its text is escaped, not markup.
    poem = next(
        c.findtext(f"{WP}comment_content")
        for c in first.iter(f"{WP}comment")
        if c.findtext(f"{WP}comment_author") == "Poet"
    )
    assert poem.startswith("&lt;blockquote&gt;The steppe is wide.&lt;/blockquote&gt;")


def test_a_comment_that_came_from_wordpress_goes_back_as_its_html():
    post = PostFactory(title="Imported")
    comment = CommentFactory(post=post, comment="<em>Kept</em> as HTML")
    WordPressId.objects.create(
        site="http://old.example", kind=WordPressId.Kind.COMMENT, wp_id=9,
        object_id=comment.pk,
    )  # fmt: skip
    channel = DefusedET.fromstring(export().encode()).find("channel")
    written = next(channel.iter(f"{WP}comment"))
    assert written.findtext(f"{WP}comment_content") == "<em>Kept</em> as HTML"
    assert written.find(f"{WP}commentmeta") is None


def export_queries(monkeypatch, batch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from blog.wxr import export_comments

    monkeypatch.setattr(export_comments, "BATCH", batch)
    with CaptureQueriesContext(connection) as context:
        export()
    return len(context.captured_queries)


def test_the_export_costs_queries_by_the_batch_not_by_the_post(monkeypatch):
    """Comments are fetched a batch of posts at a time: 10x the posts, same queries."""

    def blog(start, stop):
        for n in range(start, stop):
            post = PostFactory(title=f"Post {n}", tags=["walks", f"tag {n}"])
            CommentFactory.create_batch(2, post=post)
            page = PageFactory(title=f"Page {n}", slug=f"page-{n}")
            CommentFactory(post=page)

    blog(0, 3)
    few = export_queries(monkeypatch, batch=200)
    blog(3, 30)
    assert export_queries(monkeypatch, batch=200) == few
    # And the batches are real: a smaller one costs more queries, not wrong output.
    assert export_queries(monkeypatch, batch=7) > few


def test_an_original_wordpress_id_wins_and_a_native_post_moves_aside():
    from blog.wxr.export_ids import ExportIds

    native, imported = PostFactory(), PostFactory()
    about = PageFactory()
    for kind, wp_id, target in (
        (WordPressId.Kind.POST, native.pk, imported),  # WordPress's ID = native's pk
        (WordPressId.Kind.PAGE, imported.pk, about),
    ):
        WordPressId.objects.create(
            site="http://old.example", kind=kind, wp_id=wp_id, object_id=target.pk
        )
    ids = ExportIds()
    assert ids.post(imported.pk) == native.pk
    assert ids.page(about.pk) == imported.pk
    assert ids.post(native.pk) not in (native.pk, imported.pk)
    numbers = [ids.post(native.pk), ids.post(imported.pk), ids.page(about.pk)]
    assert len(set(numbers + [ids.fresh()])) == 4
