"""What a listing shows of each post beyond its row, for the rows fetched only.

Tags (each with its name in the post's language) and the approved comment
count are read in one query each, for the posts a page actually shows: a deep page
(/tag/x/page/200/) never counts comments for the rows it skips. Django's
prefetch_related would build a queryset per post and per tag to fill its
caches, costing more than the page's SQL; this fills the same caches from one
plain query each.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Subquery
from django_comments.models import Comment
from taggit.models import Tag

from blog.comments.tree import approved


def attach(posts: list) -> None:
    """Fill the tags and approved_comment_count of these posts."""
    if not posts:
        return
    _attach_tags(posts)
    _attach_comment_counts(posts)


def _attach_tags(posts) -> None:
    from blog.languages.models import TagName

    # Each row is a tag as one post shows it, with its name in that post's
    # language (one per tag and language) read in the same query.
    in_post_language = TagName.objects.filter(
        tag=OuterRef("pk"),
        language=OuterRef("blog_taggedpost_items__content_object__language"),
    ).values("name")[:1]
    tags = list(
        Tag.objects.filter(blog_taggedpost_items__content_object__in=posts)
        .annotate(
            for_post=F("blog_taggedpost_items__content_object"),
            translated=Subquery(in_post_language),
        )
        .order_by("blog_taggedpost_items__pk")
    )
    language = {post.pk: post.language for post in posts}
    by_post = defaultdict(list)
    for tag in tags:
        # Read by blog.templatetags.language_tags.name_in, as a prefetch leaves it.
        names = []
        if tag.translated:
            names.append(
                TagName(tag=tag, language=language[tag.for_post], name=tag.translated)
            )
        tag._prefetched_objects_cache = {"translated_names": names}
        by_post[tag.for_post].append(tag)
    for post in posts:
        shown = Tag.objects.none()  # what prefetch_related("tags") would keep
        shown._result_cache, shown._prefetch_done = by_post[post.pk], True
        post._prefetched_objects_cache = getattr(
            post, "_prefetched_objects_cache", {}
        ) | {"tags": shown}


def _attach_comment_counts(posts) -> None:
    if hasattr(posts[0], "approved_comment_count"):  # annotated (admin sorts by it)
        return
    post_type = ContentType.objects.get_for_model(type(posts[0]))
    # Counted on django_comments' own table: every comment is an XtdComment, and
    # the join to xtd's table would double the query's cost for nothing.
    counts = dict(
        approved(Comment.objects)
        .filter(content_type=post_type, object_pk__in=[str(p.pk) for p in posts])
        .values_list("object_pk")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for post in posts:
        post.approved_comment_count = counts.get(str(post.pk), 0)
