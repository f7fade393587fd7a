"""Uploaded images: checked, decoded within bounds, re-encoded (no metadata), widths.

The steps, for any model that stores uploads (the media library, library/images.py):

- validate_image_upload(file): a form error unless the upload is a complete JPEG,
  PNG, GIF or WebP within the byte, pixel and shape caps (a model field validator);
- decode_image(file): the image decoded at most MAX_STORED_WIDTH wide, upright;
- _encode(image, width): the image re-encoded (metadata stripped) at that width.

The caps are checked on the header, before a pixel is decoded. A JPEG is then
decoded at a reduced scale (draft mode); other formats are decoded whole, so their
cap is on decoded memory (IMAGE_MAX_DECODED_BYTES), which a small file can claim:
a 165 KB PNG may say 8000×5000 RGBA, 160 MB.
"""

import io
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
MAX_STORED_WIDTH = 2400
# Wider or taller than this is a strip, not a picture: its narrow renditions
# would be less than a pixel high.
MAX_ASPECT = 20
# Decoders raise these (and OSError) on truncated or corrupt files.
BROKEN = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError)
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
DECODED = "_steppe_decoded_image"


def validate_image_upload(file) -> None:
    """Refuse what is not a complete raster image within the caps (a form error)."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked
    if file.size > settings.IMAGE_MAX_BYTES:
        limit = settings.IMAGE_MAX_BYTES // (1024 * 1024)
        message = _("The image is larger than %(limit)s MB.")
        raise ValidationError(message % {"limit": limit})
    decode_image(file)


def decode_image(file) -> Image.Image:
    """The upload decoded, at most MAX_STORED_WIDTH wide and upright; ValidationError
    if it is not an allowed image, breaks a cap, or cannot be decoded."""
    decoded = getattr(file, DECODED, None)
    if decoded is None:
        decoded = _decode(file)
        # Kept on the file: the validator decodes it, then save() stores it.
        setattr(file, DECODED, decoded)
    return decoded


def _decode(file) -> Image.Image:
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check must be a form error, not a warning in a log.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=ALLOWED_FORMATS) as image:
                _check_header(image)
                return _decode_bounded(image)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image.")) from exc
    except Image.DecompressionBombWarning as exc:
        raise ValidationError(_("The image has too many pixels.")) from exc
    except BROKEN as exc:
        raise ValidationError(
            _("The image could not be read (is the file complete?): %(error)s")
            % {"error": exc}
        ) from exc
    finally:
        file.seek(0)


def _check_header(image: Image.Image) -> None:
    """The caps, from the header alone: no pixel decoded yet."""
    width, height = image.size
    shape = {"width": width, "height": height}
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."))
    if width < 1 or height < 1:
        raise ValidationError(_("The image has no pixels."))
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "The image has too many pixels (%(width)s×%(height)s); the limit is "
                "%(limit)s."
            )
            % (shape | {"limit": f"{settings.IMAGE_MAX_PIXELS:,}"})
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ValidationError(
            _("The image is %(width)s×%(height)s: one side may be at most %(aspect)s "
              "times the other.") % (shape | {"aspect": MAX_ASPECT})
        )  # fmt: skip
    decoded = width * height * len(image.getbands())
    if image.format != "JPEG" and decoded > settings.IMAGE_MAX_DECODED_BYTES:
        raise ValidationError(
            _("The image is too large to decode (%(width)s×%(height)s); save it "
              "smaller or as a JPEG.") % shape
        )  # fmt: skip


def _decode_bounded(image: Image.Image) -> Image.Image:
    turned = image.getexif().get(ExifTags.Base.Orientation, 1) in TURNED
    width, height = image.size
    scale = min(1, MAX_STORED_WIDTH / (height if turned else width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # A JPEG decodes at the smallest scale (1/2, 1/4, 1/8) still that large; other
    # formats are shrunk with reduce() before resampling.
    image.draft(None, size)
    image.thumbnail(size)
    image.load()
    return ImageOps.exif_transpose(image)


def _encode(image: Image.Image, width: int | None = None) -> tuple[bytes, str]:
    if width and image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue(), "jpg"
