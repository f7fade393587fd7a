"""Payload corpora thrown at post bodies and comments: nothing runs, nothing 500s.

Bodies are checked for every model that holds author HTML: add a BodyModel to
BODY_MODELS (pages, say) and every test here runs on it too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

import pytest

from blog.shortcodes import render_shortcodes
from tests.blog.test_admin import post_data
from tests.factories import (
    CommentFactory,
    PageFactory,
    PostFactory,
    UserFactory,
    make_survey,
)
from tests.inert import assert_inert, dangers
from tests.pages.test_permissions import page_data
from tests.payloads import everything, sample

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class BodyModel:
    """A model with an author-written HTML body, and where readers see it."""

    name: str
    make: Callable[[int, str], object]  # saved through the model, as services do
    pages: Callable[[object], list[str]]  # the pages that show that one
    listings: list[str]  # pages and feeds that show many
    admin_add: str
    admin_data: Callable[[int, str], dict]


BODY_MODELS = [
    BodyModel(
        name="post",
        make=lambda i, body: PostFactory(title=f"Payload {i}", body=body),
        pages=lambda post: [post.get_absolute_url()],
        listings=["/", "/page/2/", "/page/3/", "/page/4/", "/feed/", "/feed/atom/"],
        admin_add="/admin/blog/post/add/",
        admin_data=lambda i, body: post_data(
            title=f"Admin payload {i}", slug=f"admin-payload-{i}", body=body
        ),
    ),
    BodyModel(
        name="page",
        make=lambda i, body: PageFactory(title=f"Payload {i}", body=body),
        pages=lambda page: [page.get_absolute_url()],
        listings=["/search/?q=payload"],  # search lists pages with their text
        admin_add="/admin/pages/page/add/",
        admin_data=lambda i, body: page_data(
            title=f"Admin payload {i}",
            slug=f"admin-payload-{i}",
            body=body,
            show_in_navigation="",
        ),
    ),
]
by_name = pytest.mark.parametrize("model", BODY_MODELS, ids=lambda m: m.name)


@pytest.fixture(autouse=True)
def survey():
    """A survey the shortcode payloads can name, so their handlers really run."""
    return make_survey()


def shown_html(response) -> str:
    """The HTML a reader gets: the page, or each item's HTML inside a feed (titles
    are text there: Atom says so, and Django writes them escaped)."""
    text = response.content.decode()
    if not response["Content-Type"].startswith(("application/rss", "application/atom")):
        return text
    html = {"description", "content", "summary"}
    root = ElementTree.fromstring(response.content)
    parts = [el.text or "" for el in root.iter() if el.tag.split("}")[-1] in html]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<a href=" java\tscript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    ],
)
def test_the_checker_catches_what_would_run(html):
    assert dangers(html)


def test_every_payload_renders_inert():
    """The renderer alone, on every string (the fast path through everything)."""
    found = {text: dangers(render_shortcodes(text)) for text in everything()}
    assert {text: d for text, d in found.items() if d} == {}


@by_name
def test_saved_bodies_are_inert_on_their_pages_listings_and_feeds(
    client, settings, monkeypatch, model
):
    monkeypatch.setattr("blog.feeds.ITEMS", 1000)
    settings.FEED_FULL_CONTENT = True
    objects = [model.make(i, text) for i, text in enumerate(sample())]
    urls = [url for obj in objects for url in model.pages(obj)] + model.listings
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url  # 404: past the last page
        if response.status_code == 200:
            assert_inert(shown_html(response))


@by_name
def test_bodies_through_the_admin_form_are_inert(client, model):
    client.force_login(UserFactory(username="carol", group="Authors"))
    for i, text in enumerate(sample(step=100)):
        response = client.post(model.admin_add, model.admin_data(i, text))
        assert response.status_code in (200, 302), text  # 200: a form error
    client.logout()
    for url in model.listings:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            assert_inert(shown_html(response))


def test_every_payload_as_a_comment_is_inert_on_the_post_page(client):
    post = PostFactory()
    for text in everything():
        text = text.replace("\x00", "")  # PostgreSQL cannot hold NUL; forms refuse it
        name, url = text[:50] or "-", text[:200]
        CommentFactory(post=post, comment=text or "-", user_name=name, user_url=url)
    for page in range(1, len(everything()) // 50 + 2):
        response = client.get(f"{post.get_absolute_url()}?cpage={page}")
        assert response.status_code == 200, page
        assert_inert(response.content.decode())
    assert_inert(shown_html(client.get("/comments/feed/")))


def test_payloads_through_the_reader_comment_form(client, settings):
    from django_comments_xtd.models import XtdComment

    from tests.factories import comment_post_data

    settings.COMMENTS_FLOOD_LIMITS = ()
    post = PostFactory()
    for i, text in enumerate(sample()):
        data = comment_post_data(
            post, name=text[:50] or "x", email=f"r{i}@x.kz", comment=text or "x"
        )
        response = client.post("/comments/post/", data, REMOTE_ADDR="192.0.2.9")
        assert response.status_code in (200, 302, 400), text
        assert_inert(response.content.decode())
    XtdComment.objects.update(is_public=True, is_removed=False)
    assert_inert(client.get(post.get_absolute_url()).content.decode())
