"""Write the blog as WXR 1.2, the file WordPress's importer reads.

Series go out as categories (what WordPress has) and, for Steppe, as post meta
(_steppe_series, _steppe_series_part), so an export imported into Steppe gives the
same series back. Bodies are finished HTML (_steppe_html), not paragraphs to build.
Pages go out as WordPress pages (blog.wxr.export_pages); IDs and old addresses are
chosen so a second move keeps old links working (blog.wxr.export_ids).
Comments go out with their item (blog.wxr.export_comments).
"""

from datetime import UTC
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from blog.models import Post, Series
from blog.wxr.export_ids import ExportIds, old_paths
from blog.wxr.models import WordPressTerm
from blog.xmltext import xml_text

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
    text = xml_text(text or "")
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text(value) -> str:
    return escape(xml_text("" if value is None else value))


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
    from blog.wxr.export_comments import batches, comments_of
    from blog.wxr.export_library import LibraryExport, write_library
    from blog.wxr.export_pages import write_pages

    counts = {"posts": 0, "pages": 0, "comments": 0, "authors": 0, "attachments": 0}
    write = out.write
    write(HEADER)
    write(tag("title", settings.BLOG_TITLE) + "\n" + tag("link", site_url()) + "\n")
    write(tag("description", settings.BLOG_TAGLINE) + "\n")
    write(tag("pubDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")) + "\n")
    write("<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
    write(tag("wp:base_site_url", site_url()) + tag("wp:base_blog_url", site_url()))
    write("\n")
    authors = get_user_model().objects.filter(
        Q(posts__isnull=False) | Q(pages__isnull=False)
    )
    authors = authors.distinct()
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
    ids, redirects = ExportIds(), old_paths()
    library = LibraryExport(ids)
    # A tag that was a WordPress post format goes back as that format.
    formats = dict(
        WordPressTerm.objects.filter(taxonomy=WordPressTerm.Taxonomy.FORMAT)
        .order_by("-pk")
        .values_list("tag_id", "slug")
    )
    posts = Post.objects.select_related(
        "author", "series", "featured_image"
    ).prefetch_related("tags")
    for batch in batches(posts, "pk"):
        comments = comments_of(Post, batch)
        for post in batch:
            counts["posts"] += 1
            # A library image is an attachment of its own (write_library); an
            # address kept from an import without its files gets one here.
            attachment = (
                ids.image(post.featured_image_id)
                if post.featured_image_id
                else ids.fresh()
                if post.featured_image_url
                else None
            )
            written = comments.get(str(post.pk), [])
            post.export_body = library.body(post.body)
            write_post(write, post, ids, redirects, attachment, written, formats)
            counts["comments"] += len(written)
            if attachment and not post.featured_image_id:
                counts["attachments"] += 1
                write_attachment(write, post, ids.post(post.pk), attachment)
    counts["pages"], page_comments = write_pages(write, ids, library)
    counts["comments"] += page_comments
    counts["attachments"] += write_library(write, ids, library)
    write("</channel>\n</rss>\n")
    return counts


def _status(post) -> str:
    if post.status == Post.Status.DRAFT:
        return "draft"
    return "future" if post.is_scheduled else "publish"


def write_post(write, post, ids, redirects, attachment, comments, formats=None):
    from blog.wxr.export_comments import write_comments

    local, gmt = wp_date(post.published_at)
    wp_id = ids.post(post.pk)
    parts = [
        "<item>",
        tag("title", post.title),
        tag("link", absolute(post.get_absolute_url())),
        tag("pubDate", post.published_at.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        tag("dc:creator", cdata(post.author.get_username()), raw=True),
        f'<guid isPermaLink="false">{text(site_url())}/?p={wp_id}</guid>',
        "<description></description>",
        tag("content:encoded", cdata(post.export_body), raw=True),
        tag("excerpt:encoded", cdata(post.excerpt), raw=True),
        tag("wp:post_id", wp_id),
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
    for item in sorted(post.tags.all(), key=lambda term: term.slug):  # a stable file
        domain, slug = "post_tag", item.slug
        if item.pk in (formats or {}):
            domain, slug = "post_format", formats[item.pk]
        parts.append(
            f'<category domain="{domain}" nicename={quoteattr(xml_text(slug))}>'
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
            f'<category domain="category" nicename={quoteattr(xml_text(series.slug))}>'
            f"{cdata(series.title)}</category>"
        )
        meta |= {
            "_steppe_series": series.slug,
            "_steppe_series_part": str(post.series_part),
            "_steppe_series_complete": "1" if series.is_complete else "0",
        }
    if attachment:
        meta["_thumbnail_id"] = str(attachment)
    if post.pk in redirects:
        meta["_steppe_redirects"] = "\n".join(redirects[post.pk])
    parts.extend(postmeta(meta))
    write("\n".join(parts) + "\n")
    write_comments(write, comments)
    write("</item>\n")


def postmeta(meta: dict) -> list[str]:
    return [
        "<wp:postmeta>"
        + tag("wp:meta_key", key)
        + tag("wp:meta_value", cdata(value), raw=True)
        + "</wp:postmeta>"
        for key, value in meta.items()
    ]


def write_attachment(write, post, parent_id, attachment_id):
    url = absolute(post.image_url)
    local, gmt = wp_date(post.published_at)
    write(
        "<item>"
        + tag("title", post.image_alt or post.title)
        + tag("link", url)
        + f'<guid isPermaLink="false">{text(url)}</guid>'
        + tag("wp:post_id", attachment_id)
        + tag("wp:post_date", local)
        + tag("wp:post_date_gmt", gmt)
        + tag("wp:post_name", f"image-{post.pk}")
        + "<wp:status>inherit</wp:status>"
        + tag("wp:post_parent", parent_id)
        + "<wp:post_type>attachment</wp:post_type>"
        + tag("wp:attachment_url", url)
        + "<wp:postmeta>"
        + tag("wp:meta_key", "_wp_attachment_image_alt")
        + tag("wp:meta_value", cdata(post.image_alt), raw=True)
        + "</wp:postmeta>"
        + "</item>\n"
    )
