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


class CommentHTML(models.Model):
    """A comment's body as HTML and its author's link, derived on save.

    xtd's comment model is the library's, so the derived fields live beside it;
    blog.comments.html says why, and when a page trusts them.
    """

    comment = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, primary_key=True, related_name="html"
    )
    source = models.CharField(max_length=32)  # digest of text, link and origin
    body = models.TextField()
    website = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"HTML of comment {self.comment_id}"


def _derive_html(sender, instance, raw=False, **kwargs):
    # The library offers no hook but the signal: its model's save() is not ours.
    if not raw:
        from blog.comments.html import store

        store([instance.pk])


models.signals.post_save.connect(
    _derive_html, sender=XtdComment, dispatch_uid="comment-html"
)
