"""Unsubscribe links name a comment, not an address, and expire cleanly."""

import base64
import binascii
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django_comments_xtd.models import XtdComment

from blog.comments import services
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fan():
    post = PostFactory(title="Follow me")
    return CommentFactory(post=post, user_email="fan@example.com", followup=True)


def followup_link(fan, send, moderate):
    send(fan.content_object, comment="A new voice.", email="new@example.com")
    mail.outbox.clear()
    moderate("approve", XtdComment.objects.get(comment="A new voice."))
    (message,) = [m for m in mail.outbox if m.to == ["fan@example.com"]]
    return re.search(r"http://[^/\s]+(/comments/unsubscribe/(\S+)/)", message.body)


def readable(token: str) -> str:
    """Every part of the token, base64-decoded where it decodes."""
    parts = []
    for part in token.split(":"):
        try:
            parts.append(base64.urlsafe_b64decode(part + "==").decode("latin-1"))
        except (binascii.Error, ValueError):
            parts.append(part)
    return " ".join(parts)


def test_the_link_in_a_follow_up_does_not_carry_the_address(
    client, fan, send, moderate
):
    link = followup_link(fan, send, moderate)
    assert "fan@example.com" not in readable(link.group(2))
    assert "fan" not in link.group(0)
    assert client.post(link.group(1)).status_code == 200
    fan.refresh_from_db()
    assert fan.followup is False


def test_an_expired_link_gets_a_friendly_page_and_changes_nothing(client, fan):
    half_a_year_ago = time.time() - services.UNSUBSCRIBE_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=half_a_year_ago):
        token = services.unsubscribe_token(comment_id=fan.pk)
    url = f"/comments/unsubscribe/{token}/"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "This link has expired" in response.content.decode()
    fan.refresh_from_db()
    assert fan.followup is True


def test_an_old_style_link_with_the_address_fails_cleanly(client, fan):
    old = signing.dumps(
        {"p": int(fan.object_pk), "e": fan.user_email},
        salt="steppe.comments.unsubscribe",
    )
    response = client.post(f"/comments/unsubscribe/{old}/")
    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()
    fan.refresh_from_db()
    assert fan.followup is True


def test_a_link_whose_comment_is_gone_fails_cleanly(client, fan):
    token = services.unsubscribe_token(comment_id=fan.pk)
    fan.delete()
    response = client.get(f"/comments/unsubscribe/{token}/")
    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()
