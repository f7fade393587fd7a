"""What an import remembers: which WordPress object became which Steppe object,
and the old addresses that must keep working."""

from django.conf import settings
from django.db import models


class WordPressId(models.Model):
    """One object of one exported blog (its site address and WordPress ID)."""

    class Kind(models.TextChoices):
        POST = "post"
        COMMENT = "comment"
        AUTHOR = "author"
        PAGE = "page"
        # Attachments: a library image, or an audio, video or other file.
        IMAGE = "image"
        MEDIA = "media"

    site = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.BigIntegerField()
    object_id = models.BigIntegerField()
    # A comment first posted on Steppe (plain text) that came back through an
    # export: it is shown as plain text again, not as WordPress's HTML.
    plain_text = models.BooleanField(default=False)

    class Meta:
        app_label = "blog"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="one_object_per_wordpress_id"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "wp_id"]),
            # Comment pages ask which of their comments came from WordPress.
            models.Index(fields=["kind", "object_id"]),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id}"


class PageRedirect(models.Model):
    """A page's old address (from an import), answered with a 301 to its new one."""

    old_path = models.CharField(max_length=500, unique=True)
    page = models.ForeignKey("pages.Page", on_delete=models.CASCADE, related_name="+")

    class Meta:
        app_label = "blog"

    def __str__(self):
        return self.old_path


class Redirect(models.Model):
    """An imported post's old address, answered with a 301 to its new one."""

    old_path = models.CharField(max_length=500, unique=True)
    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="+")

    class Meta:
        app_label = "blog"

    def __str__(self):
        return self.old_path


class WordPressTerm(models.Model):
    """A category, tag or post format of one exported blog, and the tag it became.

    WordPress tells terms apart by taxonomy and slug (two categories may share a
    name); the parent keeps the category tree, and `path` ("travel/asia") answers
    the old /category/travel/asia/ address.
    """

    class Taxonomy(models.TextChoices):
        CATEGORY = "category"
        TAG = "post_tag"
        FORMAT = "post_format"

    site = models.CharField(max_length=200)
    taxonomy = models.CharField(max_length=20, choices=Taxonomy.choices)
    slug = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")

    class Meta:
        app_label = "blog"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "taxonomy", "slug"], name="one_tag_per_wordpress_term"
            )
        ]
        indexes = [models.Index(fields=["taxonomy", "path"])]

    def __str__(self):
        return f"{self.site} {self.taxonomy} {self.path or self.slug}"


class WordPressAuthor(models.Model):
    """An exported author's login (their old /author/<login>/ address) and user."""

    site = models.CharField(max_length=200)
    login = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        app_label = "blog"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "login"], name="one_user_per_wordpress_login"
            )
        ]
        indexes = [models.Index(fields=["login"])]

    def __str__(self):
        return f"{self.site} {self.login}"
