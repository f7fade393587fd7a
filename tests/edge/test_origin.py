"""The comment POST without a CSRF cookie: cross-site refused, the rest kept."""

import pytest
from django.test import Client
from django_comments_xtd.models import XtdComment

from tests.factories import PostFactory, comment_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client(enforce_csrf_checks=True)  # no CSRF cookie, as behind the edge


def send(reader, post, headers, **fields):
    data = comment_post_data(post, **fields)
    return reader.post("/comments/post/", data, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},  # a browser without Fetch Metadata
        {},  # not a browser: nothing a page could forge
    ],
)
def test_same_origin_comments_need_no_csrf_cookie(reader, headers):
    response = send(reader, PostFactory(), headers)
    assert response.status_code == 302 and XtdComment.objects.count() == 1


def test_a_trusted_origin_is_accepted(reader, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://blog.example.com"]
    response = send(reader, PostFactory(), {"Origin": "https://blog.example.com"})
    assert response.status_code == 302


def test_fetch_metadata_wins_over_a_matching_origin(reader):
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"}
    assert send(reader, PostFactory(), headers).status_code == 403
    assert not XtdComment.objects.exists()


def test_a_replayed_form_is_refused(reader):
    post = PostFactory()
    headers = {"Sec-Fetch-Site": "same-origin"}
    data = comment_post_data(post, comment="Said once.")
    assert reader.post("/comments/post/", data, headers=headers).status_code == 302
    again = reader.post("/comments/post/", data, headers=headers)
    assert again.status_code == 429 and "Said once." in again.content.decode()
    old = comment_post_data(post, seconds_ago=2 * 3600 + 5, email="late@example.org")
    stale = reader.post("/comments/post/", old, headers=headers)
    assert stale.status_code == 400 and "expired" in stale.content.decode()
    assert XtdComment.objects.count() == 1


def test_a_too_fast_form_is_refused(reader):
    response = send(
        reader, PostFactory(), {"Sec-Fetch-Site": "same-origin"}, seconds_ago=0
    )
    assert response.status_code == 400 and "very quick" in response.content.decode()
    assert not XtdComment.objects.exists()


def test_other_forms_keep_the_csrf_cookie(reader):
    assert reader.post("/comments/unsubscribe/x/").status_code == 403
