"""Approved comments of a post, paginated by thread, in two queries."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django_comments_xtd.models import XtdComment

from blog.comments.html import shown
from blog.dates import formatter
from blog.urlfill import url_filler
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


# Imported comments keep WordPress's HTML (shown through blog.wxr.comment_html).
from_wordpress = Exists(
    # plain_text: posted on Steppe, exported and imported back, shown as typed.
    WordPressId.objects.filter(
        kind=WordPressId.Kind.COMMENT, object_id=OuterRef("pk"), plain_text=False
    )
)

_ROW = (
    "pk",
    "parent_id",
    "level",
    "user_name",
    "user_url",
    "submit_date",
    "comment",
    "from_wordpress",
    "html__source",
    "html__body",
    "html__website",
)


def comment_page(post, number, *, comments_open: bool) -> dict:
    """One page of approved threads (oldest first, as in WordPress), in two queries.

    What templates/blog/comments/list.html shows: the count, the paginator page,
    and the page's comments as a flat list in reading order (see flatten()).
    """
    approved = approved_comments(post)
    totals = approved.aggregate(
        comments=Count("pk"), threads=Count("thread_id", distinct=True)
    )
    # Pages of thread positions: only the counts are known before the page is.
    paginator = Paginator(range(totals["threads"]), settings.COMMENTS_THREADS_PER_PAGE)
    try:
        page = paginator.page(number or 1)
    except InvalidPage as exc:
        raise Http404("No such page of comments.") from exc
    threads = approved.order_by("thread_id").values("thread_id").distinct()
    start = (page.number - 1) * paginator.per_page
    rows = (
        approved.filter(thread_id__in=threads[start : start + paginator.per_page])
        .annotate(from_wordpress=from_wordpress)
        .order_by("thread_id", "order")
        .values_list(*_ROW)
        if totals["threads"]
        else ()
    )
    deepest = settings.COMMENTS_XTD_MAX_THREAD_LEVEL if comments_open else -1
    return {
        "comment_count": totals["comments"],
        "comments": flatten(rows, deepest),
        "comment_page": page,
        "comments_are_open": comments_open,
    }


def flatten(rows, deepest: int) -> list[dict]:
    """Comments in reading order, each knowing which lists it opens and closes.

    A recursive {% include %} per reply costs more than the comment itself; a flat
    loop renders the same nested <ol>s: an item with replies leaves its <li> open
    and opens a list, and the last reply in a list closes it and its parent's <li>.
    What does not change from comment to comment (the reply URL, the label's
    translation, the date format) is looked up once a page, here.
    Orphans (their parent is not approved) show at the top level, as before.
    """
    reply_url = url_filler("comments:reply", 987654321)
    reply_to = gettext("Reply to %(name)s")
    when = formatter("DATETIME_FORMAT")
    items, depth_of = [], {}
    for pk, parent_id, level, name, url, date, text, wp, *stored in rows:
        parent = depth_of.get(parent_id) if parent_id != pk else None
        depth = 0 if parent is None else parent + 1
        depth_of[pk] = depth
        body, website = shown(text, url, wp, *stored)
        local = timezone.localtime(date)
        items.append(
            {
                "id": f"c{pk}",
                "level": str(level),
                "depth": depth,
                "name": name,
                "website": website,
                "iso": local.replace(microsecond=0).isoformat(),  # HTML: no µs
                "when": when(local),
                "body": body,
                "reply_url": reply_url(pk) if level < deepest else "",
                "reply_label": reply_to % {"name": name},
            }
        )
    after = [item["depth"] for item in items[1:]] + [0]  # the last closes all
    for item, next_depth in zip(items, after, strict=False):  # none: no rows
        item["opens"] = next_depth > item["depth"]
        item["closes"] = range(max(item["depth"] - next_depth, 0))
    return items


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
