"""WordPress pages become Steppe pages: hierarchy, menu order, status, comments.

A page is held until its parent is saved (a child may come before its parent in
the file); those held are written a round at a time, parents first: one look-up
of their WordPress IDs, one bulk_create for the new ones (with what Page.save()
derives), a save() for each one that changed, and their comments in bulk. Each is
matched on its WordPress ID, so a re-import updates it. Its old permalink, and
the old addresses a Steppe export carries (_steppe_redirects), answer 301 to the
page (blog.wxr.page_links), unless the page now lives at that very path.
"""

import html
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from blog.cache import comments_changed
from blog.edge import surrogate
from blog.wxr.content import convert_body
from blog.wxr.models import PageRedirect, WordPressId
from blog.wxr.parse import WxrError
from blog.wxr.steppe_meta import carried_redirects
from library.usage import references_in, sync_references
from pages.routes import colliding_route

PUBLISHED = ("publish", "future")
STATUSES = (*PUBLISHED, "draft", "pending", "private")
BATCH = 100  # pages held before a round is written


class PageImporter:
    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.items: dict[int, dict] = {}  # held: read, not yet written
        self.next_flush = BATCH
        self.saved: dict = {}  # WordPress ID -> Page, written in this import
        self.known: dict[int, int] = {}  # WordPress ID -> Page pk, from before
        self.new: set[int] = set()  # pks of the pages created
        self.redirects: dict[str, int] = {}
        self.paths: dict | None = None  # path -> the page there (pk, or new Page)

    def stash(self, item: dict, wp_id: int) -> None:
        status = item.get("wp:status", "").strip() or "draft"
        if status not in STATUSES:
            self.report.skipped[f"pages with status {status!r}"] += 1
            return
        self.items[wp_id] = item

    def flush(self, *, final: bool = False) -> None:
        """Write the pages whose parents are written (at the end: all of them)."""
        if not final and len(self.items) < self.next_flush:
            return
        while self.items:
            ready = [
                wp_id
                for wp_id, item in self.items.items()
                if self.ready(wp_id, self.parent_id(item), final)
            ]
            if not ready and not final:
                break
            if not ready:  # a loop of parents: WordPress would not write one
                self.report.notes["pages in a loop of parents, made top-level"] += 1
                ready = [min(self.items)]
                self.items[ready[0]]["wp:post_parent"] = "0"
            self.save_round(sorted(ready))
        # Those left wait for parents further on in the file.
        self.next_flush = len(self.items) + BATCH

    def ready(self, wp_id: int, parent: int, final: bool) -> bool:
        if not parent or parent == wp_id or parent in self.saved:
            return True
        return final and parent not in self.items  # the parent is not in the file

    def finish(self) -> None:
        self.flush(final=True)
        if not self.saved:
            return
        self.save_redirects()
        if self.new:
            surrogate.bump("pages")  # bulk_create sends no signal to say so
        comments_changed(
            [page.pk for page in self.saved.values() if page.pk not in self.new],
            model="page",
        )

    @staticmethod
    def parent_id(item: dict) -> int:
        value = item.get("wp:post_parent", "0").strip()
        return int(value) if value.isdigit() else 0

    def save_round(self, ready: list[int]) -> None:
        from pages.models import Page

        self.content_type = ContentType.objects.get_for_model(Page)
        if self.paths is None:
            self.paths = dict(Page.objects.values_list("path", "pk"))
        wanted = set(ready) | {self.parent_id(self.items[w]) for w in ready}
        links = WordPressId.objects.filter(
            site=self.importer.site,
            kind=WordPressId.Kind.PAGE,
            wp_id__in=list(wanted - set(self.known)),
        )
        self.known.update(links.values_list("wp_id", "object_id"))
        found = Page.objects.in_bulk([self.known[w] for w in ready if w in self.known])
        new, owners = [], []
        for wp_id in ready:
            item = self.items.pop(wp_id)
            title = html.unescape(item.get("title", "")).strip()[:255]
            title = title or f"Untitled {wp_id}"
            with named(item, wp_id, title):
                page = found.get(self.known.get(wp_id))
                if page is None:
                    page = Page()
                    new.append((wp_id, page))
                self.save_page(page, item, wp_id, title)
                kept = self.importer.kept_comments(item["comments"])
                owners.append((page, kept, item))
        with named(item, wp_id, title, several=len(ready) > 1):
            self.create(new)
            for page, _, item in owners:
                self.old_addresses(page, item)  # new pages have their pks now
            owners = [(page, kept) for page, kept, _ in owners]
            self.importer.save_comments(owners, self.content_type)

    def save_page(self, page, item: dict, wp_id: int, title: str) -> None:
        """Set the page's fields; save it if it is there and changed."""
        values = self.values(item, wp_id, title)
        before = {name: getattr(page, name) for name in values}
        for name, value in values.items():
            setattr(page, name, value)
        page.slug = self.free_slug(page)
        self.saved[wp_id] = page
        if page.pk is None:
            page.derive_fields()
            return
        if any(getattr(page, k) != before[k] for k in values):
            old_path = page.path
            page.save()
            self.report.notes["pages updated"] += 1
            if page.path != old_path:  # its descendants moved with it
                self.paths = dict(type(page).objects.values_list("path", "pk"))

    def create(self, new: list) -> None:
        from pages.models import Page

        Page.objects.bulk_create([page for _, page in new])
        links = []
        for wp_id, page in new:
            if any(references_in(page.body)):
                sync_references(page, page.body)
            self.paths[page.path] = page.pk
            self.new.add(page.pk)
            if wp_id in self.known:  # its page was deleted here: this one replaces it
                WordPressId.objects.filter(
                    site=self.importer.site, kind=WordPressId.Kind.PAGE, wp_id=wp_id
                ).update(object_id=page.pk)
            else:
                links.append(
                    WordPressId(
                        site=self.importer.site,
                        kind=WordPressId.Kind.PAGE,
                        wp_id=wp_id,
                        object_id=page.pk,
                    )  # fmt: skip
                )
            self.known[wp_id] = page.pk
        WordPressId.objects.bulk_create(links)
        self.report.notes["pages created"] += len(new)

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

    def free_slug(self, page) -> str:
        """A slug whose path no other page, and no route of Steppe's, takes."""
        me = page.pk or page  # a new page has no pk yet: itself stands for it
        if page.pk and self.paths.get(page.path) == page.pk:
            del self.paths[page.path]  # its own address is free for it
        base, slug, number = page.slug, page.slug, 2
        while True:
            page.slug = slug
            path = page.build_path()
            owner = self.paths.get(path, me)
            taken = owner is not me and owner != me
            if not taken and not colliding_route(path):
                break
            slug = f"{base[:90]}-{number}"
            number += 1
        if slug != base:
            self.report.notes["pages given another slug (the address was taken)"] += 1
        self.paths[path] = me
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
        existing = PageRedirect.objects.in_bulk(
            list(self.redirects), field_name="old_path"
        )
        moved = []
        for path, page_pk in self.redirects.items():
            if path in existing and existing[path].page_id != page_pk:
                existing[path].page_id = page_pk
                moved.append(existing[path])
        PageRedirect.objects.bulk_update(moved, ["page"], batch_size=1000)
        PageRedirect.objects.bulk_create(
            (PageRedirect(old_path=p, page_id=pk) for p, pk in self.redirects.items()
             if p not in existing),
            batch_size=1000,
        )  # fmt: skip


class named:
    """Errors inside name the page (or the round of pages) and its line."""

    def __init__(self, item: dict, wp_id: int, title: str, several: bool = False):
        self.line = item["line"]
        self.name = f"page {wp_id} “{title}”"
        if several:
            self.name = f"the pages written with {self.name}"

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None:
            return False
        if isinstance(error, WxrError):
            raise WxrError(error.line, f"{self.name}: {error.message}") from None
        if isinstance(error, Exception):
            raise WxrError(
                self.line, f"{self.name}: {error.__class__.__name__}: {error}"
            ) from error
        return False


def _converted(raw: str, *, autop: bool) -> str:
    """The body's HTML (convert_body returns a pair, or an object with .html)."""
    result = convert_body(raw, autop=autop)
    return result.html if hasattr(result, "html") else result[0]


def _dates(importer):
    """What reads an item's dates (the importer, or its clock once it has one)."""
    return getattr(importer, "clock", importer)
