"""Import a WordPress export: all of it or nothing, and again without duplicates.

Objects are matched on the export's site address and WordPress IDs (WordPressId),
so a second import of the same file updates what changed and creates nothing.
Everything runs in one transaction; files stored on the way are deleted if it
rolls back. A dry run does the same work and rolls back at the end.
"""

import html
import ipaddress
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog import pagecache, search
from blog.cache import comments_changed
from blog.comments.models import CommentModeration
from blog.languages.wxr import language_from_categories
from blog.models import Post, Series, TaggedPost
from blog.wxr.content import convert_body
from blog.wxr.media import MediaCopier
from blog.wxr.models import Redirect, WordPressId
from blog.wxr.parse import WxrError, read_wxr
from blog.wxr.series import detect_series

STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # a future date schedules it
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
NO_DATE = ("", "0000-00-00 00:00:00")
COMMENT_STATES = {"1": "approved", "0": "held", "spam": "spam"}
THREAD_FIELDS = ("thread_id", "parent_id", "level", "order", "nested_count")
TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.S | re.I)


@dataclass
class Report:
    posts: Counter = field(default_factory=Counter)  # created / updated / unchanged
    comments: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    notes: Counter = field(default_factory=Counter)  # things to know, with counts
    shortcodes: Counter = field(default_factory=Counter)  # name -> posts using it
    missing_media: list = field(default_factory=list)
    series: dict = field(default_factory=dict)  # title -> [(part, post title)]
    authors: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)


class Importer:
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
        self.site = ""
        self.authors: dict[str, object] = {}
        self.tags: dict[tuple[str, str], Tag] = {}
        self.attachments: dict[int, dict] = {}
        self.thumbnails: list[tuple[int, int]] = []  # post pk, attachment ID
        self.imported: list[tuple[int, str]] = []  # post pk, title
        self.commented: set[int] = set()
        self.retagged: set[int] = set()
        self.redirects: dict[str, int] = {}  # old path -> post pk

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

    # The blog: its address and its authors.

    def start(self, channel):
        self.post_type = ContentType.objects.get_for_model(Post)
        self.site = channel.site or "wordpress"
        for author in channel.authors:
            self.author(author.get("author_login", ""), author)

    def author(self, login: str, data: dict | None = None):
        login = login.strip()
        if login in self.authors:
            return self.authors[login]
        data = data or {}
        users = get_user_model()
        username = (login or "wordpress")[:150]
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users(
                username=username,
                email=data.get("author_email", "")[:254],
                first_name=html.unescape(data.get("author_first_name", ""))[:150],
                last_name=html.unescape(data.get("author_last_name", ""))[:150],
                is_staff=True,
            )
            if not user.first_name and data.get("author_display_name"):
                user.first_name = html.unescape(data["author_display_name"])[:150]
            user.set_unusable_password()  # an author sets one with "reset password"
            user.save()
            user.groups.add(Group.objects.get(name="Authors"))
            self.report.authors["created"] += 1
        else:
            self.report.authors["matched by login"] += 1
        self.authors[login] = user
        return user

    # One <item>: a post, an attachment, or something Steppe has no place for.

    def item(self, item: dict):
        kind = item.get("wp:post_type", "post")
        try:
            wp_id = int(item.get("wp:post_id", "").strip())
        except ValueError:
            raise WxrError(
                item["line"], "an item without a numeric <wp:post_id>"
            ) from None
        if kind == "attachment":
            self.attachments[wp_id] = item
            return
        if kind != "post":
            self.report.skipped[f"{kind} items (Steppe has posts only)"] += 1
            return
        status = item.get("wp:status", "publish").strip()
        if status not in STATUSES:
            self.report.skipped[f"posts with status {status!r}"] += 1
            return
        title = html.unescape(item.get("title", "")).strip()
        try:
            self.post(item, wp_id, status, title[:255] or f"Untitled {wp_id}")
        except WxrError as error:
            where = f"post {wp_id} “{title}”"
            raise WxrError(error.line, f"{where}: {error.message}") from None
        except Exception as error:  # name the item: the line is what the user needs
            raise WxrError(
                item["line"],
                f"post {wp_id} “{title}”: {error.__class__.__name__}: {error}",
            ) from error

    def post(self, item: dict, wp_id: int, status: str, title: str):
        published_at = self.date(item, "wp:post_date_gmt", "wp:post_date", "pubDate")
        body, unknown = convert_body(
            item.get("content:encoded", ""),
            autop=item["meta"].get("_steppe_html") != "1",
        )
        body = self.media.rewrite(body)
        for name in unknown:
            self.report.shortcodes[name] += 1
        values = {
            "title": title,
            "slug": self.slug(item.get("wp:post_name", ""), title),
            "author": self.author(item.get("dc:creator", "")),
            "body": body,
            "excerpt": html.unescape(
                TAG.sub("", item.get("excerpt:encoded", ""))
            ).strip(),
            "status": STATUSES[status],
            "published_at": published_at or timezone.now(),
            "allow_comments": item.get("wp:comment_status", "open").strip() != "closed",
        }
        # Only a Polylang term sets it: a re-import keeps what the author chose.
        if language := language_from_categories(item["categories"]):
            values["language"] = language
        if status == "private":
            self.report.notes["private posts imported as drafts"] += 1
        if item.get("wp:post_password", "").strip():
            values["status"] = Post.Status.DRAFT
            self.report.notes["password-protected posts imported as drafts"] += 1
        if item.get("wp:is_sticky", "0").strip() == "1":
            self.report.notes["sticky posts (Steppe has no sticky posts)"] += 1
        post = self.save_post(wp_id, values)
        self.assign_tags(post, item)
        self.redirect(post, item.get("link", ""))
        thumbnail = item["meta"].get("_thumbnail_id", "").strip()
        if thumbnail.isdigit():
            self.thumbnails.append((post.pk, int(thumbnail)))
        self.comments(post, item["comments"])
        self.imported.append((post.pk, title))

    def date(self, item: dict, gmt: str, local: str, rss: str):
        value = item.get(gmt, "").strip()
        if value not in NO_DATE:
            return self.parse_date(value, item["line"], UTC)
        value = item.get(local, "").strip()
        if value not in NO_DATE:
            return self.parse_date(value, item["line"], timezone.get_current_timezone())
        value = item.get(rss, "").strip()
        if value:
            try:
                return parsedate_to_datetime(value)
            except (TypeError, ValueError):
                pass
        return None

    @staticmethod
    def parse_date(value: str, line: int, zone):
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        except ValueError:
            raise WxrError(
                line, f"a date WordPress would not write: {value!r}"
            ) from None

    @staticmethod
    def slug(post_name: str, title: str) -> str:
        name = unquote(post_name.strip())
        return slugify(name or title, allow_unicode=True)[:255] or "post"

    def save_post(self, wp_id: int, values: dict) -> Post:
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

    def assign_tags(self, post: Post, item: dict):
        series_slug = item["meta"].get("_steppe_series", "").strip()
        names = []
        for category in item["categories"]:
            slug = unquote(category.get("nicename", "")).strip()
            name = html.unescape(category.get("name", "")).strip()
            if category["domain"] == "category":
                if series_slug and slug == series_slug:
                    self.steppe_series(post, item, slug, name)
                    continue
                mapped = self.category_map.get(slug, name)
                if mapped == "-":
                    self.report.skipped[f"category “{name}” (mapped to nothing)"] += 1
                    continue
                name = mapped
            elif category["domain"] != "post_tag":
                continue
            if name:
                names.append(self.tag(name[:100], slug))
        wanted = {tag.pk for tag in names}
        # Rows, not taggit's set(): it costs two queries a tag, and the search
        # vectors and caches are brought up to date once, at the end.
        links = TaggedPost.objects.filter(content_object=post)
        have = set(links.values_list("tag_id", flat=True))
        if wanted != have:
            links.exclude(tag_id__in=wanted).delete()
            TaggedPost.objects.bulk_create(
                TaggedPost(content_object=post, tag_id=pk) for pk in wanted - have
            )
            self.retagged.add(post.pk)
        self.report.tags["assigned"] += len(wanted)

    def tag(self, name: str, slug: str) -> Tag:
        key = (name, slug)
        if key not in self.tags:
            slug = slugify(slug or name, allow_unicode=True)[:100] or "tag"
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                if Tag.objects.filter(slug=slug).exists():
                    slug = f"{slug[:90]}-{Tag.objects.count() + 1}"
                tag = Tag.objects.create(name=name, slug=slug)
                self.report.tags["created"] += 1
            self.tags[key] = tag
        return self.tags[key]

    def steppe_series(self, post: Post, item: dict, slug: str, title: str):
        """A series exported by Steppe comes back as the same series."""
        part = item["meta"].get("_steppe_series_part", "").strip()
        series, _ = Series.objects.get_or_create(slug=slug, defaults={"title": title})
        complete = item["meta"].get("_steppe_series_complete") == "1"
        if series.is_complete != complete or series.title != title:
            series.title, series.is_complete = title, complete
            series.save()
        if part.isdigit() and (post.series_id, post.series_part) != (
            series.pk,
            int(part),
        ):
            Post.objects.filter(pk=post.pk).update(series=series, series_part=int(part))

    def redirect(self, post: Post, link: str):
        path = unquote(urlsplit(link.strip()).path) if link.strip() else ""
        if path.startswith("/") and path not in ("/", post.get_absolute_url()):
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

    # Comments: threads rebuilt from comment_parent, approval kept, nobody e-mailed.

    def comments(self, post: Post, comments: list[dict]):
        kept = {}
        for comment in comments:
            kind = comment.get("comment_type", "").strip()
            approved = comment.get("comment_approved", "1").strip()
            if kind in ("pingback", "trackback"):
                self.report.skipped[f"{kind}s"] += 1
            elif approved in ("trash", "post-trashed"):
                self.report.skipped["comments in the trash"] += 1
            elif approved not in ("1", "0", "spam"):
                self.report.skipped[f"comments with approval {approved!r}"] += 1
            else:
                number = comment.get("comment_id", "").strip()
                if not number.isdigit():
                    raise WxrError(comment["line"], "a comment without a numeric ID")
                kept[int(number)] = comment
        if not kept:
            return
        existing = dict(
            WordPressId.objects.filter(
                site=self.site, kind=WordPressId.Kind.COMMENT, wp_id__in=list(kept)
            ).values_list("wp_id", "object_id")
        )
        rows, new = self.comment_rows(post, kept, existing)
        self.thread(rows, kept)
        self.store_threads(rows, new)
        self.commented.add(post.pk)

    def comment_values(self, post, data: dict) -> dict:
        approved = data.get("comment_approved", "1").strip()
        self.report.comments[COMMENT_STATES[approved]] += 1
        name = html.unescape(data.get("comment_author", "")).strip()[:100]
        return {
            "user_name": name or "Anonymous",
            "user_email": data.get("comment_author_email", "").strip()[:254],
            "user_url": data.get("comment_author_url", "").strip()[:200],
            "comment": plain_comment(data.get("comment_content", "")),
            "submit_date": self.date(data, "comment_date_gmt", "comment_date", "")
            or post.published_at,
            "ip_address": valid_ip(data.get("comment_author_IP", "")),
            "is_public": approved == "1",
            "is_removed": approved == "spam",
        }

    def comment_rows(self, post, kept: dict, existing: dict):
        """Comment rows, new and updated, by WordPress ID; and the new IDs."""
        current = XtdComment.norel_objects.in_bulk(list(existing.values()))
        for comment in current.values():
            comment.thread_before = tuple(getattr(comment, f) for f in THREAD_FIELDS)
        rows, new, changed = {}, {}, []
        for wp_id, data in kept.items():
            values = self.comment_values(post, data)
            comment = current.get(existing.get(wp_id))
            if comment is None:
                new[wp_id] = Comment(
                    content_type=self.post_type, object_pk=str(post.pk),
                    site_id=settings.SITE_ID, **values,
                )  # fmt: skip
                rows[wp_id] = new[wp_id]
                continue
            if any(getattr(comment, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(comment, name, value)
                changed.append(comment)
            rows[wp_id] = comment
        # xtd's comments extend django_comments' (two tables), which bulk_create
        # cannot fill: the base rows go in bulk, the thread rows after (store_threads).
        Comment.objects.bulk_create(new.values())
        WordPressId.objects.bulk_create(
            WordPressId(
                site=self.site, kind=WordPressId.Kind.COMMENT, wp_id=w, object_id=c.pk
            )
            for w, c in new.items()
        )
        if changed:
            XtdComment.norel_objects.bulk_update(changed, list(values))
        self.report.comments["created"] += len(new)
        self.report.comments["updated"] += len(changed)
        return rows, new

    def thread(self, rows: dict, kept: dict):
        """xtd's thread fields, as if each comment had been posted in date order."""
        deepest = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
        children = defaultdict(list)
        roots = []
        for wp_id in rows:
            parent = kept[wp_id].get("comment_parent", "0").strip()
            parent = int(parent) if parent.isdigit() else 0
            if parent in rows and parent != wp_id:
                children[parent].append(wp_id)
            else:
                roots.append(wp_id)
        order = lambda w: (rows[w].submit_date, w)  # noqa: E731
        flattened = 0
        for root in sorted(roots, key=order):
            thread_id, position = rows[root].pk, 0
            stack = [(root, None)]  # depth first, oldest reply first: xtd's order
            while stack:
                wp_id, parent = stack.pop()
                comment = rows[wp_id]
                position += 1
                if parent is None:
                    comment.level, comment.parent_id = 0, comment.pk
                elif parent.level < deepest:
                    comment.level, comment.parent_id = parent.level + 1, parent.pk
                else:  # WordPress allows deeper threads than Steppe shows
                    flattened += 1
                    comment.level, comment.parent_id = deepest, parent.parent_id
                comment.thread_id, comment.order = thread_id, position
                comment.nested_count = count_descendants(wp_id, children)
                kids = sorted(children[wp_id], key=order, reverse=True)
                stack.extend((kid, comment) for kid in kids)
        if flattened:
            self.report.notes[f"replies deeper than {deepest + 1} levels moved up"] += (
                flattened
            )

    def store_threads(self, rows: dict, new: dict):
        fresh = [rows[w] for w in new]
        if fresh:
            table = connection.ops.quote_name(XtdComment._meta.db_table)
            columns = ", ".join(
                connection.ops.quote_name(name)
                for name in ("comment_ptr_id", *THREAD_FIELDS, "followup")
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 7)})",
                    [
                        (c.pk, *(getattr(c, f) for f in THREAD_FIELDS), False)
                        for c in fresh
                    ],
                )
            CommentModeration.objects.bulk_create(
                CommentModeration(
                    comment_id=c.pk,
                    verdict=CommentModeration.Verdict.SPAM,
                    reason="Spam in WordPress",
                )
                for c in fresh
                if c.is_removed
            )
        moved = [
            c
            for w, c in rows.items()
            if w not in new
            and c.thread_before != tuple(getattr(c, f) for f in THREAD_FIELDS)
        ]
        if moved:
            XtdComment.norel_objects.bulk_update(moved, THREAD_FIELDS)

    # After the last item: images, series, search, caches.

    def finish(self):
        self.featured_images()
        if self.detect:
            self.report.series = detect_series(self.imported, report=self.report)
        self.save_redirects()
        search.update_search_vectors([pk for pk, _ in self.imported])
        if self.retagged:
            pagecache.bump("posts", "edits", *(f"post:{pk}" for pk in self.retagged))
        if self.commented:
            comments_changed(self.commented)

    def featured_images(self):
        for post_pk, attachment_id in self.thumbnails:
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                self.report.notes[
                    "featured images whose attachment is not in the file"
                ] += 1
                continue
            post = Post.objects.get(pk=post_pk)
            self.media.featured(post, attachment)


def count_descendants(wp_id, children) -> int:
    total, stack = 0, list(children[wp_id])
    while stack:
        total += 1
        stack.extend(children[stack.pop()])
    return total


def plain_comment(raw: str) -> str:
    """Comments are shown as text: a link keeps its address beside its words."""
    text = LINK.sub(lambda m: f"{m[2]} ({m[1]})" if m[1] != m[2] else m[1], raw)
    return html.unescape(TAG.sub("", text)).strip()[:10_000]


def valid_ip(value: str):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
