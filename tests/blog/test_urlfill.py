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


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["osce", "Казахстан", "a-b_c", "9876", "98"])
@pytest.mark.parametrize("prefix", ["/", "/blog/"])
def test_a_post_address_is_what_reverse_gives(slug, prefix, settings):
    """Post.get_absolute_url fills a pattern reversed once; it must not differ."""
    import datetime

    from django.urls import set_script_prefix
    from django.utils import timezone

    from tests.factories import PostFactory

    settings.TIME_ZONE = "Asia/Almaty"
    post = PostFactory(
        slug=slug,
        published_at=datetime.datetime(2011, 3, 5, 23, 30, tzinfo=datetime.UTC),
    )
    day = timezone.localtime(post.published_at)  # Asia/Almaty: already the 6th
    set_script_prefix(prefix)
    try:
        expected = reverse(
            "blog:post_detail",
            kwargs={
                "year": day.year,
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": slug,
            },
        )
        assert post.get_absolute_url() == expected
        assert expected.startswith(f"{prefix}2011/03/06/")
    finally:
        set_script_prefix("/")
