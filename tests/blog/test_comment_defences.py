"""Spam and flood defences, and bad input that never loses the reader's text."""

from datetime import timedelta
from unittest import mock

import django_comments_xtd.conf
import pytest
from django.core import mail
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def YESTERDAY():  # noqa: N802  outside the flood windows
    return timezone.now() - timedelta(days=1)


def verdict():
    return XtdComment.objects.get().moderation.verdict


def test_returning_commenter_is_approved_at_once(send, settings):
    post = PostFactory()
    CommentFactory(
        user_name="Aigerim", user_email="Regular@Example.com", submit_date=YESTERDAY()
    )
    response = send(
        post, name="aigerim", email="regular@example.com", comment="Me again."
    )
    comment = XtdComment.objects.get(comment="Me again.")
    assert comment.is_public and comment.moderation.reason == "returning commenter"
    assert response.url.endswith(f"#c{comment.pk}")


def test_returning_rule_can_be_switched_off(send, settings):
    settings.COMMENTS_APPROVE_RETURNING = False
    CommentFactory(user_email="regular@example.com", submit_date=YESTERDAY())
    send(PostFactory(), email="regular@example.com", comment="Me again.")
    assert XtdComment.objects.get(comment="Me again.").is_public is False


@pytest.mark.parametrize(
    "text",
    [
        "See https://a.example and https://b.example",
        "www.one.example, www.two.example",
        "Great returns on BITCOIN here.",
    ],
)
def test_links_and_moderation_words_hold_even_returning_commenters(send, text):
    CommentFactory(user_email="regular@example.com", submit_date=YESTERDAY())
    send(PostFactory(), email="regular@example.com", comment=text)
    comment = XtdComment.objects.get(comment=text)
    assert comment.is_public is False and comment.is_removed is False


def test_disallowed_word_goes_to_spam_silently(client, send):
    response = send(PostFactory(), comment="Cheap Viagra for all")
    assert verdict() == "spam"
    assert XtdComment.objects.get().is_removed is True
    assert "awaits moderation" in client.get(response.url).content.decode()
    assert mail.outbox == []  # no moderator is bothered


def test_spam_verdict_sends_later_comments_from_that_sender_to_spam(send, moderate):
    post = PostFactory()
    send(post, email="junk@example.com", ip="198.51.100.50")
    moderate("spam", XtdComment.objects.get())
    XtdComment.objects.update(submit_date=timezone.now() - timedelta(hours=2))
    send(post, email="junk@example.com", ip="192.0.2.99", comment="Again")
    send(post, email="fresh@example.com", ip="198.51.100.50", comment="Same IP")
    for text in ("Again", "Same IP"):
        assert XtdComment.objects.get(comment=text).moderation.verdict == "spam"


def test_flood_limit_per_ip_and_per_email(send):
    post = PostFactory()
    assert send(post, comment="First.").status_code == 302
    second = send(post, comment="Second, too soon.", email="other@example.com")
    assert second.status_code == 429
    assert "Second, too soon." in second.content.decode()
    assert "commenting too often" in second.content.decode()
    third = send(post, comment="Third.", ip="192.0.2.200")  # same e-mail
    assert third.status_code == 429
    assert XtdComment.objects.count() == 1


def test_flood_limit_of_ten_an_hour(send):
    post = PostFactory()
    for minutes in range(10):
        CommentFactory(
            post=post,
            user_email="busy@example.com",
            ip_address="192.0.2.5",
            submit_date=timezone.now() - timedelta(minutes=5 + minutes),
        )
    response = send(post, email="busy@example.com", ip="192.0.2.6")
    assert response.status_code == 429
    assert send(post, email="calm@example.com", ip="192.0.2.7").status_code == 302


def test_minimum_fill_time(send):
    response = send(PostFactory(), seconds_ago=0, comment="Typed at bot speed.")
    assert response.status_code == 400
    assert "very quick" in response.content.decode()
    assert "Typed at bot speed." in response.content.decode()
    assert not XtdComment.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        {"honeypot": "I am a bot"},
        {"security_hash": "0" * 40},
        {"seconds_ago": 3 * 3600},  # the form expired
    ],
)
def test_security_failures_get_a_friendly_page_that_keeps_the_text(send, tamper):
    response = send(PostFactory(), comment="Please keep my words.", **tamper)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please keep my words." in page
    assert "please send it again" in page
    assert 'name="security_hash"' in page  # a fresh form to send it again
    assert not XtdComment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "This field is required."),
        ("name", "n" * 101, "at most 100 characters"),
        ("email", "not-an-email", "Enter a valid email address."),
        ("email", "a" * 250 + "@example.com", "at most 254 characters"),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
        ("url", "https://example.com/" + "x" * 200, "at most 200 characters"),
        ("comment", "c" * 10_001, "at most 10000 characters"),
        ("comment", "", "This field is required."),
    ],
)
def test_field_errors_reshow_the_form_with_the_text(send, field, value, error):
    data = {"comment": "My text stays.", field: value}
    response = send(PostFactory(), **data)
    page = response.content.decode()
    assert response.status_code == 400
    assert error in page.replace("&#x27;", "'")
    if field != "comment":
        assert "My text stays." in page
    assert not XtdComment.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        {"content_type": "auth.user"},
        {"object_pk": "abc"},
        {"object_pk": "999999"},
    ],
)
def test_comment_on_something_else_is_404(send, target):
    assert send(PostFactory(), **target).status_code == 404


def test_draft_takes_no_comments(send):
    from blog.models import Post

    assert send(PostFactory(status=Post.Status.DRAFT)).status_code == 404


XSS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_every_field_is_escaped(client, send, moderate, payload):
    post = PostFactory()
    send(
        post,
        name=payload[:100],
        comment=f"Look: {payload} and https://ok.example/?q=<b>",
        url="https://example.com/?q=" + payload.replace(" ", "%20")[:150],
    )
    comment = XtdComment.objects.get()
    moderate("approve", comment)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert 'onerror="alert' not in page and "<svg onload" not in page
    assert 'href="javascript:' not in page
    assert 'rel="nofollow ugc"' in page


def test_confirmation_mail_only_after_the_spam_checks(client, send, moderator):
    post = PostFactory()
    settings = django_comments_xtd.conf.settings
    with mock.patch.object(settings, "COMMENTS_XTD_CONFIRM_EMAIL", True):
        spam = send(post, comment="viagra deals", email="spammer@example.com")
        assert spam.status_code == 302 and mail.outbox == []
        XtdComment.objects.all().delete()
        response = send(post, comment="Confirm me.", email="careful@example.com",
                        ip="192.0.2.70")  # fmt: skip
    assert "Please confirm your comment" in response.content.decode()
    assert not XtdComment.objects.exists()
    assert mail.outbox[0].to == ["careful@example.com"]
    link = mail.outbox[0].body.split("http://", 1)[1].split()[0]
    path = link[link.index("/") :]
    assert "Send my comment" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 302  # a second click adds nothing
    comment = XtdComment.objects.get()
    assert comment.comment == "Confirm me." and comment.is_public is False
    assert client.get("/comments/confirm/forged/").status_code == 404


def test_cross_site_comment_is_refused_and_keeps_the_text(db):
    from django.test import Client

    from tests.factories import comment_post_data

    post = PostFactory()
    client = Client(enforce_csrf_checks=True)
    data = comment_post_data(post, comment="Sent from another site, words kept.")
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site too
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ):
        response = client.post("/comments/post/", data, headers=headers)
        assert response.status_code == 403, headers
        assert "Sent from another site, words kept." in response.content.decode()
    assert not XtdComment.objects.exists()
    other = client.post("/comments/unsubscribe/x/")
    assert other.status_code == 403 and "Please try again" in other.content.decode()


def test_a_100_character_name_is_stored_whole(send):
    name = "Айгерим " * 12 + "Sultanovna"
    name = name[:100]
    assert send(PostFactory(), name=name).status_code == 302
    assert XtdComment.objects.get().user_name == name
