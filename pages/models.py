import html

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from blog.editor import EDITOR_EXTENSIONS
from blog.languages import language_choices, site_language
from blog.sanitize import sanitize_html
from library.usage import sync_references


class PageQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its time has come (as posts)."""
        return self.filter(
            status=Page.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def readable(self):
        """Published, and so is every ancestor: the pages readers can open."""
        hidden = Page.objects.exclude(
            status=Page.Status.PUBLISHED, published_at__lte=timezone.now()
        )
        text = models.CharField()
        under_hidden = hidden.annotate(
            page_path=ExpressionWrapper(OuterRef("path"), output_field=text)
        ).filter(page_path__startswith=Concat("path", Value("/"), output_field=text))
        return self.published().exclude(Exists(under_hidden))

    def published_or_scheduled(self):
        """Published now or later: lists split these (see pages.visibility)."""
        return self.filter(status=Page.Status.PUBLISHED)


class Page(models.Model):
    """A page outside the stream of posts ("About"), at a path from its parents."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The last part of the page's address."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a top-level page, such as “About”."),
    )
    # The whole address below the site, "about/team"; kept by save() so a page is
    # found, and two pages kept apart, by one unique column.
    path = models.CharField(_("address"), max_length=500, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="pages",
    )
    body = ProseEditorField(
        _("body"),
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A time in the future schedules the page."),
    )
    menu_order = models.IntegerField(
        _("menu order"),
        default=0,
        help_text=_("Lower numbers come first in navigation and page lists."),
    )
    show_in_navigation = models.BooleanField(
        _("show in navigation"),
        default=False,
        help_text=_("Top-level pages only: listed in the site's main navigation."),
    )
    allow_comments = models.BooleanField(_("allow comments"), default=False)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        default=site_language,
        blank=True,  # left out, as by older forms: the site's (save)
    )
    # Deleting a page deletes its revisions (revisions/) and its library references.
    revisions = GenericRelation("revisions.Revision")
    library_references = GenericRelation("library.Reference", related_query_name="page")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        indexes = [models.Index(fields=["parent", "menu_order"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        old_path = self.path
        self.derive_fields()
        super().save(*args, **kwargs)
        sync_references(self, self.body)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.path})

    def derive_fields(self):
        """What save() derives before writing (an import's bulk_create calls it)."""
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:100] or "page"
        self.body = sanitize_html(self.body)
        self.language = self.language or site_language()
        self.path = self.build_path()

    def build_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def _move_descendants(self, old_path: str) -> None:
        """The page moved: its descendants' addresses follow it."""
        moved = list(Page.objects.filter(path__startswith=f"{old_path}/"))
        for page in moved:
            page.path = self.path + page.path[len(old_path) :]
        Page.objects.bulk_update(moved, ["path"])

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestor_paths(self) -> list[str]:
        """The paths of this page's ancestors, top first ("about", "about/team")."""
        parts = self.path.split("/")
        return ["/".join(parts[:n]) for n in range(1, len(parts))]

    @property
    def summary(self) -> str:
        """The body's first words as plain text (descriptions, search results)."""
        return Truncator(html.unescape(strip_tags(self.body))).words(40, truncate=" …")

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED and self.published_at > timezone.now()
        )
