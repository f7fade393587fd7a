"""Comments on a page work as on posts: held, approved, counted, threaded, paged."""

import re

import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment

from pages.models import Page
from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    return PageFactory(title="About", slug="about", allow_comments=True)


def page_of(client, page, query=""):
    return client.get(page.get_absolute_url() + query).content.decode()


def test_a_comment_on_a_page_is_held_approved_shown_and_counted(
    client, send, moderate, moderator, about
):
    assert 'action="/comments/post/"' in page_of(client, about)
    response = send(about, name="Aigerim", comment="Who writes this blog?")
    assert response.status_code == 302
    comment = XtdComment.objects.get()
    assert comment.content_object == about
    assert comment.moderation.verdict == "held"
    sent = client.get(response.url).content.decode()
    assert "Who writes this blog?" in sent and 'href="/about/' in sent
    assert "Who writes this blog?" not in page_of(client, about)
    assert "on “About”" in mail.outbox[0].subject
    assert "/about/" in mail.outbox[0].body

    moderate("approve", comment)
    page = page_of(client, about)
    assert "Who writes this blog?" in page and "1 comment" in page
    assert f'id="c{comment.pk}"' in page


def test_page_comments_stay_off_posts_with_the_same_id(client, about):
    post = PostFactory()
    CommentFactory(post=about, comment="On the page.")
    CommentFactory(post=post, comment="On the post.")
    assert Page.objects.get(pk=about.pk)  # both exist; ids may coincide
    assert "On the post." not in page_of(client, about)
    assert "On the page." not in client.get(post.get_absolute_url()).content.decode()


def test_replies_on_a_page_nest_and_the_reply_form_needs_no_javascript(
    client, send, moderate, about
):
    top = CommentFactory(post=about, comment="Top level.")
    reply_page = client.get(f"/comments/reply/{top.pk}/").content.decode()
    assert 'name="content_type" value="pages.page"' in reply_page
    send(about, comment="A reply.", reply_to=str(top.pk), email="b@example.com")
    reply = XtdComment.objects.get(comment="A reply.")
    moderate("approve", reply)
    assert reply.level == 1 and reply.content_object == about
    assert re.search(
        f'id="c{top.pk}".*?comment-children.*?id="c{reply.pk}"',
        page_of(client, about),
        re.S,
    )


def test_a_reply_must_be_to_a_comment_on_the_same_page(send, about):
    elsewhere = CommentFactory(post=PostFactory(), comment="On a post.")
    response = send(about, reply_to=str(elsewhere.pk))
    assert response.status_code == 400
    assert "not on this post" in response.content.decode()
    assert XtdComment.objects.count() == 1


def test_pages_without_comments_refuse_them_and_keep_the_text(client, send):
    quiet = PageFactory(slug="quiet")  # allow_comments is off by default
    assert 'id="comments"' not in page_of(client, quiet)
    response = send(quiet, comment="Still, a remark.")
    assert response.status_code == 403
    assert "Still, a remark." in response.content.decode()
    assert not XtdComment.objects.exists()


def test_drafts_take_no_comments(send):
    draft = PageFactory(slug="draft", status=Page.Status.DRAFT, allow_comments=True)
    assert send(draft).status_code == 404
    assert not XtdComment.objects.exists()


def test_a_forged_target_is_404(client, about):
    from tests.factories import comment_post_data

    for content_type in ("auth.user", "pages.nothing", "sites.site"):
        data = comment_post_data(about, content_type=content_type)
        assert client.post("/comments/post/", data).status_code == 404


def test_page_comments_paginate_by_thread(client, about):
    for i in range(51):
        CommentFactory(post=about, comment=f"Thread {i}.")
    first = page_of(client, about)
    assert "Thread 0." in first and "Thread 50." not in first
    assert "Thread 50." in page_of(client, about, "?cpage=2")
    assert client.get("/about/?cpage=3").status_code == 404


def test_follow_up_mail_for_a_page_unsubscribes_from_that_page(
    client, send, moderate, about
):
    post = PostFactory()
    while post.pk < about.pk:  # a post with the page's id must keep its follower
        post = PostFactory()
    page = about
    while page.pk < post.pk:
        page = PageFactory(allow_comments=True)
    CommentFactory(post=page, user_email="fan@example.com", followup=True)
    CommentFactory(post=post, user_email="fan@example.com", followup=True)
    send(page, comment="News on the page.", email="new@example.com")
    mail.outbox.clear()
    moderate("approve", XtdComment.objects.get(comment="News on the page."))
    [followup] = [m for m in mail.outbox if m.to == ["fan@example.com"]]
    assert page.get_absolute_url() in followup.body
    link = re.search(r"http://[^/\s]+(/comments/unsubscribe/\S+/)", followup.body)
    assert client.post(link.group(1)).status_code == 200
    fan = XtdComment.objects.filter(user_email="fan@example.com")
    assert not fan.get(content_type__model="page").followup
    assert fan.get(content_type__model="post").followup  # same id, other post


def test_moderators_see_the_page_in_the_comment_queue(client, moderator, about):
    CommentFactory(post=about, is_public=False, comment="Held here.")
    client.force_login(moderator)
    queue = client.get("/admin/django_comments_xtd/xtdcomment/").content.decode()
    assert "Held here." in queue and ">About<" in queue


def test_approved_page_comments_are_in_the_comments_feed(client, about):
    CommentFactory(post=about, user_name="Aigerim", comment="On the About page.")
    CommentFactory(post=about, is_public=False, comment="Still held.")
    draft = PageFactory(slug="draft", status=Page.Status.DRAFT, allow_comments=True)
    CommentFactory(post=draft, comment="On a draft.")
    feed = client.get("/comments/feed/").content.decode()
    assert "Aigerim on “About”" in feed and "/about/#c" in feed
    assert "Still held." not in feed and "On a draft." not in feed
    about.status = Page.Status.DRAFT
    about.save()
    assert "On the About page." not in client.get("/comments/feed/").content.decode()


def test_a_page_under_a_draft_takes_no_comments(send):
    draft = PageFactory(slug="draft", status=Page.Status.DRAFT)
    child = PageFactory(slug="child", parent=draft, allow_comments=True)
    assert send(child).status_code == 404
    assert not XtdComment.objects.exists()
