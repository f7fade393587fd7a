"""Import a WordPress export: all of it or nothing, and again without duplicates.

Objects are matched on the export's site address and WordPress IDs (WordPressId),
so a second import of the same file updates what changed and creates nothing.
Everything runs in one transaction; files stored on the way are deleted if it
rolls back. A dry run does the same work and rolls back at the end. Authors,
terms and comments have their own modules (authors, terms, comments); bodies are
converted by blog.wxr.content.
"""

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from blog import search
from blog.cache import comments_changed
from blog.edge import surrogate
from blog.languages.wxr import language_from_categories
from blog.models import Post
from blog.wxr.attachments import AttachmentImporter
from blog.wxr.authors import AuthorsMixin
from blog.wxr.comments import CommentsMixin
from blog.wxr.content import convert_body
from blog.wxr.dates import BlogClock
from blog.wxr.media import MediaCopier
from blog.wxr.models import Redirect, WordPressId
from blog.wxr.pages_import import PageImporter
from blog.wxr.parse import WxrError, describe, read_wxr
from blog.wxr.report import Report
from blog.wxr.series import detect_series
from blog.wxr.steppe_meta import carried_redirects
from blog.wxr.terms import TermsMixin

STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # a future date schedules it
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
TAG = re.compile(r"<[^>]+>")


class Importer(AuthorsMixin, TermsMixin, CommentsMixin):
    def __init__(
        self,
        *,
        media_dir: Path | None = None,
        detect_series: bool = False,
        dry_run: bool = False,
        category_map: dict[str, str] | None = None,
    ):
        self.detect = detect_series
        self.dry_run = dry_run
        self.category_map = {"uncategorized": "-"} | (category_map or {})
        self.report = Report()
        self.media = MediaCopier(media_dir, dry_run=dry_run, report=self.report)
        self.clock = BlogClock()
        self.site = ""
        self.authors: dict[str, object] = {}  # login -> user
        self.strays: dict[str, object] = {}  # unknown dc:creator -> user given it
        self.listed_authors = False  # WXR 1.0 has no <wp:author> list
        self.largest = (0, "")  # the longest body and its post, for an error
        self.terms: dict[tuple[str, str], object] = {}  # (taxonomy, slug) -> term
        self.term_info: dict[tuple[str, str], dict] = {}  # from the channel
        self.thumbnails: list[tuple[int, int]] = []  # post pk, attachment ID
        self.imported: list[tuple[int, str]] = []  # post pk, title
        self.commented: set[int] = set()
        self.retagged: set[int] = set()
        self.redirects: dict[str, int] = {}  # old path -> post pk
        self.pages = PageImporter(self)
        self.attachments = AttachmentImporter(self)

    def run(self, stream, progress=None) -> Report:
        try:
            with transaction.atomic(), search.paused():
                for kind, value in read_wxr(stream, progress):
                    if kind == "channel":
                        self.start(value)
                    else:
                        self.item(value)
                self.finish()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.media.discard()
            raise
        if self.dry_run:
            self.media.discard()
        return self.report

    # The blog: its address, its authors and its terms.

    def start(self, channel):
        self.post_type = ContentType.objects.get_for_model(Post)
        self.site = channel.site or "wordpress"
        self.listed_authors = bool(channel.authors)
        for author in channel.authors:
            self.exported_author(author)
        self.channel_terms(channel.terms)
        self.attachments.start(self.site)

    # One <item>: a post, an attachment, or something Steppe has no place for.

    def item(self, item: dict):
        for key in sorted(item.pop("ignored", ())):
            self.report.notes[f"<{key}> elements in items, ignored"] += 1
        if not item.get("wp:post_id", "").strip().isdigit():
            raise WxrError(
                item["line"],
                f"{describe(item)} has no <wp:post_id> (a number): every item of "
                "a WordPress export has one",
            )
        wp_id = int(item["wp:post_id"].strip())
        kind = item.get("wp:post_type", "").strip()
        if kind == "attachment":
            return self.guarded(item, self.attachments.item, item, wp_id)
        if kind == "page":
            return self.pages.stash(item, wp_id)
        if kind not in ("post", ""):
            self.report.skipped[f"{kind} items (Steppe has posts only)"] += 1
            return
        status = item.get("wp:status", "").strip()
        if status and status not in STATUSES:
            self.report.skipped[f"posts with status {status!r}"] += 1
            return
        title = html.unescape(item.get("title", "")).strip()
        self.guarded(
            item, self.post, item, wp_id, status, title[:255] or f"Untitled {wp_id}"
        )

    @staticmethod
    def guarded(item: dict, step, *args):
        """step(*args), its errors naming the item."""
        try:
            step(*args)
        except WxrError as error:
            raise WxrError(error.line, f"{describe(item)}: {error.message}") from None
        except Exception as error:  # name the item: the line is what the user needs
            raise WxrError(
                item["line"],
                f"{describe(item)}: {error.__class__.__name__}: {error}",
            ) from error

    def post(self, item: dict, wp_id: int, status: str, title: str):
        label = f"“{title}” (post {wp_id})"
        published_at = self.clock.date(
            item, "wp:post_date_gmt", "wp:post_date", "pubDate", post=True
        )
        body = convert_body(
            item.get("content:encoded", ""),
            autop=item["meta"].get("_steppe_html") != "1",
        )
        self.note_body(body, label)
        if len(body.html) > self.largest[0]:
            self.largest = (len(body.html), f"{label}, line {item['line']}")
        excerpt = html.unescape(TAG.sub("", item.get("excerpt:encoded", ""))).strip()
        values = {
            "title": title,
            "slug": self.slug(item.get("wp:post_name", ""), title),
            "author": self.author(item.get("dc:creator", ""), item),
            "body": body.html,
            "excerpt": excerpt or body.excerpt,
            "status": STATUSES.get(status, Post.Status.DRAFT),
            "published_at": published_at or timezone.now(),
            "allow_comments": item.get("wp:comment_status", "open").strip() != "closed",
        }
        # Without a type, status or date, nobody said this was a published post.
        unsure = [
            what
            for what, missing in (
                ("post type", "wp:post_type" not in item),
                ("status", not status),
                ("date", published_at is None),
            )
            if missing
        ]
        if unsure:
            values["status"] = Post.Status.DRAFT
            self.report.attention.append(
                f"{label}, line {item['line']}: no {', '.join(unsure)}; "
                "imported as a draft (a re-import leaves its status and date alone)"
            )
        # Only a Polylang term sets it: a re-import keeps what the author chose.
        if language := language_from_categories(item["categories"]):
            values["language"] = language
        if status == "private":
            self.report.notes["private posts imported as drafts"] += 1
        values["password"] = item.get("wp:post_password", "").strip()[:255]
        values["pinned"] = item.get("wp:is_sticky", "0").strip() == "1"
        # An attachment further on in the file: the body is finished in finish().
        bodies = self.attachments.bodies
        values["body"], complete = bodies.resolve(body.html, wp_id, title, final=False)
        keep = ("status", "published_at") if unsure else ()
        post = self.save_post(
            wp_id, values, keep=keep + (() if complete else ("body",))
        )
        if not complete:
            bodies.later(post.pk, body.html, wp_id, title)
        self.assign_tags(post, item)
        for link in (item.get("link", ""), *carried_redirects(item)):
            self.redirect(post, link)
        thumbnail = item["meta"].get("_thumbnail_id", "").strip()
        if thumbnail.isdigit():
            self.thumbnails.append((post.pk, int(thumbnail)))
        self.comments(post, item["comments"])
        self.imported.append((post.pk, title))

    def note_body(self, body, label: str):
        """What the report says about one converted body."""
        for name in sorted(body.unknown):
            self.report.shortcodes[name].append(label)
        for name, count in body.blocks.items():
            self.report.blocks[name].append(label)
            self.report.block_count[name] += count
        for name in body.unknown_blocks:
            self.report.shortcodes[f"block {name} (its HTML kept)"].append(label)
        self.report.markers.update(body.markers)
        if body.block_editor:
            self.report.notes["block-editor posts"] += 1
        if body.code_blocks:
            self.report.notes["code shortcodes made code blocks"] += body.code_blocks
        if body.pages > 1:
            self.report.notes[
                "posts in pages (<!--nextpage-->), joined with a rule"
            ] += 1

    @staticmethod
    def slug(post_name: str, title: str) -> str:
        name = unquote(post_name.strip())
        return slugify(name or title, allow_unicode=True)[:255] or "post"

    def save_post(self, wp_id: int, values: dict, keep=()) -> Post:
        """Create or update the post; fields in `keep` stay as they are."""
        link = WordPressId.objects.filter(
            site=self.site, kind=WordPressId.Kind.POST, wp_id=wp_id
        ).first()
        post = Post.objects.filter(pk=link.object_id).first() if link else None
        if post is None:
            post = Post(**values)
            post.slug = self.free_slug(post)
            post.save()
            if link is None:
                WordPressId.objects.create(
                    site=self.site, kind=WordPressId.Kind.POST, wp_id=wp_id,
                    object_id=post.pk,
                )  # fmt: skip
            else:  # the post it named was deleted here: this one takes its place
                link.object_id = post.pk
                link.save(update_fields=["object_id"])
            self.report.posts["created"] += 1
            return post
        values = {name: value for name, value in values.items() if name not in keep}
        before = {name: getattr(post, name) for name in values}
        for name, value in values.items():
            setattr(post, name, value)
        post.slug = self.free_slug(post)
        changed = any(getattr(post, name) != before[name] for name in values)
        if changed:
            post.save()
            self.report.posts["updated"] += 1
        else:
            self.report.posts["unchanged"] += 1
        return post

    @staticmethod
    def free_slug(post: Post) -> str:
        """Two posts on one day cannot share a slug: the address would be ambiguous."""
        day = timezone.localtime(post.published_at).date()
        taken = set(
            Post.objects.filter(published_at__date=day, slug__startswith=post.slug)
            .exclude(pk=post.pk)
            .values_list("slug", flat=True)
        )
        slug, number = post.slug, 2
        while slug in taken:
            slug = f"{post.slug[:250]}-{number}"
            number += 1
        return slug

    def redirect(self, post: Post, link: str):
        path = unquote(urlsplit(link.strip()).path) if link.strip() else ""
        if not path.startswith("/") or path == post.get_absolute_url():
            return
        if served_here(path):
            self.report.collisions.append(
                f"{path} (“{post.title}”): Steppe answers this address itself"
            )
            return
        self.redirects[path[:500]] = post.pk

    def save_redirects(self):
        existing = Redirect.objects.in_bulk(list(self.redirects), field_name="old_path")
        moved = []
        for path, post_pk in self.redirects.items():
            if path in existing and existing[path].post_id != post_pk:
                existing[path].post_id = post_pk
                moved.append(existing[path])
        Redirect.objects.bulk_update(moved, ["post"], batch_size=1000)
        Redirect.objects.bulk_create(
            (Redirect(old_path=p, post_id=pk) for p, pk in self.redirects.items()
             if p not in existing),
            batch_size=1000,
        )  # fmt: skip

    # After the last item: images, series, search, caches.

    def finish(self):
        self.pages.finish()
        self.attachments.finish_posts(self.thumbnails)
        if self.detect:
            self.report.series = detect_series(self.imported, report=self.report)
        self.save_redirects()
        self.report.attention.extend(self.clock.advice())
        try:
            search.update_search_vectors([pk for pk, _ in self.imported])
        except DatabaseError as error:  # PostgreSQL caps a search vector at 1 MB
            label = self.largest[1] if self.largest else "a post"
            raise WxrError(
                None,
                f"the search index cannot hold the posts ({error}); the largest is "
                f"{label}, {self.largest[0] // 1024:,} kB of text: shorten it",
            ) from None
        if self.retagged:
            surrogate.bump("posts", "edits", *(f"post:{pk}" for pk in self.retagged))
        if self.commented:
            comments_changed(self.commented)


def served_here(path: str) -> bool:
    """Whether a Steppe page answers `path` whatever is in the database: a post's
    old link there would never reach the redirect (it answers only 404s)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return not match.args and not match.kwargs
