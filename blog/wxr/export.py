"""Write the blog as WXR 1.2, the file WordPress's importer reads.

Series go out as categories (what WordPress has) and, for Steppe, as post meta
(_steppe_series, _steppe_series_part), so an export imported into Steppe gives the
same series back. Bodies are finished HTML (_steppe_html), not paragraphs to build.
"""

import re
from datetime import UTC
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.comments.models import CommentModeration
from blog.models import Post, Series

# XML 1.0 cannot hold these, not even in CDATA.
INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file, written by Steppe. -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
"""


def cdata(text) -> str:
    text = INVALID.sub("", str(text or ""))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text(value) -> str:
    return escape(INVALID.sub("", str(value or "")))


def tag(name: str, value, raw=False) -> str:
    return f"<{name}>{value if raw else text(value)}</{name}>"


def wp_date(moment) -> tuple[str, str]:
    """(local, GMT) in WordPress's format."""
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(url: str) -> str:
    return url if "://" in url else site_url() + url


def write_wxr(out) -> dict:
    """Write the export to `out` (a text stream); returns what it counted."""
    counts = {"posts": 0, "comments": 0, "authors": 0, "attachments": 0}
    write = out.write
    write(HEADER)
    write(tag("title", settings.BLOG_TITLE) + "\n" + tag("link", site_url()) + "\n")
    write(tag("description", settings.BLOG_TAGLINE) + "\n")
    write(tag("pubDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")) + "\n")
    write("<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
    write(tag("wp:base_site_url", site_url()) + tag("wp:base_blog_url", site_url()))
    write("\n")
    authors = get_user_model().objects.filter(posts__isnull=False).distinct()
    for author in authors.order_by("pk"):
        counts["authors"] += 1
        write(
            "<wp:author>"
            + tag("wp:author_id", author.pk)
            + tag("wp:author_login", cdata(author.get_username()), raw=True)
            + tag("wp:author_email", cdata(author.email), raw=True)
            + tag("wp:author_display_name", cdata(author.get_full_name()), raw=True)
            + tag("wp:author_first_name", cdata(author.first_name), raw=True)
            + tag("wp:author_last_name", cdata(author.last_name), raw=True)
            + "</wp:author>\n"
        )
    for series in Series.objects.order_by("pk"):
        write(
            "<wp:category>"
            + tag("wp:term_id", series.pk)
            + tag("wp:category_nicename", series.slug)
            + "<wp:category_parent></wp:category_parent>"
            + tag("wp:cat_name", cdata(series.title), raw=True)
            + tag("wp:category_description", cdata(series.description), raw=True)
            + "</wp:category>\n"
        )
    write("<generator>Steppe</generator>\n")
    offset = (
        Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    posts = Post.objects.select_related("author", "series").prefetch_related("tags")
    for post in posts.order_by("pk").iterator(chunk_size=200):
        counts["posts"] += 1
        counts["comments"] += write_post(write, post, offset)
        if post.image_url:
            counts["attachments"] += 1
            write_attachment(write, post, offset)
    write("</channel>\n</rss>\n")
    return counts


def _status(post) -> str:
    if post.status == Post.Status.DRAFT:
        return "draft"
    return "future" if post.is_scheduled else "publish"


def write_post(write, post, offset) -> int:
    local, gmt = wp_date(post.published_at)
    parts = [
        "<item>",
        tag("title", post.title),
        tag("link", absolute(post.get_absolute_url())),
        tag("pubDate", post.published_at.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        tag("dc:creator", cdata(post.author.get_username()), raw=True),
        f'<guid isPermaLink="false">{text(site_url())}/?p={post.pk}</guid>',
        "<description></description>",
        tag("content:encoded", cdata(post.body), raw=True),
        tag("excerpt:encoded", cdata(post.excerpt), raw=True),
        tag("wp:post_id", post.pk),
        tag("wp:post_date", local),
        tag("wp:post_date_gmt", gmt),
        tag("wp:comment_status", "open" if post.allow_comments else "closed"),
        "<wp:ping_status>closed</wp:ping_status>",
        tag("wp:post_name", post.slug),
        tag("wp:status", _status(post)),
        "<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>",
        "<wp:post_type>post</wp:post_type>",
        # A protected post stays protected, and a pinned one sticky, in WordPress.
        tag("wp:post_password", post.password),
        tag("wp:is_sticky", "1" if post.pinned else "0"),
    ]
    for item in post.tags.all():
        parts.append(
            f'<category domain="post_tag" nicename={quoteattr(item.slug)}>'
            f"{cdata(item.name)}</category>"
        )
    # Polylang's language term: WordPress with Polylang, and Steppe, read it back.
    parts.append(
        f'<category domain="language" nicename={quoteattr(post.language)}>'
        f"{cdata(post.language)}</category>"
    )
    meta = {"_steppe_html": "1"}
    if post.series_id:
        series = post.series
        parts.append(
            f'<category domain="category" nicename={quoteattr(series.slug)}>'
            f"{cdata(series.title)}</category>"
        )
        meta |= {
            "_steppe_series": series.slug,
            "_steppe_series_part": str(post.series_part),
            "_steppe_series_complete": "1" if series.is_complete else "0",
        }
    if post.image_url:
        meta["_thumbnail_id"] = str(offset + post.pk)
    parts.extend(
        "<wp:postmeta>"
        + tag("wp:meta_key", key)
        + tag("wp:meta_value", cdata(value), raw=True)
        + "</wp:postmeta>"
        for key, value in meta.items()
    )
    write("\n".join(parts) + "\n")
    written = write_comments(write, post)
    write("</item>\n")
    return written


def _approval(comment) -> str:
    if comment.is_public and not comment.is_removed:
        return "1"
    if not comment.is_removed:
        return "0"
    verdict = getattr(getattr(comment, "moderation", None), "verdict", "")
    return "spam" if verdict == CommentModeration.Verdict.SPAM else "trash"


def write_comments(write, post) -> int:
    comments = (
        XtdComment.norel_objects.filter(
            content_type__app_label="blog",
            content_type__model="post",
            object_pk=str(post.pk),
        )
        .select_related("moderation")
        .order_by("thread_id", "order")
    )
    count = 0
    for comment in comments:
        count += 1
        local, gmt = wp_date(comment.submit_date)
        parent = comment.parent_id if comment.parent_id != comment.pk else 0
        write(
            "<wp:comment>"
            + tag("wp:comment_id", comment.pk)
            + tag("wp:comment_author", cdata(comment.user_name), raw=True)
            + tag("wp:comment_author_email", comment.user_email)
            + tag("wp:comment_author_url", comment.user_url)
            + tag("wp:comment_author_IP", comment.ip_address or "")
            + tag("wp:comment_date", local)
            + tag("wp:comment_date_gmt", gmt)
            + tag("wp:comment_content", cdata(comment.comment), raw=True)
            + tag("wp:comment_approved", _approval(comment))
            + "<wp:comment_type>comment</wp:comment_type>"
            + tag("wp:comment_parent", parent)
            + "<wp:comment_user_id>0</wp:comment_user_id>"
            + "</wp:comment>\n"
        )
    return count


def write_attachment(write, post, offset):
    url = absolute(post.image_url)
    local, gmt = wp_date(post.published_at)
    write(
        "<item>"
        + tag("title", post.featured_image_alt or post.title)
        + tag("link", url)
        + f'<guid isPermaLink="false">{text(url)}</guid>'
        + tag("wp:post_id", offset + post.pk)
        + tag("wp:post_date", local)
        + tag("wp:post_date_gmt", gmt)
        + tag("wp:post_name", f"image-{post.pk}")
        + "<wp:status>inherit</wp:status>"
        + tag("wp:post_parent", post.pk)
        + "<wp:post_type>attachment</wp:post_type>"
        + tag("wp:attachment_url", url)
        + "<wp:postmeta>"
        + tag("wp:meta_key", "_wp_attachment_image_alt")
        + tag("wp:meta_value", cdata(post.featured_image_alt), raw=True)
        + "</wp:postmeta>"
        + "</item>\n"
    )
