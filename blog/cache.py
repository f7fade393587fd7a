"""Fragments cached until the blog's content changes or a scheduled post goes live.

Every write that can change what readers see bumps one content version; cached
fragments are keyed on it, and expire by themselves when the next scheduled post's
time comes, so nothing stays stale and no cron job is needed.
"""

import math
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_KEY = "steppe:content-version"
LONGEST = 3600


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def content_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def seconds_until_next_publication() -> int:
    from blog.models import Post

    now = timezone.now()
    upcoming = (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming is None:
        return LONGEST
    return max(1, min(LONGEST, math.ceil((upcoming - now).total_seconds())))


def cached_fragment(name: str, build: Callable[[], str]) -> str:
    key = f"steppe:{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds_until_next_publication())
    return value


def connect() -> None:
    from taggit.models import Tag

    from blog.models import Post, Series, TaggedPost

    for model in (Post, Series, Tag):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"cache-d-{model}"
        )
    m2m_changed.connect(content_changed, sender=TaggedPost, dispatch_uid="cache-tags")
