"""A comment's body as HTML and its author's link, derived when the comment is saved.

Making links clickable (urlize) or passing an imported comment through WordPress's
allowlist costs ~0.1-0.5 ms a comment; a page of 150 comments would pay it on every
view. The result is stored beside the comment (CommentHTML) with a digest of what
it was made from, and a page shows it only while the digest still matches: a
writer that skips save() (a bulk import, an update()) costs a slower view, never a
wrong one.
"""

import hashlib

from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils.safestring import SafeString, mark_safe

from blog.comments.links import website
from blog.wxr.comment_html import comment_html


def digest(text: str, url: str, from_wordpress: bool) -> str:
    """What the derived HTML depends on, in 32 hex digits."""
    source = f"{int(bool(from_wordpress))}{url or ''}\0{text or ''}"
    return hashlib.blake2b(source.encode(), digest_size=16).hexdigest()


def body_html(text: str, from_wordpress: bool) -> SafeString:
    """Plain text with its links made clickable, or an imported comment's HTML."""
    if from_wordpress:
        return comment_html(text)
    # The template filters themselves: the same escaping, rel="nofollow" and <p>s.
    return linebreaks_filter(urlize(text or "", autoescape=True), autoescape=True)


def derive(text: str, url: str, from_wordpress: bool) -> dict:
    """The CommentHTML fields for this comment."""
    return {
        "source": digest(text, url, from_wordpress),
        "body": str(body_html(text, from_wordpress)),
        "website": website(url),
    }


def shown(text, url, from_wordpress, source, body, stored_website):
    """(body, website) to show: as stored while current, else derived now."""
    if source is not None and source == digest(text, url, from_wordpress):
        return mark_safe(body), stored_website  # noqa: S308  made by body_html
    return body_html(text, from_wordpress), website(url)


def store(comment_ids) -> int:
    """Derive and store the HTML of these comments (after an import or bulk write)."""
    from django_comments_xtd.models import XtdComment

    from blog.comments.models import CommentHTML
    from blog.comments.tree import from_wordpress

    rows = (
        XtdComment.norel_objects.filter(pk__in=list(comment_ids))
        .annotate(from_wordpress=from_wordpress)
        .values_list("pk", "comment", "user_url", "from_wordpress")
    )
    derived = [
        CommentHTML(comment_id=pk, **derive(text, url, wp))
        for pk, text, url, wp in rows.iterator(chunk_size=2000)
    ]
    CommentHTML.objects.bulk_create(
        derived,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["comment"],
        update_fields=["source", "body", "website"],
    )
    return len(derived)
