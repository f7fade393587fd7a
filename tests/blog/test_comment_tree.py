"""The page of comments: nesting, reply links, stored HTML, two queries."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from blog.comments.html import store
from blog.comments.models import CommentHTML
from blog.comments.tree import comment_page
from blog.wxr.models import WordPressId
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


class Nesting(HTMLParser):
    """Each comment's enclosing comment, and the <ol>/<li> balance, from the page."""

    def __init__(self):
        super().__init__()
        self.stack, self.parent_of, self.open_lists = [], {}, 0
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "comment-item" in attrs.get("class", ""):
            self.stack.append(None)
        elif tag == "ol":
            self.open_lists += 1
        elif tag == "article" and attrs.get("class") == "comment":
            enclosing = [pk for pk in self.stack[:-1] if pk]
            self.parent_of[attrs["id"]] = enclosing[-1] if enclosing else None
            self.stack[-1] = attrs["id"]

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()
        elif tag == "ol":
            self.open_lists -= 1
            self.balanced &= self.open_lists >= 0


def nesting(html):
    section = html.split('<section id="comments"')[1].split("</section>")[0]
    parser = Nesting()
    parser.feed(section)
    assert parser.balanced and parser.open_lists == 0 and not parser.stack
    return parser.parent_of


def page(client, post, query=""):
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def test_threads_nest_as_stored_and_every_list_closes(client):
    post = PostFactory()
    a = CommentFactory(post=post)
    a1 = CommentFactory(post=post, parent_id=a.pk)
    a11 = CommentFactory(post=post, parent_id=a1.pk)
    a2 = CommentFactory(post=post, parent_id=a.pk)
    b = CommentFactory(post=post)
    a12 = CommentFactory(post=post, parent_id=a1.pk)  # later, still under a1
    b1 = CommentFactory(post=post, parent_id=b.pk)
    c = CommentFactory(post=post)
    ids = {x.pk: f"c{x.pk}" for x in (a, a1, a11, a2, b, a12, b1, c)}
    assert nesting(page(client, post)) == {
        ids[a.pk]: None,
        ids[a1.pk]: ids[a.pk],
        ids[a11.pk]: ids[a1.pk],
        ids[a12.pk]: ids[a1.pk],
        ids[a2.pk]: ids[a.pk],
        ids[b.pk]: None,
        ids[b1.pk]: ids[b.pk],
        ids[c.pk]: None,
    }


def test_a_reply_to_a_held_comment_shows_a_level_up(client):
    post = PostFactory()
    top = CommentFactory(post=post)
    held = CommentFactory(post=post, parent_id=top.pk, is_public=False)
    orphan = CommentFactory(post=post, parent_id=held.pk, comment="Still here.")
    html = page(client, post)
    assert f'id="c{held.pk}"' not in html
    assert nesting(html) == {f"c{top.pk}": None, f"c{orphan.pk}": None}


def test_reply_links_below_the_deepest_level_while_comments_are_open(client):
    post = PostFactory()
    top = CommentFactory(post=post, user_name="Bolat <b>")
    reply = CommentFactory(post=post, parent_id=top.pk)
    deepest = CommentFactory(post=post, parent_id=reply.pk)
    html = page(client, post)
    assert f'href="/comments/reply/{top.pk}/"' in html
    assert 'aria-label="Reply to Bolat &lt;b&gt;"' in html
    assert f'href="/comments/reply/{reply.pk}/"' in html
    assert f'href="/comments/reply/{deepest.pk}/"' not in html
    post.allow_comments = False
    post.save()
    assert "/comments/reply/" not in page(client, post)


def test_body_html_is_stored_on_save_and_shown_from_there(client):
    post = PostFactory()
    comment = CommentFactory(
        post=post, comment="See https://example.com/a <b>now</b>\n\nBye",
        user_url="javascript:alert(1)",
    )  # fmt: skip
    stored = CommentHTML.objects.get(comment=comment)
    assert stored.body == (
        '<p>See <a href="https://example.com/a" rel="nofollow">'
        "https://example.com/a</a> &lt;b&gt;now&lt;/b&gt;</p>\n\n<p>Bye</p>"
    )
    assert stored.website == ""
    CommentHTML.objects.filter(pk=comment.pk).update(body="<p>From the table.</p>")
    assert "<p>From the table.</p>" in page(client, post)


def test_a_stale_or_missing_body_is_derived_again_for_the_page(client):
    post = PostFactory()
    edited = CommentFactory(post=post, comment="Before.")
    bulk = CommentFactory(post=post, comment="Bulk <i>row</i>.")
    XtdComment.objects.filter(pk=edited.pk).update(comment="After the edit.")
    CommentHTML.objects.filter(pk=bulk.pk).delete()  # as a bulk insert leaves it
    html = page(client, post)
    assert "After the edit." in html and "Before." not in html
    assert "Bulk &lt;i&gt;row&lt;/i&gt;." in html


def test_an_imported_comment_keeps_its_allowed_html(client):
    post = PostFactory()
    comment = CommentFactory(
        post=post, comment='<b>Bold</b> <script>x()</script><a href="http://e.kz">e</a>'
    )
    WordPressId.objects.create(
        site="http://old.example", kind=WordPressId.Kind.COMMENT, wp_id=1,
        object_id=comment.pk,
    )  # fmt: skip
    html = page(client, post)  # the digest includes the origin: derived again
    assert "<b>Bold</b>" in html and "<script>" not in html
    assert '<a href="http://e.kz" rel="nofollow ugc">e</a>' in html
    store([comment.pk])
    assert "<b>Bold</b>" in CommentHTML.objects.get(comment=comment).body


def test_commenter_website_is_linked_only_when_http(client):
    post = PostFactory()
    CommentFactory(post=post, user_name="Web", user_url="https://aigerim.kz/")
    CommentFactory(post=post, user_name="Bad", user_url="ftp://x.kz/")
    html = page(client, post)
    assert '<a href="https://aigerim.kz/" rel="nofollow ugc">Web</a>' in html
    assert ">Bad</h3>" in html


@pytest.mark.parametrize("cpage", ["0", "3", "-1", "x", "1" * 40])
def test_a_comment_page_that_does_not_exist_is_404(client, cpage):
    post = PostFactory()
    CommentFactory.create_batch(3, post=post)
    response = client.get(post.get_absolute_url(), {"cpage": cpage})
    assert response.status_code == 404


def test_two_queries_whatever_the_number_of_comments_and_levels():
    post = PostFactory()
    CommentFactory(post=post)
    with CaptureQueriesContext(connection) as small:
        comment_page(post, "1", comments_open=True)
    for _ in range(60):
        top = CommentFactory(post=post)
        reply = CommentFactory(post=post, parent_id=top.pk)
        CommentFactory(post=post, parent_id=reply.pk)
    with CaptureQueriesContext(connection) as large:
        context = comment_page(post, "2", comments_open=True)
    assert len(small) == len(large) == 2
    assert context["comment_count"] == 181
    assert len(context["comments"]) == 11 * 3  # threads 51-61 of 61 (50 a page)


def test_no_comments_is_one_query(client):
    post = PostFactory()
    with CaptureQueriesContext(connection) as queries:
        context = comment_page(post, None, comments_open=True)
    assert len(queries) == 1
    assert context["comments"] == [] and context["comment_count"] == 0


def test_an_import_stores_the_html_its_bulk_writes_skip():
    from django.core.management import call_command

    from blog.comments.html import digest

    sample = Path(__file__).parent / "wxr" / "sample.xml"
    call_command("import_wxr", str(sample), verbosity=0)
    imported = set(
        WordPressId.objects.filter(kind=WordPressId.Kind.COMMENT).values_list(
            "object_id", flat=True
        )
    )
    stored = {
        html.comment_id: html for html in CommentHTML.objects.select_related("comment")
    }
    assert imported and imported <= set(stored)
    for pk in imported:  # current: a page shows them as stored
        comment = stored[pk].comment
        assert stored[pk].source == digest(comment.comment, comment.user_url, True)
