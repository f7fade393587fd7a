"""Approved comments of a post as a tree, paginated by thread, in three queries."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.wxr.models import WordPressId

# What "approved" means, the one place it is written: readers see these comments.
APPROVED = Q(is_public=True, is_removed=False)


def approved(comments):
    """The approved ones of these comments (a queryset)."""
    return comments.filter(APPROVED)


def is_approved(comment) -> bool:
    """The same test, on one comment in memory."""
    return comment.is_public and not comment.is_removed


def approved_comments(post=None):
    """Approved comments on this post or page; on anything, when none is given."""
    comments = approved(XtdComment.norel_objects)
    if post is None:
        return comments
    return comments.filter(
        content_type__app_label=post._meta.app_label,
        content_type__model=post._meta.model_name,
        object_pk=str(post.pk),
    )


def comments_close_at(post):
    """When comments on this post close by themselves, or None (never)."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return post.published_at + timezone.timedelta(days) if days else None


def comments_open(post) -> bool:
    if not post.allow_comments:
        return False
    closing = comments_close_at(post)
    return closing is None or timezone.now() < closing


def build_tree(comments) -> list[dict]:
    """Nest comments ordered by (thread_id, order); orphans move up a level."""
    nodes, roots = {}, []
    for comment in comments:
        node = {"comment": comment, "children": []}
        nodes[comment.pk] = node
        parent = (
            nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        )
        (parent["children"] if parent else roots).append(node)
    return roots


def comment_page(post, number):
    """One page of threads (oldest first, as in WordPress) and its paginator page."""
    approved = approved_comments(post)
    threads = (
        approved.order_by("thread_id").values_list("thread_id", flat=True).distinct()
    )
    paginator = Paginator(threads, settings.COMMENTS_THREADS_PER_PAGE)
    try:
        page = paginator.page(number or 1)
    except InvalidPage as exc:
        raise Http404("No such page of comments.") from exc
    comments = (
        approved.filter(thread_id__in=list(page.object_list))
        .select_related("user")
        .annotate(from_wordpress=_from_wordpress)
        .order_by("thread_id", "order")
    )
    return build_tree(comments), page


# Imported comments keep WordPress's HTML (shown by the wordpress_comment filter).
_from_wordpress = Exists(
    WordPressId.objects.filter(
        kind=WordPressId.Kind.COMMENT, object_id=OuterRef("pk"), plain_text=False
    )
)


def comment_url(comment, post) -> str:
    """Where a comment shows: its post, the page of its thread, its anchor."""
    earlier = (
        approved_comments(post)
        .filter(thread_id__lt=comment.thread_id)
        .values("thread_id")
        .distinct()
        .count()
    )
    page = earlier // settings.COMMENTS_THREADS_PER_PAGE + 1
    query = f"?cpage={page}" if page > 1 else ""
    return f"{post.get_absolute_url()}{query}#c{comment.pk}"
