"""Featured images: validated on upload, re-encoded (no metadata), a few widths."""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_STORED_WIDTH = 2400


def validate_image_upload(file) -> None:
    """Refuse what is not a plain raster image within the size and pixel caps."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked
    if file.size > settings.IMAGE_MAX_BYTES:
        limit = settings.IMAGE_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"The image is larger than {limit} MB.")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # A decompression bomb must be a form error, not a warning in a log.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise ValidationError("Upload a JPEG, PNG, GIF or WebP image.") from exc
    except Image.DecompressionBombWarning as exc:
        raise ValidationError("The image has too many pixels.") from exc
    finally:
        file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError("Upload a JPEG, PNG, GIF or WebP image.")
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            f"The image has too many pixels ({width}×{height}); "
            f"the limit is {settings.IMAGE_MAX_PIXELS:,}."
        )


def _encode(image: Image.Image, width: int | None = None) -> tuple[bytes, str]:
    if width and image.width > width:
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue(), "jpg"


def save_featured_image(post) -> None:
    """Store a fresh upload re-encoded, plus renditions for `srcset`."""
    field = post.featured_image
    field.open()
    with Image.open(field) as raw:
        raw.load()
        image = ImageOps.exif_transpose(raw)
    data, ext = _encode(image, MAX_STORED_WIDTH)
    stem = PurePosixPath(field.name).stem[:80] or "image"
    field.save(f"{stem}.{ext}", ContentFile(data), save=False)
    stored = PurePosixPath(field.name)
    widths = {}
    for width in settings.IMAGE_RENDITION_WIDTHS:
        if width >= image.width:
            break
        data, ext = _encode(image, width)
        name = str(stored.with_name(f"{stored.stem}-{width}w.{ext}"))
        widths[str(width)] = field.storage.save(name, ContentFile(data))
    widths[str(min(image.width, MAX_STORED_WIDTH))] = field.name
    post.image_renditions = {"widths": widths, "bytes": field.size}
