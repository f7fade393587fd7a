"""Audio and video uploads: known containers only, told apart by their bytes."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> (kind, MIME type, signature family)
FORMATS = {
    ".mp3": ("audio", "audio/mpeg", "mp3"),
    ".m4a": ("audio", "audio/mp4", "mp4"),
    ".ogg": ("audio", "audio/ogg", "ogg"),
    ".oga": ("audio", "audio/ogg", "ogg"),
    ".opus": ("audio", "audio/ogg", "ogg"),
    ".wav": ("audio", "audio/wav", "wav"),
    ".flac": ("audio", "audio/flac", "flac"),
    ".mp4": ("video", "video/mp4", "mp4"),
    ".m4v": ("video", "video/mp4", "mp4"),
    ".mov": ("video", "video/quicktime", "mp4"),
    ".webm": ("video", "video/webm", "webm"),
    ".ogv": ("video", "video/ogg", "ogg"),
    # A document a WordPress import brings along, offered as a download link.
    ".pdf": ("file", "application/pdf", "pdf"),
}


def _family(head: bytes) -> str | None:
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    ):
        return "mp3"
    return None


def describe_media(file) -> tuple[str, str]:
    """(kind, MIME type) of an audio or video upload, or a ValidationError."""
    known = ", ".join(sorted(ext.lstrip(".").upper() for ext in FORMATS))
    suffix = PurePosixPath(file.name or "").suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(_("Upload an audio or video file (%s).") % known)
    kind, mime, family = FORMATS[suffix]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if _family(head) != family:
        raise ValidationError(
            _("This file is not the %(format)s file its name says it is.")
            % {"format": suffix.lstrip(".").upper()}
        )
    return kind, mime


def validate_media_upload(file) -> None:
    """Refuse what is not a known audio or video container within the size cap."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked
    if file.size > settings.MEDIA_FILE_MAX_BYTES:
        limit = settings.MEDIA_FILE_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("The file is larger than %s MB.") % limit)
    describe_media(file)
