"""Confirmation mails are limited per address and per client, like comments."""

import io
from datetime import timedelta
from unittest import mock

import django_comments_xtd.conf
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from blog import limits
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirming():
    with mock.patch.object(
        django_comments_xtd.conf.settings, "COMMENTS_XTD_CONFIRM_EMAIL", True
    ):
        yield


def test_one_client_cannot_mail_many_addresses(send, confirming):
    post = PostFactory()
    statuses = [
        send(post, email=f"victim{i}@example.com", comment=f"Hi {i}").status_code
        for i in range(12)
    ]
    assert statuses == [200] + [429] * 11
    assert [m.to for m in mail.outbox] == [["victim0@example.com"]]


def test_one_address_cannot_be_mailed_from_many_clients(send, confirming):
    post = PostFactory()
    responses = [
        send(post, ip=f"192.0.2.{i}", email="victim@example.com", comment="Words.")
        for i in range(1, 6)
    ]
    assert [r.status_code for r in responses] == [200, 429, 429, 429, 429]
    assert "Words." in responses[-1].content.decode()  # the text is kept
    assert len(mail.outbox) == 1


def test_the_limit_ends_with_its_window(send, confirming):
    post = PostFactory()
    assert send(post, email="a@example.com").status_code == 200
    assert send(post, email="b@example.com").status_code == 429
    limits.Allowance.objects.update(window_start=timezone.now() - timedelta(hours=2))
    assert send(post, email="b@example.com").status_code == 200
    assert len(mail.outbox) == 2


def test_ten_an_hour_from_one_client(send, confirming, settings):
    post = PostFactory()
    sent = 0
    for i in range(12):
        limits.Allowance.objects.filter(hits__gt=0).update(
            window_start=timezone.now() - timedelta(seconds=16)
        )  # past the 15-second window, inside the hour
        sent += send(post, email=f"v{i}@example.com").status_code == 200
    assert sent == dict(settings.COMMENTS_FLOOD_LIMITS)[3600]


def test_a_limit_needs_the_transaction_that_stores_the_write(transactional_db):
    with pytest.raises(TransactionManagementError):
        limits.serialize("outside")
    with transaction.atomic():
        limits.serialize("inside")
    assert limits.Allowance.objects.count() == 1
    assert "inside" not in limits.Allowance.objects.get().key  # a keyed hash


def test_purge_comment_ips_forgets_rows_no_limit_needs(send, confirming):
    send(PostFactory(), email="a@example.com")
    fresh = set(limits.Allowance.objects.values_list("key", flat=True))
    limits.Allowance.objects.create(
        key="0" * 64, window_start=timezone.now() - timedelta(days=2)
    )
    call_command("purge_comment_ips", stdout=io.StringIO())
    assert set(limits.Allowance.objects.values_list("key", flat=True)) == fresh
