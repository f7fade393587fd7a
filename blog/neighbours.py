"""What a post page shows around the post: its series' parts and related posts."""

from django.db.models import Count

from blog.edge import surrogate
from blog.languages.translations import group_root_id
from blog.models import Post


def series_context(post) -> dict:
    if not post.series_id:
        return {}
    parts = list(
        Post.objects.published()
        .filter(series_id=post.series_id)
        .order_by("series_part")
        .only("title", "slug", "published_at", "series_part")
    )
    index = next((i for i, part in enumerate(parts) if part.pk == post.pk), None)
    context = {"series_parts": parts}
    if index is not None:
        context["previous_part"] = parts[index - 1] if index > 0 else None
        context["next_part"] = parts[index + 1] if index + 1 < len(parts) else None
    return context


def related_posts(post):
    """Posts sharing the most tags, less this post's series and translations
    (listed already)."""
    tag_ids = [tag.pk for tag in post.tags.all()]
    if not tag_ids:
        return []
    group = group_root_id(post)
    related = (
        Post.objects.published()
        .filter(tags__in=tag_ids)
        .exclude(pk=post.pk)
        .exclude(pk=group)
        .exclude(translation_of=group)
    )
    if post.series_id:
        related = related.exclude(series_id=post.series_id)
    return list(
        related.annotate(shared=Count("tags"))
        .order_by("-shared", "-published_at")
        .only("title", "slug", "published_at", "language")[:3]
    )


def neighbours_context(post) -> dict:
    """What templates/blog/neighbours.html shows."""
    surrogate.depends_on("posts", f"post:{post.pk}")
    return {"post": post, "related_posts": related_posts(post)} | series_context(post)
