"""Comments in the export: fetched a batch of posts or pages at a time.

A comment posted on Steppe is plain text: it goes out HTML-escaped, so WordPress
shows what the commenter typed, with _steppe_text comment meta so Steppe's importer
gives the exact text back. A comment imported from WordPress keeps WordPress's HTML.
"""

import html
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from blog.comments.links import website
from blog.comments.models import CommentModeration
from blog.wxr.export import cdata, tag, wp_date
from blog.wxr.models import WordPressId

BATCH = 200
PLAIN_TEXT = (
    "<wp:commentmeta><wp:meta_key>_steppe_text</wp:meta_key>"
    "<wp:meta_value>1</wp:meta_value></wp:commentmeta>"
)


def batches(queryset, key: str, size: int | None = None):
    """The queryset in lists of `size`, ordered by the unique `key` (keyset paging,
    so memory holds one batch whatever the blog's size)."""
    size, last = size or BATCH, None
    queryset = queryset.order_by(key)
    while True:
        page = queryset if last is None else queryset.filter(**{f"{key}__gt": last})
        batch = list(page[:size])
        if not batch:
            return
        yield batch
        last = getattr(batch[-1], key)


def comments_of(model, targets) -> dict[str, list]:
    """The comments on these posts (or pages), by object_pk, in thread order."""
    comments = list(
        XtdComment.norel_objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(target.pk) for target in targets],
        )
        .select_related("moderation")
        .order_by("object_pk", "thread_id", "order")
    )
    # One query a batch: a subquery a comment costs a scan of every imported ID.
    imported = set(
        WordPressId.objects.filter(
            kind=WordPressId.Kind.COMMENT,
            object_id__in=[comment.pk for comment in comments],
            plain_text=False,  # posted on Steppe, exported and imported back
        ).values_list("object_id", flat=True)
    )
    found = defaultdict(list)
    for comment in comments:
        comment.from_wordpress = comment.pk in imported
        found[comment.object_pk].append(comment)
    return found


def _approval(comment) -> str:
    if comment.is_public and not comment.is_removed:
        return "1"
    if not comment.is_removed:
        return "0"
    verdict = getattr(getattr(comment, "moderation", None), "verdict", "")
    return "spam" if verdict == CommentModeration.Verdict.SPAM else "trash"


def comment_content(comment) -> str:
    """WordPress's HTML for an imported comment; a Steppe one's text, escaped."""
    if comment.from_wordpress:
        return comment.comment
    # XML turns a carriage return into a line feed: a reference keeps it.
    return html.escape(comment.comment, quote=False).replace("\r", "&#13;")


def write_comments(write, comments) -> None:
    """One item's comments, threads by comment_parent."""
    for comment in comments:
        local, gmt = wp_date(comment.submit_date)
        parent = comment.parent_id if comment.parent_id != comment.pk else 0
        write(
            "<wp:comment>"
            + tag("wp:comment_id", comment.pk)
            + tag("wp:comment_author", cdata(comment.user_name), raw=True)
            + tag("wp:comment_author_email", comment.user_email)
            + tag("wp:comment_author_url", website(comment.user_url))
            + tag("wp:comment_author_IP", comment.ip_address or "")
            + tag("wp:comment_date", local)
            + tag("wp:comment_date_gmt", gmt)
            + tag("wp:comment_content", cdata(comment_content(comment)), raw=True)
            + tag("wp:comment_approved", _approval(comment))
            + "<wp:comment_type>comment</wp:comment_type>"
            + tag("wp:comment_parent", parent)
            + "<wp:comment_user_id>0</wp:comment_user_id>"
            + ("" if comment.from_wordpress else PLAIN_TEXT)
            + "</wp:comment>\n"
        )
