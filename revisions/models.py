"""Revisions of anything authors write (posts, pages): a copy of its text per save."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def of(self, obj):
        """The revisions of one object, newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("-created_at", "-pk")

    def saved(self):
        """Versions that were the object's text at some time (not autosaves)."""
        return self.exclude(kind=Revision.Kind.AUTOSAVE)


class Revision(models.Model):
    class Kind(models.TextChoices):
        SAVE = "save", _("Saved")
        RESTORE = "restore", _("Restored")
        AUTOSAVE = "autosave", _("Autosave")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE
    )
    # Text, like django_comments' object_pk, so any model's key fits; empty for the
    # autosave of something not saved yet (an author's unsaved new post).
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SAVE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("saved at"), default=timezone.now, db_index=True
    )
    title = models.TextField(_("title"), blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    body = models.TextField(_("body"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"],
                name="revision_object_newest",
            )
        ]
        constraints = [
            # One autosave per author and object: two tabs update the same row.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"],
                condition=models.Q(kind="autosave"),
                name="one_autosave_per_author",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
