"""Library images: checked and re-encoded as blog.images does, plus WebP renditions."""

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as Pillow
from PIL import features

from blog.images import MAX_STORED_WIDTH, _encode, decode_image, validate_image_upload

WEBP = features.check("webp")


def validate_library_image(file) -> None:
    """Everything an upload to the library must pass (blog.images decodes it once,
    within its caps, and keeps the result for store_image)."""
    validate_image_upload(file)


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
    # The validator's bounded decode when there was one (an upload through a form),
    # else the same bounded decode now (a file handed over by code, an import).
    picture = decode_image(getattr(field, "file", field))
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
    try:
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
                webp = ContentFile(_webp(picture, width))
                names["webp"] = field.storage.save(name, webp)
                written.append(names["webp"])
            renditions[str(width)] = names
    except BaseException:
        for name in written:  # a rendition failed (disk full): no orphan files
            field.storage.delete(name)
        raise
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
