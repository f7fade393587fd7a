"""Posts written a batch at a time: a few queries for a few hundred posts.

The importer prepares each post as it reads it (blog.wxr.importer) and holds it,
without its body's source, until BATCH are waiting; then they are written with
one look-up of their WordPress IDs, one bulk_create for the new ones (with what
Post.save() derives), a save() for each one that changed, then their tags, old
addresses and comments, each in bulk. bulk_create sends no signals: the caches
hear of the new posts once, at the end (Importer.finish), as the search index does.
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import reset_queries
from django.urls import Resolver404, resolve
from django.utils import timezone

from blog.models import Post
from blog.wxr.models import Redirect, WordPressId
from blog.wxr.parse import WxrError, describe
from blog.wxr.steppe_meta import carried_redirects
from library.usage import references_in, sync_references

# Posts a batch: with ten comments each, a few thousand rows go in per flush, and
# what is held meanwhile (their converted bodies and comments) stays a few MB.
BATCH = 250


@dataclass
class PendingPost:
    wp_id: int
    values: dict  # the Post's fields, converted
    keep: tuple  # fields a re-import leaves as they are
    item: dict  # the item without its body: terms, meta, comments, link, line
    title: str


class PostsMixin:
    def flush_posts(self):
        """Write the posts waiting, with their tags, old addresses and comments."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            posts = self.save_posts(batch)
            self.assign_tags(
                [(post, p.item) for post, p in zip(posts, batch, strict=True)]
            )
            owners = []
            for post, pending in zip(posts, batch, strict=True):
                item = pending.item
                if item["body_later"] is not None:  # waits for later attachments
                    self.attachments.bodies.later(
                        post.pk, item["body_later"], pending.wp_id, pending.title
                    )
                for link in (item.get("link", ""), *carried_redirects(item)):
                    self.redirect(post, link)
                thumbnail = item["meta"].get("_thumbnail_id", "").strip()
                if thumbnail.isdigit():
                    self.thumbnails.append((post.pk, int(thumbnail)))
                owners.append((post, item["comments"]))
                self.imported.append((post.pk, pending.title))
            self.save_comments(owners, self.post_type)
        except WxrError:
            raise
        except Exception as error:  # the rows went in together: name them all
            first, last = batch[0].item, batch[-1].item
            raise WxrError(
                first["line"],
                f"the posts from {describe(first)} to {describe(last)}: "
                f"{error.__class__.__name__}: {error}",
            ) from error
        if settings.DEBUG:  # DEBUG keeps every query's SQL: bulk inserts are long
            reset_queries()

    def save_posts(self, batch: list[PendingPost]) -> list[Post]:
        """Create or update the batch's posts; fields in `keep` stay as they are."""
        links = {
            link.wp_id: link
            for link in WordPressId.objects.filter(
                site=self.site,
                kind=WordPressId.Kind.POST,
                wp_id__in=[pending.wp_id for pending in batch],
            )
        }
        found = Post.objects.in_bulk([link.object_id for link in links.values()])
        self.numbered: set[str] = set()  # slugs whose numbered forms are in taken
        self.taken = self.slugs_taken(
            {pending.values["slug"] for pending in batch}
            | {post.slug for post in found.values()}
        )
        posts, new = [], []
        for pending in batch:
            link = links.get(pending.wp_id)
            post = found.get(link.object_id) if link else None
            if post is None:
                post = Post(**pending.values)
                post.slug = self.free_slug(post)
                post.derive_fields()
                new.append((pending.wp_id, post, link))
            else:
                self.update_post(post, pending)
            posts.append(post)
        Post.objects.bulk_create([post for _, post, _ in new])
        for _, post, _ in new:
            if post.featured_image_id or any(references_in(post.body)):
                sync_references(post, post.body, images=[post.featured_image_id])
        WordPressId.objects.bulk_create(
            WordPressId(
                site=self.site, kind=WordPressId.Kind.POST, wp_id=wp_id,
                object_id=post.pk,
            )
            for wp_id, post, link in new
            if link is None
        )  # fmt: skip
        moved = []
        for _, post, link in new:
            if link is not None:  # its post was deleted here: this one takes its place
                link.object_id = post.pk
                moved.append(link)
        WordPressId.objects.bulk_update(moved, ["object_id"])
        self.new_posts.update(post.pk for _, post, _ in new)
        self.report.posts["created"] += len(new)
        return posts

    def update_post(self, post: Post, pending: PendingPost):
        values = {k: v for k, v in pending.values.items() if k not in pending.keep}
        before = {name: getattr(post, name) for name in values}
        for name, value in values.items():
            setattr(post, name, value)
        post.slug = self.free_slug(post)
        if any(getattr(post, name) != before[name] for name in values):
            post.save()
            self.report.posts["updated"] += 1
        else:
            self.report.posts["unchanged"] += 1

    @staticmethod
    def slugs_taken(slugs: set[str]) -> dict:
        """(day, slug) -> the post that has it, for posts with one of these slugs."""
        rows = Post.objects.filter(slug__in=slugs).values_list(
            "pk", "slug", "published_at"
        )
        return {(timezone.localtime(at).date(), slug): pk for pk, slug, at in rows}

    def free_slug(self, post: Post) -> str:
        """Two posts on one day cannot share a slug: the address would be ambiguous."""
        day = timezone.localtime(post.published_at).date()
        me = post.pk or post  # a new post has no pk yet: itself stands for it

        def other(slug):
            owner = self.taken.get((day, slug), me)
            return owner is not me and owner != me

        slug, number = post.slug, 2
        if other(slug) and post.slug not in self.numbered:  # once a batch
            self.numbered.add(post.slug)
            numbered = Post.objects.filter(slug__startswith=f"{post.slug[:250]}-")
            for pk, taken, at in numbered.values_list("pk", "slug", "published_at"):
                self.taken.setdefault((timezone.localtime(at).date(), taken), pk)
        while other(slug):
            slug = f"{post.slug[:250]}-{number}"
            number += 1
        self.taken[(day, slug)] = me
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
        paths = list(self.redirects)
        for start in range(0, len(paths), 5000):
            chunk = paths[start : start + 5000]
            existing = Redirect.objects.in_bulk(chunk, field_name="old_path")
            moved = []
            for path in chunk:
                post_pk = self.redirects[path]
                if path in existing and existing[path].post_id != post_pk:
                    existing[path].post_id = post_pk
                    moved.append(existing[path])
            Redirect.objects.bulk_update(moved, ["post"], batch_size=1000)
            Redirect.objects.bulk_create(
                (Redirect(old_path=p, post_id=self.redirects[p]) for p in chunk
                 if p not in existing),
                batch_size=1000,
            )  # fmt: skip


def served_here(path: str) -> bool:
    """Whether a Steppe page answers `path` whatever is in the database: a post's
    old link there would never reach the redirect (it answers only 404s)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return not match.args and not match.kwargs
