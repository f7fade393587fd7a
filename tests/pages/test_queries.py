"""Pages run a fixed number of queries, whatever the number of pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get("/")  # warm per-process caches (ContentType, Site)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def add_children(parent, start, stop):
    for i in range(start, stop):
        child = PageFactory(title=f"Child {i}", slug=f"child-{i}", parent=parent)
        CommentFactory(post=child)


def test_a_page_runs_the_same_queries_with_1_and_10_children(client):
    about = PageFactory(slug="about", allow_comments=True, show_in_navigation=True)
    CommentFactory.create_batch(2, post=about)
    add_children(about, 0, 1)
    urls = {"parent": "/about/", "child": "/about/child-0/"}
    small = {name: count_queries(client, url) for name, url in urls.items()}
    add_children(about, 1, 10)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    page = client.get("/about/child-0/").content.decode()
    assert page.count('href="/about/child-') == 9  # its siblings
    print("page queries:", large)
    assert small == large


def test_the_navigation_is_one_query_with_2_and_20_pages(client):
    post = PostFactory()
    PageFactory(slug="leaf")

    def add_pages(start, stop):
        for i in range(start, stop):
            PageFactory(title=f"Nav {i}", slug=f"nav-{i}", show_in_navigation=True)

    add_pages(0, 2)
    urls = {"home": "/", "post": post.get_absolute_url(), "page": "/leaf/"}
    small = {name: count_queries(client, url) for name, url in urls.items()}
    add_pages(2, 20)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert client.get("/").content.decode().count(">Nav ") == 20
    print("navigation with 20 pages:", large)
    assert small == large


def test_the_navigation_costs_one_query(client):
    PageFactory(slug="about", show_in_navigation=True)
    client.get("/")
    with CaptureQueriesContext(connection) as context:
        client.get("/tags/")
    navigation = [q for q in context.captured_queries if "pages_page" in q["sql"]]
    assert len(navigation) == 1
