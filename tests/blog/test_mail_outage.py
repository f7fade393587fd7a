"""A hung or dead SMTP server never fails a reader: mail waits in the queue."""

import time
import urllib.parse
import urllib.request
from contextlib import nullcontext
from unittest import mock

import django_comments_xtd.conf
import pytest
from django.core.management import call_command
from django_comments_xtd.models import XtdComment
from mailer.models import Message

from blog import mail
from blog.comments import services
from blog.roles import sync_roles
from tests.factories import CommentFactory, PostFactory, UserFactory, comment_post_data
from tests.smtp_harness import SmtpSink, dead_port, hung_server

TIMEOUT = 1.0  # EMAIL_TIMEOUT in these tests
CSRF = "h4mailtestsecret0123456789abcdef"  # 32 characters, as Django's secret


@pytest.fixture
def smtp(settings, transactional_db):
    """The real SMTP backend behind the queue; the port is set by each test."""
    sync_roles()  # transactional tests start from a flushed database
    settings.EMAIL_BACKEND = "blog.mail.QueuedBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", TIMEOUT
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    mail.resume()
    yield settings
    mail.resume()


@pytest.fixture
def moderator(smtp):
    return UserFactory(username="dana", email="dana@example.com", group="Moderators")


def post_comment(live_server, post, **fields):
    """POST the comment form over HTTP; the status, page and seconds it took."""
    data = comment_post_data(post, **fields) | {"csrfmiddlewaretoken": CSRF}
    request = urllib.request.Request(
        live_server.url + "/comments/post/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": f"csrftoken={CSRF}"},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
        return response.status, page, time.monotonic() - started


def deliver(settings):
    """What cron does once the mail server works again."""
    with SmtpSink() as sink:
        settings.EMAIL_PORT = sink.port
        call_command("retry_deferred")
        call_command("send_mail")
    return sink.messages


@pytest.mark.parametrize("server", ["hung", "dead"])
def test_held_comment_is_acknowledged_and_its_notice_sent_later(
    live_server, smtp, moderator, server, caplog
):
    post = PostFactory()
    with hung_server() if server == "hung" else nullcontext(dead_port()) as port:
        smtp.EMAIL_PORT = port
        status, page, seconds = post_comment(live_server, post, comment="Kept.")
    assert status == 200 and "awaits moderation" in page and "Kept." in page
    assert seconds < TIMEOUT + 1.5
    assert XtdComment.objects.get().comment == "Kept."
    assert Message.objects.deferred().count() == 1
    (logged,) = [r for r in caplog.records if r.name == "blog.mail"]
    assert logged.levelname == "WARNING" and "queued for the retry" in logged.message

    delivered = deliver(smtp)
    assert [to for to, _ in delivered] == [["dana@example.com"]]
    assert "awaiting moderation" in delivered[0][1]["Subject"]
    assert not Message.objects.exists()


def test_confirmation_mail_waits_for_a_dead_server(live_server, smtp):
    post = PostFactory()
    with mock.patch.object(
        django_comments_xtd.conf.settings, "COMMENTS_XTD_CONFIRM_EMAIL", True
    ):
        smtp.EMAIL_PORT = dead_port()
        status, page, _ = post_comment(
            live_server, post, email="new@example.com", comment="Confirm me."
        )
        assert status == 200 and "Please confirm your comment" in page
        delivered = deliver(smtp)
    assert [to for to, _ in delivered] == [["new@example.com"]]
    body = delivered[0][1].get_content()
    assert "/comments/confirm/" in body


def test_a_failure_pauses_sending_so_later_readers_do_not_wait(
    live_server, smtp, moderator
):
    smtp.COMMENTS_FLOOD_LIMITS = ()
    post = PostFactory()
    with hung_server() as port:
        smtp.EMAIL_PORT = port
        *_, first = post_comment(live_server, post, comment="One.")
        *_, second = post_comment(live_server, post, comment="Two.")
    assert first >= TIMEOUT * 0.9  # the first reader paid the timeout once ...
    assert second < TIMEOUT / 2  # ... and the next one did not
    assert Message.objects.count() == 2
    assert len(deliver(smtp)) == 2


def test_follow_ups_on_approval_are_queued_with_the_decision(smtp, moderator):
    post = PostFactory()
    CommentFactory(post=post, user_email="fan@example.com", followup=True)
    held = CommentFactory(post=post, user_email="later@example.com", is_public=False)
    smtp.EMAIL_PORT = dead_port()
    services.approve_comments(
        comments=XtdComment.objects.filter(pk=held.pk), moderator=moderator
    )
    held.refresh_from_db()
    assert held.is_public
    assert Message.objects.deferred().count() == 1
    delivered = deliver(smtp)
    assert [to for to, _ in delivered] == [["fan@example.com"]]
    assert "/comments/unsubscribe/" in delivered[0][1].get_content()
