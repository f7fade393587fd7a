"""Odd bytes through gunicorn: a 404 or a 400 page, never its bare 500."""

import secrets

import pytest

from tests.production.test_production import (  # noqa: F401  the serve fixture
    HOST,
    migrated_database_url,
    serve,
)

pytestmark = pytest.mark.django_db


def test_nul_bytes_and_a_utf16_form_are_not_500s_under_gunicorn(serve, tmp_path):  # noqa: F811
    request = serve(migrated_database_url(tmp_path))
    for path in ("/tag/%00/", "/series/a%00b/feed/", "/surveys/%00/results/"):
        response, _, _ = request(path)
        assert response.status == 404, path
    response, page, _ = request("/search/?q=%00")
    assert response.status == 400 and "Bad request" in page
    token = secrets.token_hex(16)  # a well-formed CSRF secret, sent as cookie and field
    response, page, _ = request(
        "/comments/post/",
        data={"csrfmiddlewaretoken": token, "comment": "Hello"},
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-16",
            "Cookie": f"csrftoken={token}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/",
        },
    )
    assert response.status == 400, page
    assert "Bad request" in page
