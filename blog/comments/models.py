from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


class CommentModeration(models.Model):
    """Why a comment is held, approved, spam or removed, and who decided it."""

    class Verdict(models.TextChoices):
        HELD = "held", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    comment = models.OneToOneField(
        XtdComment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="moderation",
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        indexes = [models.Index(fields=["verdict"])]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.reason or 'no reason'}"
