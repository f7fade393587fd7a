"""A reader's comment: held, approved, threaded, followed up."""

import re

import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment

from blog.comments.models import CommentModeration
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def page_of(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def test_comment_is_held_then_approved_and_shown(client, send, moderate, moderator):
    post = PostFactory(title="Essay")
    response = send(post, name="Aigerim", comment="Rakhmet for this.")
    assert response.status_code == 302
    comment = XtdComment.objects.get()
    assert comment.is_public is False
    assert comment.moderation.verdict == "held"

    sent = client.get(response.url)
    assert "awaits moderation" in sent.content.decode()
    assert "Rakhmet for this." in sent.content.decode()

    assert "Rakhmet for this." not in page_of(client, post)
    assert "Leave a comment »" in client.get("/").content.decode()
    assert mail.outbox[0].to == [moderator.email]
    assert "Comment awaiting moderation" in mail.outbox[0].subject
    assert f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/change/" in (
        mail.outbox[0].body
    )

    moderate("approve", comment)
    assert comment.is_public is True
    assert comment.moderation.decided_by == moderator
    assert "Rakhmet for this." in page_of(client, post)
    assert "Comments (1) »" in client.get("/").content.decode()


def test_sent_page_needs_the_posters_link(client, send):
    post = PostFactory()
    send(post)
    comment = XtdComment.objects.get()
    assert client.get(f"/comments/sent/{comment.pk}/").status_code == 404


def test_replies_nest_three_levels_and_no_deeper(client, send, moderate):
    post = PostFactory()
    top = CommentFactory(post=post, comment="Top level.")
    send(post, comment="First reply.", reply_to=str(top.pk), email="b@example.com")
    reply = XtdComment.objects.get(comment="First reply.")
    moderate("approve", reply)
    assert reply.level == 1
    send(
        post, comment="Second reply.", reply_to=str(reply.pk),
        email="c@example.com", ip="203.0.113.8",
    )  # fmt: skip
    deepest = XtdComment.objects.get(comment="Second reply.")
    moderate("approve", deepest)
    assert deepest.level == 2

    page = page_of(client, post)
    ids = [f'id="c{c.pk}"' for c in (top, reply, deepest)]
    nested = re.search(".*?comment-children.*?".join(ids), page, re.S)
    assert nested
    assert f'href="/comments/reply/{deepest.pk}/"' not in page  # deepest level
    assert client.get(f"/comments/reply/{deepest.pk}/").status_code == 404

    count = XtdComment.objects.count()
    response = send(
        post, comment="Too deep.", reply_to=str(deepest.pk),
        email="d@example.com", ip="203.0.113.9",
    )  # fmt: skip
    assert response.status_code == 400
    assert "as deep as it goes" in response.content.decode()
    assert XtdComment.objects.count() == count


def test_reply_page_works_without_javascript(client):
    post = PostFactory(title="Threads")
    parent = CommentFactory(post=post, user_name="Bolat", comment="Original point.")
    page = client.get(f"/comments/reply/{parent.pk}/").content.decode()
    assert "Reply to Bolat" in page and "Original point." in page
    assert f'name="reply_to" value="{parent.pk}"' in page


@pytest.mark.parametrize("forged", ["other-post", "missing", "held", "negative"])
def test_forged_reply_to_is_rejected_without_a_row(send, forged):
    post = PostFactory()
    target = {
        "other-post": lambda: CommentFactory().pk,
        "missing": lambda: 999_999,
        "held": lambda: CommentFactory(post=post, is_public=False).pk,
        "negative": lambda: -3,
    }[forged]()
    before = XtdComment.objects.count()
    response = send(post, reply_to=str(target), email="forger@example.com")
    assert response.status_code == 400
    assert XtdComment.objects.count() == before


def test_approving_a_parent_leaves_its_held_replies_held(send, moderate):
    post = PostFactory()
    send(post, comment="Parent.")
    parent = XtdComment.objects.get()
    moderate("approve", parent)
    send(post, comment="Held reply.", reply_to=str(parent.pk), email="x@example.com",
         ip="198.51.100.2")  # fmt: skip
    reply = XtdComment.objects.get(comment="Held reply.")
    moderate("spam", parent)
    moderate("approve", parent)
    reply.refresh_from_db()
    assert reply.is_public is False


def test_follow_up_mail_after_approval_and_unsubscribe(client, send, moderate):
    post = PostFactory(title="Follow me")
    CommentFactory(
        post=post, user_email="fan@example.com", user_name="Fan", followup=True
    )
    send(post, comment="A new voice.", email="new@example.com")
    new = XtdComment.objects.get(comment="A new voice.")
    mail.outbox.clear()
    moderate("approve", new)
    followups = [m for m in mail.outbox if m.to == ["fan@example.com"]]
    assert len(followups) == 1
    body = followups[0].body
    assert "A new voice." in body and "Follow me" in body
    link = re.search(r"http://[^/\s]+(/comments/unsubscribe/\S+/)", body).group(1)

    assert "Unsubscribe" in client.get(link).content.decode()
    assert client.post(link).status_code == 200
    assert not XtdComment.objects.get(user_email="fan@example.com").followup

    mail.outbox.clear()
    send(post, comment="Another.", email="third@example.com", ip="198.51.100.3")
    moderate("approve", XtdComment.objects.get(comment="Another."))
    assert not [m for m in mail.outbox if m.to == ["fan@example.com"]]


def test_forged_unsubscribe_link_is_404(client):
    assert client.get("/comments/unsubscribe/not-a-token/").status_code == 404
    assert client.post("/comments/unsubscribe/not-a-token/").status_code == 404


def test_closed_post_keeps_text_and_shows_approved_comments(client, send):
    post = PostFactory(allow_comments=False)
    CommentFactory(post=post, comment="Said before closing.")
    response = send(post, comment="Too late, but mine.")
    assert response.status_code == 403
    assert "Too late, but mine." in response.content.decode()
    assert "closed" in response.content.decode()
    page = page_of(client, post)
    assert "Comments are closed." in page and "Said before closing." in page
    assert 'action="/comments/post/"' not in page


def test_comments_close_after_n_days(client, send, settings):
    old = PostFactory(published_at=PostFactory().published_at.replace(year=2010))
    assert send(old).status_code == 403
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert send(old).status_code == 302
    settings.COMMENTS_CLOSE_AFTER_DAYS = 60
    assert "Comments are closed." in page_of(client, old)


def test_comments_paginate_by_thread(client):
    post = PostFactory()
    threads = [CommentFactory(post=post, comment=f"Thread {i}.") for i in range(51)]
    CommentFactory(post=post, comment="Reply on the last.", parent_id=threads[-1].pk)
    first = page_of(client, post)
    assert "Thread 0." in first and "Thread 51." not in first
    assert "Thread 50." not in first
    second = client.get(post.get_absolute_url() + "?cpage=2").content.decode()
    assert "Thread 50." in second and "Reply on the last." in second
    assert client.get(post.get_absolute_url() + "?cpage=3").status_code == 404
    assert client.get(post.get_absolute_url() + "?cpage=x").status_code == 404


def test_purge_comment_ips(db):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = CommentFactory(ip_address="192.0.2.1")
    XtdComment.objects.filter(pk=old.pk).update(
        submit_date=timezone.now() - timedelta(days=91)
    )
    recent = CommentFactory(ip_address="192.0.2.2")
    call_command("purge_comment_ips", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and recent.ip_address == "192.0.2.2"


def test_moderation_is_recorded_with_who_and_when(send, moderate, moderator):
    post = PostFactory()
    send(post)
    comment = XtdComment.objects.get()
    moderate("remove", comment)
    record = CommentModeration.objects.get(comment=comment)
    assert record.verdict == "removed" and record.decided_by == moderator
    assert record.decided_at is not None
    assert comment.is_removed is True
