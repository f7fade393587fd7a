"""Import a WordPress export: all of it or nothing, and again without duplicates.

Objects are matched on the export's site address and WordPress IDs (WordPressId),
so a second import of the same file updates what changed and creates nothing.
Everything runs in one transaction; files stored on the way are deleted if it
rolls back. A dry run does the same work and rolls back at the end. The file is
read item by item, and posts and pages are written in batches (blog.wxr.posts,
blog.wxr.pages_import), so memory holds a batch, not the blog. Authors, terms and
comments have their own modules (authors, terms, comments); bodies are converted
by blog.wxr.content.
"""

import html
import re
from pathlib import Path
from urllib.parse import unquote

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
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
from blog.wxr.pages_import import PageImporter
from blog.wxr.parse import WxrError, describe, read_wxr
from blog.wxr.posts import BATCH, PendingPost, PostsMixin
from blog.wxr.report import Report
from blog.wxr.series import detect_series
from blog.wxr.terms import TermsMixin

STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # a future date schedules it
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
TAG = re.compile(r"<[^>]+>")
# Search vectors are written this many posts an UPDATE, after the last batch.
VECTORS_AT_ONCE = 2000


class Importer(AuthorsMixin, TermsMixin, CommentsMixin, PostsMixin):
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
        self.batch: list[PendingPost] = []  # read, not yet written
        self.new_posts: set[int] = set()  # no cached page can show these yet
        self.commented: set[int] = set()
        self.retagged: set[int] = set()
        self.redirects: dict[str, int] = {}  # old path -> post pk
        self.pages = PageImporter(self)
        self.attachments = AttachmentImporter(self)

    def run(self, stream, progress=None) -> Report:
        try:
            # Caches hear of the import once, at its end, not once a row.
            with surrogate.deferred(), transaction.atomic(), search.paused():
                for kind, value in read_wxr(stream, progress):
                    if kind == "channel":
                        self.start(value)
                        continue
                    self.item(value)
                    if len(self.batch) >= BATCH:
                        self.flush_posts()
                    self.pages.flush()
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
        body_html = values["body"]
        values["body"], complete = self.attachments.bodies.resolve(
            body_html, wp_id, title, final=False
        )
        item["comments"] = self.kept_comments(item["comments"])
        item.pop("content:encoded", None)  # converted: the batch holds the result
        item["body_later"] = None if complete else body_html  # see flush_posts
        keep = ("status", "published_at") if unsure else ()
        keep += () if complete else ("body",)
        self.batch.append(PendingPost(wp_id, values, keep, item, title))

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

    # After the last item: images, series, search, caches.

    def finish(self):
        self.flush_posts()
        self.pages.finish()
        self.attachments.finish_posts(self.thumbnails)
        if self.detect:
            self.report.series = detect_series(self.imported, report=self.report)
        self.save_redirects()
        self.report.attention.extend(self.clock.advice())
        self.search_vectors()
        # A post new here is on no cached page yet: only the listings are stale.
        if self.new_posts:
            surrogate.bump("posts", "edits")
        if retagged := self.retagged - self.new_posts:
            surrogate.bump("posts", "edits", *(f"post:{pk}" for pk in retagged))
        if self.commented:
            comments_changed(self.commented - self.new_posts)

    def search_vectors(self):
        pks = [pk for pk, _ in self.imported]
        for start in range(0, len(pks), VECTORS_AT_ONCE):
            try:
                search.update_search_vectors(pks[start : start + VECTORS_AT_ONCE])
            except DatabaseError as error:  # PostgreSQL caps a vector at 1 MB
                label = self.largest[1] if self.largest else "a post"
                raise WxrError(
                    None,
                    f"the search index cannot hold the posts ({error}); the largest "
                    f"is {label}, {self.largest[0] // 1024:,} kB of text: shorten it",
                ) from None
