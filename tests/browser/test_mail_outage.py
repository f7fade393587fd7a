"""A reader comments while the mail server hangs: the usual page, mail sent later."""

import time

from django.core.management import call_command
from mailer.models import Message
from playwright.sync_api import expect

from blog import mail
from tests.browser.test_comments import write_comment
from tests.factories import PostFactory, UserFactory
from tests.smtp_harness import SmtpSink, hung_server


def test_comment_with_the_mail_server_hung(site, page, shot, settings):
    settings.EMAIL_BACKEND = "blog.mail.QueuedBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", 1.0
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    mail.resume()
    UserFactory(username="dana", email="dana@example.com", group="Moderators")
    post = PostFactory(title="Steppe winters")
    page.goto(site.url + post.get_absolute_url())
    with hung_server() as port:
        settings.EMAIL_PORT = port
        started = time.monotonic()
        write_comment(page, name="Aigerim", email="aigerim@example.kz",
                      text="Sent while the mail server was hung.")  # fmt: skip
        expect(page.locator("h1")).to_contain_text("awaits moderation")
        seconds = time.monotonic() - started - 3.1  # less the minimum fill time
    expect(page.locator(".comment-body")).to_contain_text("mail server was hung")
    shot(page, "comment-held-while-smtp-hung")
    assert seconds < 3
    assert Message.objects.deferred().count() == 1

    with SmtpSink() as sink:
        settings.EMAIL_PORT = sink.port
        call_command("retry_deferred")
        call_command("send_mail")
    assert [to for to, _ in sink.messages] == [["dana@example.com"]]
    mail.resume()
