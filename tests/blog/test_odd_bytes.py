"""NUL bytes and undecodable bodies are a 404 or a 400, never a 500."""

import pytest
from django.test import Client

from tests.factories import PostFactory, make_survey

pytestmark = pytest.mark.django_db

NUL_PATHS = [
    "/tag/%00/",
    "/tag/a%00b/",
    "/tag/a%00b/feed/",
    "/tag/a%00b/feed/atom/",
    "/tag/a%00b/page/2/",
    "/series/%00/",
    "/series/a%00b/feed/",
    "/surveys/%00/",
    "/surveys/%00/results/",
    "/surveys/%00/thanks/",
    "/2024/01/02/a%00b/",
    "/media/a%00b.png",
    "/comments/feed/%00",
    "/%00/",
]
NUL_QUERIES = [
    "/search/?q=%00",
    "/search/?q=a%00b",
    "/?p=%00",
    "/?page_id=1%00",
    "/?page=%00",
    "/tag/osce/?page=1%00",
    "/?%00=1",
]


@pytest.mark.parametrize("url", NUL_PATHS)
def test_a_nul_byte_in_a_path_is_a_404(client, url):
    PostFactory(tags=["osce"])
    make_survey()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", NUL_QUERIES)
def test_a_nul_byte_in_a_query_is_a_400(client, url):
    PostFactory(tags=["osce"])
    response = client.get(url)
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_a_post_in_an_undecodable_charset_is_a_400():
    post = PostFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(post.get_absolute_url())
    client.get("/admin/login/")  # a form with Django's CSRF token sets its cookie
    token = client.cookies["csrftoken"].value
    for path in ("/comments/post/", "/search/", "/surveys/life-in-almaty/"):
        response = client.post(
            path,
            f"csrfmiddlewaretoken={token}&comment=hello",
            content_type="application/x-www-form-urlencoded; charset=utf-16",
        )
        assert response.status_code == 400, path
