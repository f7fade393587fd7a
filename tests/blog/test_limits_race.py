"""Comment limits hold when many requests arrive at the same moment (PostgreSQL)."""

from collections import Counter
from unittest import mock

import django_comments_xtd.conf
import pytest
from django.core import mail
from django.db import connection
from django_comments_xtd.models import XtdComment

from tests.concurrent_posts import post_at_once
from tests.factories import PostFactory, comment_post_data

# Rows and locks behave like this only with a server's concurrent transactions.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions: PostgreSQL"
)


def test_thirty_comments_at_once_from_one_address_store_one(live_server):
    post = PostFactory()
    forms = [
        comment_post_data(post, email=f"r{i}@example.com", comment=f"Number {i}.")
        for i in range(30)
    ]
    results = post_at_once(live_server.url + "/comments/post/", forms)
    assert Counter(status for status, _ in results) == {200: 1, 429: 29}
    assert XtdComment.objects.count() == 1


def test_one_e_mail_from_many_connections_at_once_stores_one(live_server):
    post = PostFactory()
    forms = [comment_post_data(post, comment=f"Again {i}.") for i in range(12)]
    results = post_at_once(live_server.url + "/comments/post/", forms)
    assert sorted(status for status, _ in results) == [200] + [429] * 11
    assert XtdComment.objects.count() == 1


def test_confirmation_mails_at_once_to_many_addresses_send_one(live_server):
    post = PostFactory()
    forms = [comment_post_data(post, email=f"victim{i}@example.com") for i in range(12)]
    with mock.patch.object(
        django_comments_xtd.conf.settings, "COMMENTS_XTD_CONFIRM_EMAIL", True
    ):
        results = post_at_once(live_server.url + "/comments/post/", forms)
    statuses = Counter(status for status, _ in results)
    assert statuses == {200: 1, 429: 11}
    assert len(mail.outbox) == 1
    assert not XtdComment.objects.exists()
