"""blog.urlfill.url_filler gives what reverse() gives, reversing once."""

import pytest
from django.urls import reverse

from blog.urlfill import url_filler


@pytest.mark.parametrize(
    "slug", ["osce", "Казахстан", "central-asia", "a b&c", "50%", "tea:time", "x'y"]
)
def test_tag_urls_are_quoted_as_reverse_quotes_them(slug):
    assert url_filler("blog:tag", "tag-marker")(slug) == reverse(
        "blog:tag", args=[slug]
    )


def test_several_arguments_in_order():
    month = url_filler("blog:month", 9876, 98)
    assert month(2011, "03") == reverse("blog:month", args=[2011, 3]) == "/2011/03/"


def test_a_marker_found_twice_falls_back_to_reverse():
    fill = url_filler("blog:tag", "tag")  # "/tag/tag/": which one is the slug?
    assert fill("osce") == "/tag/osce/"
    assert fill("Казахстан") == reverse("blog:tag", args=["Казахстан"])


def test_a_script_prefix_stays_in_front():
    from django.urls import set_script_prefix

    set_script_prefix("/blog/")
    try:
        assert url_filler("comments:reply", 987654321)(42) == "/blog/comments/reply/42/"
    finally:
        set_script_prefix("/")
