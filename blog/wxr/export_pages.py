"""Pages in the export, as WordPress pages: hierarchy, menu order, comments.

Parents go out before their children (by path), which is what WordPress's own
importer needs to link them; the parent is named by its exported ID.
"""

from blog.wxr.export import (
    absolute,
    cdata,
    postmeta,
    site_url,
    tag,
    text,
    wp_date,
)
from blog.wxr.export_comments import batches, comments_of, write_comments
from blog.wxr.export_ids import old_page_paths


def _status(page) -> str:
    if page.status != page.Status.PUBLISHED:
        return "draft"
    return "future" if page.is_scheduled else "publish"


def write_pages(write, ids, library) -> tuple[int, int]:
    """Write every page; returns (pages, comments) written."""
    from pages.models import Page

    redirects = old_page_paths()
    pages = comments = 0
    for batch in batches(Page.objects.select_related("author"), "path"):
        found = comments_of(Page, batch)
        for page in batch:
            pages += 1
            written = found.get(str(page.pk), [])
            comments += len(written)
            page.export_body = library.body(page.body)
            write_page(write, page, ids, redirects, written)
    return pages, comments


def write_page(write, page, ids, redirects, comments) -> None:
    local, gmt = wp_date(page.published_at)
    wp_id = ids.page(page.pk)
    creator = page.author.get_username() if page.author else ""
    parts = [
        "<item>",
        tag("title", page.title),
        tag("link", absolute(page.get_absolute_url())),
        tag("pubDate", page.published_at.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        tag("dc:creator", cdata(creator), raw=True),
        f'<guid isPermaLink="false">{text(site_url())}/?page_id={wp_id}</guid>',
        "<description></description>",
        tag("content:encoded", cdata(page.export_body), raw=True),
        tag("excerpt:encoded", cdata(""), raw=True),
        tag("wp:post_id", wp_id),
        tag("wp:post_date", local),
        tag("wp:post_date_gmt", gmt),
        tag("wp:comment_status", "open" if page.allow_comments else "closed"),
        "<wp:ping_status>closed</wp:ping_status>",
        tag("wp:post_name", page.slug),
        tag("wp:status", _status(page)),
        tag("wp:post_parent", ids.page(page.parent_id) if page.parent_id else 0),
        tag("wp:menu_order", page.menu_order),
        "<wp:post_type>page</wp:post_type>",
        "<wp:post_password></wp:post_password>",
        "<wp:is_sticky>0</wp:is_sticky>",
    ]
    meta = {
        "_steppe_html": "1",
        "_steppe_show_in_navigation": "1" if page.show_in_navigation else "0",
    }
    if page.pk in redirects:
        meta["_steppe_redirects"] = "\n".join(redirects[page.pk])
    parts.extend(postmeta(meta))
    write("\n".join(parts) + "\n")
    write_comments(write, comments)
    write("</item>\n")
