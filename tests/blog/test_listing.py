"""for_listing(): tags and approved comment counts read for the fetched rows only."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.languages.models import TagName
from blog.models import Post
from blog.templatetags.language_tags import name_in
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_tags_with_their_names_and_counts_in_one_query_each_for_any_number_of_posts():
    for i in range(12):
        post = PostFactory(tags=["OSCE", f"tag {i}"], language="ru" if i % 2 else "en")
        CommentFactory.create_batch(i % 3, post=post)
        CommentFactory(post=post, is_public=False)  # held: never counted
    osce = post.tags.get(name="OSCE")
    TagName.objects.create(tag=osce, language="ru", name="ОБСЕ")
    with CaptureQueriesContext(connection) as queries:
        posts = list(Post.objects.for_listing())
        shown = [
            (
                post.approved_comment_count,
                {name_in(t, post.language) for t in post.tags.all()},
            )
            for post in posts
        ]
    # The posts, their tags with the names in each post's language, the counts.
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]
    by_title = {post.title: row for post, row in zip(posts, shown, strict=True)}
    for post in Post.objects.all():
        count, names = by_title[post.title]
        i = int(post.tags.exclude(name="OSCE").get().name.split()[1])
        assert count == i % 3
        assert names == {"ОБСЕ" if post.language == "ru" else "OSCE", f"tag {i}"}


def test_only_the_page_shown_is_counted():
    PostFactory.create_batch(15, tags=["OSCE"])
    with CaptureQueriesContext(connection) as queries:
        page = list(Post.objects.for_listing()[10:15])
    assert len(page) == 5
    counts = [
        q["sql"] for q in queries.captured_queries if "django_comments" in q["sql"]
    ]
    assert len(counts) == 1 and "OFFSET" not in counts[0]
    listed = set(counts[0].split(" IN (")[1].split(")")[0].replace("'", "").split(", "))
    assert listed == {str(post.pk) for post in page}


def test_values_get_and_annotated_counts_still_work():
    post = PostFactory(tags=["OSCE"])
    CommentFactory.create_batch(2, post=post)
    assert list(Post.objects.for_listing().values_list("pk", flat=True)) == [post.pk]
    assert Post.objects.for_listing().get(pk=post.pk).approved_comment_count == 2
    annotated = (
        Post.objects.for_listing()
        .with_comment_count()
        .order_by("-approved_comment_count")
    )
    assert annotated[0].approved_comment_count == 2  # the admin sorts by it
    assert [t.name for t in Post.objects.for_listing().get().tags.all()] == ["OSCE"]


def test_listing_addresses_are_the_reversed_ones_cyrillic_too():
    post = PostFactory(tags=["Казахстан"])
    tag = post.tags.get()
    html = (
        engines["django"]
        .from_string("{% load blog_tags %}{{ tag|tag_url }} {{ user|author_url }}")
        .render({"tag": tag, "user": post.author})
    )
    assert html == (
        f"{reverse('blog:tag', args=[tag.slug])} "
        f"{reverse('blog:author', args=[post.author.username])}"
    )
