"""Tag and series names in other languages, shown with posts in that language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from blog.languages import language_choices


class TagName(models.Model):
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="translated_names"
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("translated tag name")
        verbose_name_plural = _("translated tag names")
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "language"], name="unique_tag_name_per_language"
            )
        ]

    def __str__(self):
        return self.name


class SeriesName(models.Model):
    series = models.ForeignKey(
        "blog.Series", on_delete=models.CASCADE, related_name="translated_names"
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("translated series title")
        verbose_name_plural = _("translated series titles")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "language"], name="unique_series_title_per_language"
            )
        ]

    def __str__(self):
        return self.title
