"""WordPress attachments become media-library entries, matched on their WordPress ID.

With --media (a copy of wp-content/uploads) the file is read from there, checked
and re-encoded as uploads are; without it, or when the file is missing or refused,
the entry points at the WordPress address ("remote", library.models.Uploaded) and
the report counts it. The WordPress ID is kept (WordPressId, kind image or media),
so `[gallery ids=…]`, `_thumbnail_id`, `wp-image-N` classes and upload addresses
in bodies find the entry (blog.wxr.media_bodies), and a re-import updates it.
"""

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

from blog.wxr.media_bodies import BodyResolver
from blog.wxr.models import WordPressId
from library.media import FORMATS, validate_media_upload
from library.models import Image, MediaFile

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".avif"}
STORED_IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}  # blog.images reads these
# A resized copy WordPress made ("photo-300x200.jpg") or its big-image copy
# ("photo-scaled.jpg") names the same attachment as the original.
SIZED = re.compile(r"-(?:\d{1,5}x\d{1,5}|scaled|e\d{10,13})(?=\.[A-Za-z0-9]+$)")
# The size WordPress recorded, from its PHP-serialized _wp_attachment_metadata.
SIZE = re.compile(r's:5:"width";i:(\d{1,6});s:6:"height";i:(\d{1,6});')
TAG = re.compile(r"<[^>]+>")
REMOTE = "library entries left at their WordPress address (no file here)"


@dataclass
class Entry:
    """One attachment: what bodies and galleries need to know of it."""

    wp_id: int
    kind: str  # WordPressId.Kind.IMAGE or MEDIA
    pk: int
    url: str  # where readers get it now
    media_kind: str = ""  # audio, video or file (MediaFile.Kind)
    parent: int = 0  # the post it was attached to
    title: str = ""
    date: str = ""
    order: int = 0


def upload_path(url: str) -> str:
    """The path under wp-content/uploads an address names, or ''."""
    path = unquote(urlsplit(url.strip()).path)
    return (
        path.split("/wp-content/uploads/", 1)[1]
        if "/wp-content/uploads/" in path
        else ""
    )


def address_keys(url: str) -> list[str]:
    """What an address is known by: its upload path, else its path, with and
    without WordPress's size suffix."""
    path = upload_path(url) or unquote(urlsplit(url.strip()).path).lstrip("/")
    if not path:
        return []
    return list(dict.fromkeys([path, SIZED.sub("", path)]))


def plain(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment or "")).split())


class AttachmentImporter:
    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.copier = importer.media
        self.entries: dict[int, Entry] = {}  # WordPress ID -> entry
        self.addresses: dict[str, int] = {}  # address key -> WordPress ID
        self.children: dict[int, list[int]] = {}  # post ID -> attachment IDs
        self.bodies = BodyResolver(self)
        self.linked: set[tuple[str, int]] = set()  # (kind, ID) with a WordPressId

    def start(self, site: str) -> None:
        """The entries an earlier import of this blog made (a re-import finds them
        before their items come)."""
        links = WordPressId.objects.filter(
            site=site, kind__in=[WordPressId.Kind.IMAGE, WordPressId.Kind.MEDIA]
        ).values_list("kind", "wp_id", "object_id")
        by_kind = {WordPressId.Kind.IMAGE: {}, WordPressId.Kind.MEDIA: {}}
        for kind, wp_id, object_id in links:
            by_kind[kind][object_id] = wp_id
            self.linked.add((kind, wp_id))
        for kind, model in (
            (WordPressId.Kind.IMAGE, Image),
            (WordPressId.Kind.MEDIA, MediaFile),
        ):
            wanted = by_kind[kind]
            for obj in model.objects.filter(pk__in=list(wanted)):
                self.remember(
                    Entry(
                        wanted[obj.pk], kind, obj.pk, obj.url, getattr(obj, "kind", "")
                    ),
                    obj.source_url,
                )

    def remember(self, entry: Entry, *addresses: str) -> None:
        self.entries[entry.wp_id] = entry
        for address in (*addresses, entry.url):
            for key in address_keys(address or ""):
                self.addresses.setdefault(key, entry.wp_id)

    def find(self, url: str) -> Entry | None:
        for key in address_keys(url):
            if key in self.addresses:
                return self.entries.get(self.addresses[key])
        return None

    # One <item> of type attachment.

    def item(self, item: dict, wp_id: int) -> None:
        meta = item["meta"]
        url = (item.get("wp:attachment_url") or item.get("guid", "")).strip()[:500]
        if not url.lower().startswith(("http://", "https://")):
            url = ""  # readers follow it: a javascript: or data: address is not one
        relative = meta.get("_wp_attached_file", "").strip() or upload_path(url)
        suffix = PurePosixPath(relative or urlsplit(url).path).suffix.lower()
        title = plain(item.get("title", ""))[:255] or PurePosixPath(relative).name
        values = {
            "caption": plain(item.get("excerpt:encoded", ""))[:500],
            "description": plain(item.get("content:encoded", "")),
            "source_url": url,
        }
        if "_steppe_credit" in meta:  # only Steppe's export says: keep what is set
            values["credit"] = plain(meta["_steppe_credit"])[:255]
        if suffix in IMAGE_SUFFIXES:
            kind, model = WordPressId.Kind.IMAGE, Image
            values["alt_text"] = plain(meta.get("_wp_attachment_image_alt", ""))[:255]
            size = SIZE.search(meta.get("_wp_attachment_metadata", ""))
            if size:
                values["width"], values["height"] = int(size[1]), int(size[2])
        else:
            kind, model = WordPressId.Kind.MEDIA, MediaFile
            media_kind, mime, _family = FORMATS.get(suffix, ("file", "", ""))
            values |= {"title": title, "kind": media_kind, "mime_type": mime}
        parent = item.get("wp:post_parent", "0").strip()
        known = self.entries.get(wp_id)
        obj = (
            model.objects.filter(pk=known.pk).first()
            if known and known.kind == kind
            else None
        )
        if obj is None:
            obj = model(**values)
            obj.uploaded_by = self.importer.authors.get(
                item.get("dc:creator", "").strip()
            )
            stored = self.store(obj, relative, suffix) or self.copier.dry_run
            if not stored and not url:
                self.report.skipped[
                    "attachments with no file and no http(s) address"
                ] += 1
                return
            obj.save()
            link = {"site": self.importer.site, "kind": kind, "wp_id": wp_id}
            if (kind, wp_id) in self.linked:  # its entry was deleted here since
                WordPressId.objects.filter(**link).update(object_id=obj.pk)
            else:  # one INSERT, no savepoint: imports have thousands
                WordPressId.objects.create(**link, object_id=obj.pk)
                self.linked.add((kind, wp_id))
            self.report.notes["attachments made library entries"] += 1
        else:
            if not obj.is_remote:  # its stored file says its size
                values.pop("width", None), values.pop("height", None)
            changed = [
                name for name, value in values.items() if getattr(obj, name) != value
            ]
            for name in changed:
                setattr(obj, name, values[name])
            if obj.is_remote and self.store(obj, relative, suffix):
                changed.append("file")
            if changed:
                obj.save()
                self.report.notes["library entries updated"] += 1
        if obj.is_remote:
            self.report.notes[REMOTE] += 1
        entry = Entry(
            wp_id, kind, obj.pk, obj.url, getattr(obj, "kind", ""),
            parent=int(parent) if parent.isdigit() else 0,
            title=title, date=item.get("wp:post_date", ""),
            order=int(item.get("wp:menu_order", "0").strip() or 0)
            if item.get("wp:menu_order", "0").strip().isdigit() else 0,
        )  # fmt: skip
        self.remember(entry, url, relative and f"/wp-content/uploads/{relative}")
        if entry.parent:
            self.children.setdefault(entry.parent, []).append(wp_id)

    def store(self, obj, relative: str, suffix: str) -> bool:
        """Give `obj` its file from --media when it is there and sound."""
        copier = self.copier
        if copier.dir is None or not relative:
            return False
        if isinstance(obj, Image) and suffix not in STORED_IMAGES:
            self.report.notes[
                f"images Steppe does not store ({suffix}), left remote"
            ] += 1
            return False
        if isinstance(obj, MediaFile) and suffix not in FORMATS:
            self.report.notes[
                f"files Steppe does not store ({suffix}), left remote"
            ] += 1
            return False
        path = copier.source(relative)
        if path is None:
            self.report.missing_media.append(relative)
            return False
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            if isinstance(obj, Image):
                if not copier.valid(upload, relative):
                    return False
            else:
                try:
                    validate_media_upload(upload)
                except ValidationError as error:
                    self.report.notes[f"files refused ({error.messages[0]})"] += 1
                    self.report.missing_media.append(f"{relative} (refused)")
                    return False
                upload.seek(0)
            self.report.notes["attachment files copied"] += 1
            if copier.dry_run:
                return False  # checked, not stored: a dry run writes no file
            obj.file = upload
            obj.save()  # writes the file (and renditions) while the handle is open
        copier.written.append(obj.file.name)
        for formats in getattr(obj, "renditions", {}).values():
            copier.written.extend(formats.values())
        return True

    # After the last item: each post whose body named an attachment not seen yet,
    # or that has a featured image, is finished and saved once.

    def finish_posts(self, thumbnails: list[tuple[int, int]]) -> None:
        from blog.models import Post

        featured = dict(thumbnails)  # post pk -> attachment ID
        pending = {pk: rest for pk, *rest in self.bodies.pending}
        wanted = sorted(set(featured) | set(pending))
        for start in range(0, len(wanted), 500):
            posts = Post.objects.in_bulk(wanted[start : start + 500])
            for pk, post in posts.items():
                changed = False
                if pk in pending:
                    body, owner, title = pending[pk]
                    resolved, _ = self.bodies.resolve(body, owner, title, final=True)
                    changed = resolved != post.body
                    post.body = resolved
                if pk in featured:
                    changed |= self.featured(post, featured[pk])
                if changed:
                    post.save()
        self.bodies.pending = []

    def featured(self, post, wp_id: int) -> bool:
        """Make the attachment's library image the post's featured image; whether
        that changed it."""
        entry = self.entries.get(wp_id)
        if entry is None or entry.kind != WordPressId.Kind.IMAGE:
            self.report.notes[
                "featured images whose attachment is not in the file"
            ] += 1
            return False
        self.report.notes["featured images from the library"] += 1
        if post.featured_image_id == entry.pk and not post.featured_image_url:
            return False
        post.featured_image_id, post.featured_image_url = entry.pk, ""
        post.featured_image_alt = ""
        return True
