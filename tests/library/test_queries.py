"""Library images cost no query each: a post with 2 or 30 of them, same count."""

import pytest

from tests.blog.test_queries import count_queries
from tests.factories import GalleryFactory, ImageFactory, PostFactory
from tests.library.test_admin import figure

pytestmark = pytest.mark.django_db


def post_with(images: int, in_gallery: int):
    body = "".join(figure(ImageFactory()) for _ in range(images))
    gallery = GalleryFactory(images=[ImageFactory() for _ in range(in_gallery)])
    wordpress = ",".join(str(ImageFactory().pk) for _ in range(in_gallery))
    body += f'<p>[gallery id={gallery.pk}]</p><p>[gallery ids="{wordpress}"]</p>'
    return PostFactory(body=body, featured_image=ImageFactory())


def test_post_page_queries_do_not_grow_with_its_images(client):
    small = post_with(2, 2)
    large = post_with(30, 30)
    few = count_queries(client, small.get_absolute_url())
    many = count_queries(client, large.get_absolute_url())
    page = client.get(large.get_absolute_url()).content.decode()
    assert page.count("<picture>") == 30 + 30 + 30 + 1
    assert few == many, (few, many)


def test_home_page_queries_do_not_grow_with_featured_images(client):
    for _ in range(3):
        PostFactory(featured_image=ImageFactory())
    few = count_queries(client, "/")
    for _ in range(7):
        PostFactory(featured_image=ImageFactory())
    assert count_queries(client, "/") == few


def test_listing_of_short_posts_with_photos_loads_them_in_one_query(client):
    def add(n):
        for _ in range(n):
            PostFactory(body="<p>Short.</p>" + figure(ImageFactory()))

    add(3)
    few = count_queries(client, "/")
    add(7)
    home = client.get("/").content.decode()
    assert home.count("<picture>") == 10  # short posts are shown whole
    assert count_queries(client, "/") == few
