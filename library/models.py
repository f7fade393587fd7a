"""The media library: images, audio and video files, galleries, and where they
are used."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from library.images import store_image, validate_library_image
from library.media import validate_media_upload


class Uploaded(models.Model):
    """Who put a file in the library, and when (images and audio/video alike)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Where an import found the file (its WordPress address). Without the blog's
    # files (no --media) nothing is stored here and readers get it from there:
    # the entry is "remote".
    source_url = models.URLField(
        _("original address"),
        max_length=500,
        blank=True,
        help_text=_("Where the file came from; shown from there when not stored here."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def clean(self):
        super().clean()
        if not self.file and not self.source_url:
            raise ValidationError({"file": _("Upload a file.")})

    @property
    def is_remote(self) -> bool:
        return not self.file and bool(self.source_url)

    @property
    def url(self) -> str:
        """Where readers get the file: here, or the address it was left at."""
        return self.file.url if self.file else self.source_url


class Image(Uploaded):
    file = models.ImageField(
        _("file"),
        upload_to="library/%Y/%m/",
        blank=True,
        validators=[validate_library_image],
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. "
            "Needed before the image can be put in a post."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    file_size = models.PositiveBigIntegerField(
        _("file size"), editable=False, default=0
    )
    # {"480": {"jpg": name, "webp": name}, ...}: the widths written for srcset.
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(Uploaded.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text or self.file_name

    def save(self, *args, **kwargs):
        written, replaced = [], None
        if self.file and not self.file._committed:
            if self.pk:
                replaced = Image.objects.filter(pk=self.pk).first()
            written = store_image(self)
        try:
            super().save(*args, **kwargs)
        except BaseException:
            for name in written:  # no orphan files when the row is not stored
                self.file.storage.delete(name)
            raise
        if replaced is not None:
            from library.images import delete_files

            keep = set(written)
            transaction.on_commit(lambda: delete_files(replaced, keep=keep))

    @property
    def file_name(self):
        return PurePosixPath(self.file.name or urlsplit(self.source_url).path).name

    @property
    def can_be_inserted(self):
        return bool(self.alt_text.strip())


class MediaFile(Uploaded):
    class Kind(models.TextChoices):
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        # Documents an import brought (a PDF), offered as a link.
        FILE = "file", _("File")

    file = models.FileField(
        _("file"),
        upload_to="library/media/%Y/%m/",
        validators=[validate_media_upload],
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    mime_type = models.CharField(_("MIME type"), max_length=50, editable=False)
    file_size = models.PositiveBigIntegerField(
        _("file size"), editable=False, default=0
    )

    class Meta(Uploaded.Meta):
        verbose_name = _("audio or video file")
        verbose_name_plural = _("audio and video files")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            from library.media import describe_media

            self.kind, self.mime_type = describe_media(self.file)
            self.file_size = self.file.size
        super().save(*args, **kwargs)


class Gallery(models.Model):
    title = models.CharField(_("title"), max_length=255)
    columns = models.PositiveSmallIntegerField(
        _("columns"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")
        constraints = [
            models.CheckConstraint(
                condition=Q(columns__gte=1, columns__lte=6),
                name="gallery_columns_1_to_6",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def shortcode(self):
        return f"[gallery id={self.pk}]"


class GalleryItem(models.Model):
    gallery = models.ForeignKey(
        Gallery,
        verbose_name=_("gallery"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="gallery_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image in the gallery")
        verbose_name_plural = _("images in the gallery")

    def __str__(self):
        return str(self.image)

    @property
    def shown_caption(self):
        return self.caption or self.image.caption


class Reference(models.Model):
    """One thing a post or page body shows (image, gallery or file), kept on save.

    "Where used" and delete protection read this table; any model with a body
    (posts, pages) writes it through library.usage.sync_references.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    image = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, related_name="references"
    )
    gallery = models.ForeignKey(
        Gallery, on_delete=models.PROTECT, null=True, related_name="references"
    )
    media = models.ForeignKey(
        MediaFile, on_delete=models.PROTECT, null=True, related_name="references"
    )

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(image__isnull=False, gallery=None, media=None)
                    | Q(image=None, gallery__isnull=False, media=None)
                    | Q(image=None, gallery=None, media__isnull=False)
                ),
                name="reference_names_one_thing",
            ),
            *(
                models.UniqueConstraint(
                    fields=["content_type", "object_id", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"reference_unique_{kind}",
                )
                for kind in ("image", "gallery", "media")
            ),
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id}"
