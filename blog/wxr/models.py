"""What an import remembers: which WordPress object became which Steppe object,
and the old addresses that must keep working."""

from django.db import models


class WordPressId(models.Model):
    """One object of one exported blog (its site address and WordPress ID)."""

    class Kind(models.TextChoices):
        POST = "post"
        COMMENT = "comment"
        AUTHOR = "author"
        PAGE = "page"

    site = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.BigIntegerField()
    object_id = models.BigIntegerField()

    class Meta:
        app_label = "blog"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="one_object_per_wordpress_id"
            )
        ]
        indexes = [models.Index(fields=["kind", "wp_id"])]

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
