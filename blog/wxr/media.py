"""Images from a copy of wp-content/uploads, checked and re-encoded like uploads.

Without a copy (no --media) nothing is fetched: the images keep their WordPress
addresses and the report says how many. Every file stored is remembered, so a
failed or dry run leaves none behind.
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from blog.images import MAX_STORED_WIDTH, _encode, decode_image, validate_image_upload
from library.models import Image

UPLOADS = re.compile(
    r"""(?P<attr>src|href)=(?P<q>["'])(?P<url>[^"']*?/wp-content/uploads/"""
    r"""(?P<path>[^"'?#]+)[^"']*)(?P=q)"""
)
OLD_SITE = "images left at their WordPress address (copy wp-content/uploads, --media)"


class MediaCopier:
    def __init__(self, media_dir, *, dry_run: bool, report):
        self.dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.report = report
        self.copied: dict[str, str | None] = {}  # relative path -> new URL
        self.written: list[str] = []

    def rewrite(self, body: str) -> str:
        """A body whose uploads point to their copies here, when there are copies."""
        if self.dir is None:
            found = len(UPLOADS.findall(body))
            if found:
                self.report.notes[OLD_SITE] += found
            return body

        def replace(match):
            url = self.copy(match["path"])
            if url is None:
                return match[0]
            return f"{match['attr']}={match['q']}{url}{match['q']}"

        return UPLOADS.sub(replace, body)

    def loose(self, url: str) -> str:
        """An upload no attachment names: a processed copy, or its old address."""
        relative = url.split("/wp-content/uploads/", 1)[-1].split("?")[0]
        if self.dir is None:
            self.report.notes[OLD_SITE] += 1
            return url
        return self.copy(relative) or url

    def source(self, relative: str) -> Path | None:
        relative = unquote(relative).lstrip("/")
        path = (self.dir / relative).resolve()
        if not path.is_relative_to(self.dir):  # "../../etc/passwd" in an export
            return None
        return path if path.is_file() else None

    def copy(self, relative: str) -> str | None:
        if relative in self.copied:
            return self.copied[relative]
        self.copied[relative] = url = None
        path = self.source(relative)
        if path is None:
            self.report.missing_media.append(relative)
            return None
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            if not self.valid(upload, relative):
                return None
            if self.dry_run:
                self.report.notes["images copied"] += 1
                return None
            image = decode_image(upload)  # decoded once, by the validation
        data, ext = _encode(image, MAX_STORED_WIDTH)
        name = str(PurePosixPath("imported", relative).with_suffix(f".{ext}"))
        name = default_storage.save(name, ContentFile(data))
        self.written.append(name)
        self.report.notes["images copied"] += 1
        self.copied[relative] = url = default_storage.url(name)
        return url

    def valid(self, file, relative: str) -> bool:
        try:
            validate_image_upload(file)
        except ValidationError as error:
            self.report.notes[f"files refused ({error.messages[0]})"] += 1
            self.report.missing_media.append(f"{relative} (refused)")
            return False
        file.seek(0)
        return True

    def featured(self, post, attachment: dict):
        """The post's featured image: a processed copy, or the WordPress address."""
        meta = attachment["meta"]
        url = (
            attachment.get("wp:attachment_url") or attachment.get("guid", "")
        ).strip()
        relative = meta.get("_wp_attached_file", "").strip()
        if not relative and "/wp-content/uploads/" in url:
            relative = urlsplit(url).path.split("/wp-content/uploads/", 1)[1]
        alt = (meta.get("_wp_attachment_image_alt") or attachment.get("title", ""))[
            :255
        ]
        if self.dir is None or not relative:
            if post.featured_image_url != url[:500] or post.featured_image_alt != alt:
                post.featured_image_url, post.featured_image_alt = url[:500], alt
                post.save()
            self.report.notes["featured images left at their WordPress address"] += 1
            return
        if post.featured_image_id:
            self.report.notes["featured images already imported"] += 1
            return
        path = self.source(relative)
        if path is None:
            self.report.missing_media.append(relative)
            return
        with path.open("rb") as handle:
            file = File(handle, name=path.name)
            if not self.valid(file, relative):
                return
            self.report.notes["featured images copied"] += 1
            if self.dry_run:
                return
            image = Image(file=file, alt_text=alt, uploaded_by=post.author)
            image.save()
            post.featured_image = image
            post.save()
        self.written.append(image.file.name)
        for formats in image.renditions.values():
            self.written.extend(formats.values())

    def discard(self):
        for name in set(self.written):
            default_storage.delete(name)
        self.written = []
