"""What readers see of an author: a display name, a short bio (and a photo)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

BIO_MAX_LENGTH = 1000


class AuthorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("author"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How readers see your name; empty for your account's name."),
    )
    bio = models.TextField(
        _("short bio"),
        max_length=BIO_MAX_LENGTH,
        blank=True,
        help_text=_("Plain text, shown above your posts on your author page."),
    )
    photo = models.ForeignKey(
        "library.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; shown beside your bio."),
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self):
        return display_name(self.user)

    def get_absolute_url(self):
        return reverse("blog:author", args=[self.user.get_username()])


def display_name(user) -> str:
    """The profile's name, else the account's full name, else the username."""
    # A missing profile raises an AttributeError subclass; select_related caches it.
    profile = getattr(user, "author_profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_full_name() or user.get_username()
