"""Admin sign-in brute force locks a username from one IP, not the user everywhere."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, password, ip):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "carol", "password": password},
        REMOTE_ADDR=ip,
    )


def test_repeated_failures_lock_that_username_from_that_ip_only(client):
    UserFactory(username="carol", password="the-right-one-2010", group="Authors")
    attacker, author = "203.0.113.66", "198.51.100.10"
    for _ in range(5):
        assert sign_in(client, "guess", attacker).status_code in (200, 429)
    locked = sign_in(client, "the-right-one-2010", attacker)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    real = sign_in(client, "the-right-one-2010", author)
    assert real.status_code == 302 and client.session["_auth_user_id"]
