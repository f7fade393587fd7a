"""WordPress pages become Steppe pages: hierarchy, menu order, status, comments.

Pages are held until the last item (a child may come before its parent in the
file), then saved parents first. Each is matched on its WordPress ID, so a
re-import updates it. Its old permalink, and the old addresses a Steppe export
carries (_steppe_redirects), answer 301 to the page (blog.wxr.page_links), unless
the page now lives at that very path.
"""

import html
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from blog.cache import comments_changed
from blog.wxr.content import convert_body
from blog.wxr.models import PageRedirect, WordPressId
from blog.wxr.parse import WxrError
from blog.wxr.steppe_meta import carried_redirects
from pages.routes import colliding_route

PUBLISHED = ("publish", "future")
STATUSES = (*PUBLISHED, "draft", "pending", "private")


class PageImporter:
    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.items: dict[int, dict] = {}

    def stash(self, item: dict, wp_id: int) -> None:
        status = item.get("wp:status", "").strip() or "draft"
        if status not in STATUSES:
            self.report.skipped[f"pages with status {status!r}"] += 1
            return
        self.items[wp_id] = item

    def finish(self) -> None:
        if not self.items:
            return
        from pages.models import Page

        self.content_type = ContentType.objects.get_for_model(Page)
        links = WordPressId.objects.filter(
            site=self.importer.site,
            kind=WordPressId.Kind.PAGE,
            wp_id__in=list(self.items),
        )
        self.known = dict(links.values_list("wp_id", "object_id"))
        self.saved: dict[int, Page] = {}
        self.redirects: dict[str, int] = {}
        waiting = dict(self.items)
        while waiting:
            ready = [
                wp_id
                for wp_id, item in waiting.items()
                if self.parent_id(item) not in waiting or self.parent_id(item) == wp_id
            ]
            if not ready:  # a loop of parents: WordPress would not write one
                self.report.notes["pages in a loop of parents, made top-level"] += 1
                ready = [min(waiting)]
                waiting[ready[0]]["wp:post_parent"] = "0"
            for wp_id in sorted(ready):
                self.page(waiting.pop(wp_id), wp_id)
        self.save_redirects()
        comments_changed([page.pk for page in self.saved.values()], model="page")

    @staticmethod
    def parent_id(item: dict) -> int:
        value = item.get("wp:post_parent", "0").strip()
        return int(value) if value.isdigit() else 0

    def page(self, item: dict, wp_id: int) -> None:
        title = html.unescape(item.get("title", "")).strip()[:255]
        title = title or f"Untitled {wp_id}"
        try:
            page = self.save_page(item, wp_id, title)
            self.old_addresses(page, item)
            self.comments(page, item["comments"])
        except WxrError as error:
            message = f"page {wp_id} “{title}”: {error.message}"
            raise WxrError(error.line, message) from None
        except Exception as error:  # name the item: the line is what the user needs
            raise WxrError(
                item["line"],
                f"page {wp_id} “{title}”: {error.__class__.__name__}: {error}",
            ) from error

    def values(self, item: dict, wp_id: int, title: str) -> dict:
        from pages.models import Page

        status = item.get("wp:status", "").strip() or "draft"
        if status == "private":
            self.report.notes["private pages imported as drafts"] += 1
        if item.get("wp:post_password", "").strip():
            self.report.notes["password-protected pages imported as drafts"] += 1
            status = "draft"
        parent = self.parent_id(item)
        if parent and parent not in self.saved and parent not in self.known:
            self.report.notes["pages whose parent is not in the file, top-level"] += 1
        menu_order = item.get("wp:menu_order", "0").strip()
        login = item.get("dc:creator", "").strip()
        body = _converted(
            item.get("content:encoded", ""),
            autop=item["meta"].get("_steppe_html") != "1",
        )
        return {
            "title": title,
            "slug": slugify(
                unquote(item.get("wp:post_name", "").strip()) or title,
                allow_unicode=True,
            )[:100]
            or "page",
            "parent": self.saved.get(parent),
            "author": self.importer.author(login, item) if login else None,
            "body": self.importer.attachments.bodies.resolve(
                body, wp_id, title, final=True
            )[0],
            "status": Page.Status.PUBLISHED
            if status in PUBLISHED
            else Page.Status.DRAFT,
            "published_at": _dates(self.importer).date(
                item, "wp:post_date_gmt", "wp:post_date", "pubDate"
            )
            or timezone.now(),
            "menu_order": int(menu_order) if menu_order.lstrip("-").isdigit() else 0,
            "allow_comments": item.get("wp:comment_status", "").strip() == "open",
            "show_in_navigation": item["meta"].get("_steppe_show_in_navigation") == "1"
            and not parent,
        }

    def save_page(self, item: dict, wp_id: int, title: str):
        from pages.models import Page

        values = self.values(item, wp_id, title)
        page = Page.objects.filter(pk=self.known.get(wp_id)).first()
        created = page is None
        page = page or Page()
        before = {name: getattr(page, name) for name in values}
        for name, value in values.items():
            setattr(page, name, value)
        page.slug = self.free_slug(page)
        if created or any(getattr(page, k) != before[k] for k in values):
            page.save()
            self.report.notes["pages created" if created else "pages updated"] += 1
        if created:
            WordPressId.objects.update_or_create(
                site=self.importer.site, kind=WordPressId.Kind.PAGE, wp_id=wp_id,
                defaults={"object_id": page.pk},
            )  # fmt: skip
        self.saved[wp_id] = page
        return page

    def free_slug(self, page) -> str:
        """A slug whose path no other page, and no route of Steppe's, takes."""
        from pages.models import Page

        base, slug, number = page.slug, page.slug, 2
        while True:
            page.slug = slug
            path = page.build_path()
            taken = Page.objects.filter(path=path).exclude(pk=page.pk).exists()
            if not taken and not colliding_route(path):
                break
            slug = f"{base[:90]}-{number}"
            number += 1
        if slug != base:
            self.report.notes["pages given another slug (the address was taken)"] += 1
        return slug

    def old_addresses(self, page, item: dict) -> None:
        link = item.get("link", "").strip()
        paths = [unquote(urlsplit(link).path)] if link else []
        paths += carried_redirects(item)
        for path in paths:
            path = path.strip()[:500]
            if not path.startswith("/") or path in ("/", page.get_absolute_url()):
                continue
            if colliding_route(path.strip("/")):  # a redirect answers only 404s
                self.report.notes[
                    "old page addresses Steppe answers itself (not redirected)"
                ] += 1
                continue
            self.redirects[path] = page.pk

    def save_redirects(self) -> None:
        for path, page_pk in self.redirects.items():
            PageRedirect.objects.update_or_create(
                old_path=path, defaults={"page_id": page_pk}
            )

    def comments(self, page, comments: list[dict]) -> None:
        """The importer's own comment code, aimed at a page instead of a post."""
        importer = self.importer
        commented = set(importer.commented)
        post_type, importer.post_type = importer.post_type, self.content_type
        try:
            importer.comments(page, comments)
        finally:
            importer.post_type = post_type
            importer.commented = commented  # pages' caches are bumped in finish()


def _converted(raw: str, *, autop: bool) -> str:
    """The body's HTML (convert_body returns a pair, or an object with .html)."""
    result = convert_body(raw, autop=autop)
    return result.html if hasattr(result, "html") else result[0]


def _dates(importer):
    """What reads an item's dates (the importer, or its clock once it has one)."""
    return getattr(importer, "clock", importer)
