"""Library images: checked and re-encoded as blog.images does, plus WebP renditions."""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as Pillow
from PIL import ImageOps, features

from blog.images import MAX_STORED_WIDTH, _encode, validate_image_upload

WEBP = features.check("webp")


def check_decodes(file) -> None:
    """Refuse an image whose header is fine but whose pixels are not (truncated).

    A thin addition beside blog.images.validate_image_upload, which reads headers
    only; it runs after that check, so the pixel count is already capped.
    """
    if getattr(file, "_committed", False):
        return
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            with Pillow.open(file) as picture:
                picture.load()
    except (
        OSError,
        SyntaxError,
        ValueError,
        Pillow.DecompressionBombError,
        Pillow.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(_("The image is damaged or incomplete.")) from exc
    finally:
        file.seek(0)


def validate_library_image(file) -> None:
    """Everything an upload to the library must pass."""
    validate_image_upload(file)
    check_decodes(file)


def _webp(picture: Pillow.Image, width: int) -> bytes:
    if picture.width > width:
        height = round(picture.height * width / picture.width)
        picture = picture.resize((width, height), Pillow.Resampling.LANCZOS)
    buffer = io.BytesIO()
    mode = "RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB"
    picture.convert(mode).save(buffer, "WEBP", quality=80, method=4)
    return buffer.getvalue()


def store_image(image) -> list[str]:
    """Re-encode a fresh upload and write its renditions; the names written."""
    field = image.file
    field.open()
    with Pillow.open(field) as raw:
        raw.load()
        picture = ImageOps.exif_transpose(raw)
    data, ext = _encode(picture, MAX_STORED_WIDTH)
    stem = PurePosixPath(field.name).stem[:80] or "image"
    field.save(f"{stem}.{ext}", ContentFile(data), save=False)
    stored = PurePosixPath(field.name)
    written = [field.name]
    full = min(picture.width, MAX_STORED_WIDTH)
    image.width = full
    image.height = round(picture.height * full / picture.width)
    image.file_size = len(data)
    widths = [w for w in settings.IMAGE_RENDITION_WIDTHS if w < full] + [full]
    renditions = {}
    for width in widths:
        names = {}
        if width == full:
            names[ext] = field.name
        else:
            data, _ext = _encode(picture, width)
            name = str(stored.with_name(f"{stored.stem}-{width}w.{ext}"))
            names[ext] = field.storage.save(name, ContentFile(data))
            written.append(names[ext])
        if WEBP:
            name = str(stored.with_name(f"{stored.stem}-{width}w.webp"))
            names["webp"] = field.storage.save(name, ContentFile(_webp(picture, width)))
            written.append(names["webp"])
        renditions[str(width)] = names
    image.renditions = renditions
    return written


def delete_files(image, *, keep=frozenset()) -> None:
    """Remove an image's file and renditions from storage (but those in `keep`)."""
    storage = image.file.storage
    names = {image.file.name}
    for formats in image.renditions.values():
        names.update(formats.values())
    for name in names - set(keep):
        if name:
            storage.delete(name)
