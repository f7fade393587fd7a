"""A commenter's website is linked only when it is an http(s) address."""

import pytest
from django_comments_xtd.models import XtdComment

from blog.comments.links import website
from tests.blog.test_wxr_import import run_import, variant
from tests.factories import CommentFactory, PostFactory
from tests.inert import assert_inert

pytestmark = pytest.mark.django_db

BAD = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/",
    "//evil.example/",
    "/relative/path",
    "https://",
    "https://x.kz/" + "a" * 200,
]


@pytest.mark.parametrize("url", BAD)
def test_website_refuses_what_is_not_a_whole_http_address(url):
    assert website(url) == ""


def test_website_keeps_http_and_https():
    assert website(" https://steppe.example/about ") == "https://steppe.example/about"
    assert website("http://блог.kz/") == "http://блог.kz/"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("javascript:alert(document.domain)", ""),
        ("https://dana.kz/", "https://dana.kz/"),
    ],
)
def test_an_imported_website_is_kept_only_as_http(tmp_path, url, kept):
    field = "<wp:comment_author_url>{}</wp:comment_author_url>"
    run_import(variant(tmp_path, field.format(""), field.format(url)))
    first = XtdComment.objects.filter(user_name="Dana").order_by("submit_date")[0]
    assert first.user_url == kept


@pytest.mark.parametrize("url", BAD[:6])
def test_the_comment_list_never_links_a_stored_non_http_website(client, url):
    post = PostFactory()
    CommentFactory(post=post, user_name="Mallory", user_url=url)
    CommentFactory(post=post, user_name="Dana", user_url="https://dana.kz/")
    page = client.get(post.get_absolute_url()).content.decode()
    assert_inert(page)
    assert '<a href="https://dana.kz/" rel="nofollow ugc">Dana</a>' in page
    assert ">Mallory</h3>" in page
