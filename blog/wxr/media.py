"""Files from a copy of wp-content/uploads, checked and re-encoded like uploads.

Attachments become library entries (blog.wxr.attachments); an upload that no
attachment names is copied here as a plain file (loose). Without a copy (no
--media) nothing is fetched: it keeps its WordPress address and the report says
how many. Every file stored is remembered, so a failed or dry run leaves none.
"""

from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from blog.images import MAX_STORED_WIDTH, _encode, decode_image, validate_image_upload

OTHER_FILES = "uploaded files no attachment names, left at their WordPress address"
OLD_SITE = "images left at their WordPress address (copy wp-content/uploads, --media)"


class MediaCopier:
    def __init__(self, media_dir, *, dry_run: bool, report):
        self.dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.report = report
        self.copied: dict[str, str | None] = {}  # relative path -> new URL
        self.written: list[str] = []

    def loose(self, url: str) -> str:
        """An upload no attachment names: a processed copy, or its old address."""
        relative = url.split("/wp-content/uploads/", 1)[-1].split("?")[0]
        suffix = PurePosixPath(relative).suffix.lower()
        if suffix not in (".jpg", ".jpeg", ".png", ".gif", ".webp"):
            self.report.notes[OTHER_FILES] += 1  # only images are copied loose
            return url
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

    def discard(self):
        for name in set(self.written):
            default_storage.delete(name)
        self.written = []
