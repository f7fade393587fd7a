"""What each write changes, as the surrogate keys to purge (blog.edge.surrogate).

- "posts": which posts are published, in which order, with which titles, tags and
  series (listings, sidebar, feeds, series navigation, related posts);
- "post:ID": one post's body, image and approved comments (its page, and the
  listings and feeds that show it with its comment count); "page:ID" the same
  for a page (pages.cache);
- "edits": any change to any post (the sitemap's lastmod dates);
- "comments": any approved comment (the comments feed);
- "author:ID": an author's profile (their archive; "posts" too, for their name).

A scheduled post going live is a change with no write: every page's s-maxage
ends at the next publication time (the horizon), so no cron job is needed.
"""

import time

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from blog.comments.tree import approved, is_approved
from blog.edge import surrogate

LONGEST = 3600
# A change to these moves a post between, within or out of listings.
LISTED_FIELDS = (
    "status",
    "published_at",
    "title",
    "slug",
    "series_id",
    "series_part",
    "allow_comments",
    "excerpt",
    "author_id",
    "pinned",
    "password",
    "language",
    "translation_of_id",
)


def next_publication():
    """When the next scheduled post goes live, or None."""
    from blog.models import Post

    return (
        Post.objects.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def horizon() -> float:
    """Unix time when pages go stale by themselves (the next publication).

    One indexed query a shared page: any process may have scheduled a post, so
    no copy of the answer is kept."""
    try:
        upcoming = next_publication()
    except DatabaseError:  # the database is down: a short life, not a 500
        return time.time() + 60
    return upcoming.timestamp() if upcoming else time.time() + LONGEST


def post_changing(sender, instance, raw=False, **kwargs):
    """Remember the listed fields as they were, to tell an edit from a move."""
    if raw or instance.pk is None:
        instance._listed_before = None
        return
    instance._listed_before = (
        sender.objects.filter(pk=instance.pk).values_list(*LISTED_FIELDS).first()
    )


def post_changed(sender, instance, created=False, **kwargs):
    before = getattr(instance, "_listed_before", None)
    now = tuple(getattr(instance, name) for name in LISTED_FIELDS)
    names = [f"post:{instance.pk}", "edits"]
    if created or before is None or before != now:
        names.append("posts")
    surrogate.bump(*names)


def post_deleted(sender, instance, **kwargs):
    surrogate.bump(f"post:{instance.pk}", "edits", "posts")


def listing_changed(**kwargs):
    surrogate.bump("posts")


def profile_changed(sender, instance, **kwargs):
    """An author's name shows on every page listing their posts."""
    surrogate.bump("posts", f"author:{instance.user_id}")


def tags_changed(sender, instance, action, pk_set=None, **kwargs):
    from blog.models import Post

    if not action.startswith("post_"):
        return
    if isinstance(instance, Post):
        surrogate.bump("posts", f"post:{instance.pk}", "edits")
    else:  # a tag's posts changed, from the tag's side
        surrogate.bump("posts", "edits", *(f"post:{pk}" for pk in pk_set or ()))


def comments_changed(post_ids, *, model: str = "post") -> None:
    """Approved comments of these posts changed (services call this after updates);
    of these pages, with model="page"."""
    surrogate.bump("comments", *(f"{model}:{pk}" for pk in set(post_ids)))


def comment_changing(sender, instance, raw=False, **kwargs):
    instance._was_shown = bool(instance.pk) and (
        approved(sender.norel_objects).filter(pk=instance.pk).exists()
    )


def comment_saved(sender, instance, **kwargs):
    shown = is_approved(instance)
    if not (shown or getattr(instance, "_was_shown", True)):
        return  # held for moderation before and after: nobody sees it
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    comments_changed([instance.object_pk], model=content_type.model)


def connect() -> None:
    from django_comments_xtd.models import XtdComment
    from taggit.models import Tag

    from blog.models import (
        AuthorProfile,
        Post,
        Series,
        SeriesName,
        TaggedPost,
        TagName,
    )

    pre_save.connect(post_changing, sender=Post, dispatch_uid="cache-post-before")
    post_save.connect(post_changed, sender=Post, dispatch_uid="cache-post")
    post_delete.connect(post_deleted, sender=Post, dispatch_uid="cache-post-d")
    for model in (Series, Tag, SeriesName, TagName):  # names show in listings
        post_save.connect(listing_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            listing_changed, sender=model, dispatch_uid=f"cache-d-{model}"
        )
    for signal in (post_save, post_delete):
        signal.connect(
            profile_changed, sender=AuthorProfile, dispatch_uid=f"cache-a-{signal}"
        )
    m2m_changed.connect(tags_changed, sender=TaggedPost, dispatch_uid="cache-tags")
    pre_save.connect(comment_changing, sender=XtdComment, dispatch_uid="c-before")
    for signal in (post_save, post_delete):
        signal.connect(comment_saved, sender=XtdComment, dispatch_uid=f"c-{signal}")
    surrogate.set_horizon(horizon)
