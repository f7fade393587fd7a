from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from blog.comments.tree import approved
from blog.derived import SHORT_POST_WORDS, derived_text
from blog.editor import EDITOR_EXTENSIONS
from blog.languages import language_choices, site_language
from blog.languages.translations import validate_translation
from blog.numerals import roman
from blog.sanitize import sanitize_html
from blog.urlfill import url_filler
from library.usage import sync_references


class Series(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    is_complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_("A complete series labels its last part “Final Part N”."),
    )

    class Meta:
        verbose_name = _("series")
        ordering = ["title"]
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:series_detail", args=[self.slug])


def published_tag_counts():
    """Tags that have published posts, each with `post_count`."""
    from taggit.models import Tag

    # Filter, then count: a join of the tagged published posts, grouped by tag,
    # instead of counting a filtered subquery for every tag there is.
    return Tag.objects.filter(
        blog_taggedpost_items__content_object__in=Post.objects.published()
    ).annotate(post_count=Count("blog_taggedpost_items"))


class TaggedPost(TaggedItemBase):
    """A real foreign key to Post, so tag queries join instead of matching ids."""

    content_object = models.ForeignKey("Post", on_delete=models.CASCADE)


class PostQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its time has come (no cron needed)."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def with_comment_count(self):
        counts = (
            approved(XtdComment.objects)
            .filter(
                content_type__app_label="blog",
                content_type__model="post",
                object_pk=Cast(OuterRef("pk"), models.CharField()),
            )
            .order_by()
            .values("content_type")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(approved_comment_count=Coalesce(Subquery(counts), 0))

    def with_series_last_part(self):
        last = (
            Post.objects.filter(series=OuterRef("series"))
            .order_by("-series_part")
            .values("series_part")[:1]
        )
        return self.annotate(series_last_part=Subquery(last))

    def for_listing(self):
        """Posts with what a listing shows of them: author, series and image
        joined, series' last parts ("Final Part VI") in the same query; tags and
        comment counts read for the rows fetched, one query each (blog.listing)."""
        clone = self.select_related(
            "author", "author__author_profile", "series", "featured_image"
        ).with_series_last_part()
        clone._for_listing = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._for_listing = getattr(self, "_for_listing", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        rows = self._result_cache
        # Model rows only, not values() or dates().
        if getattr(self, "_for_listing", False) and not fetched and rows:
            from blog.listing import attach

            if isinstance(rows[0], Post):
                attach(rows)


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, allow_unicode=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    body = ProseEditorField(
        _("body"),
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        blank=True,
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Optional; otherwise taken from the start of the body."),
    )
    featured_image = models.ForeignKey(
        "library.Image",
        verbose_name=_("featured image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="featured_in",
        help_text=_("An image from the library; it brings its own alt text."),
    )
    featured_image_url = models.URLField(
        _("image address"),
        max_length=500,
        blank=True,
        help_text=_(
            "An image kept elsewhere (an import without its files); "
            "a library image replaces it."
        ),
    )
    featured_image_alt = models.CharField(
        _("description of the image at that address"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A time in the future schedules the post."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    series_part = models.PositiveSmallIntegerField(
        _("part number"), null=True, blank=True
    )
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    # WordPress's "sticky": first on the home page's first page.
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Pinned posts come first on the home page's first page."),
    )
    # Kept as written, as WordPress does: authors read it back, imports carry it.
    password = models.CharField(
        _("password"),
        max_length=255,
        blank=True,
        help_text=_("Readers must give it to read the post; empty for everyone."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        default=site_language,
        blank=True,  # left out, as by older forms and imports: the site's (save)
    )
    # Flat groups, as Polylang's: every translation points at the original.
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        limit_choices_to={"translation_of__isnull": True},
        help_text=_("The original post, if this one is its translation."),
    )
    # Derived from body and excerpt in save(), so no page strips HTML to show them.
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )
    body_words = models.PositiveIntegerField(_("words"), default=0, editable=False)
    summary_text = models.TextField(_("summary"), blank=True, editable=False)
    # Weighted title > tags > excerpt > body; written by blog.search (PostgreSQL).
    search_vector = SearchVectorField(null=True, editable=False)
    tags = TaggableManager(through=TaggedPost, blank=True)
    # Deleting a post deletes its revisions (revisions/).
    revisions = GenericRelation("revisions.Revision")
    # What the body shows from the library; deleted with the post.
    library_references = GenericRelation("library.Reference", related_query_name="post")

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # The home page looks for pinned posts on every render: a few rows.
            models.Index(
                fields=["-published_at"],
                condition=Q(pinned=True),
                name="blog_post_pinned",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "series_part"], name="unique_series_part"
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | Q(series_part__isnull=False),
                name="series_needs_part",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)
        sync_references(self, self.body, images=[self.featured_image_id])

    def get_absolute_url(self):
        # A listing asks three times a post (title, read more, comments): filled
        # once per slug and date, the inputs of the address.
        inputs = (self.slug, self.published_at)
        if getattr(self, "_url_inputs", None) != inputs:
            day = timezone.localtime(self.published_at)
            fill = url_filler("blog:post_detail", 9876, 98, 97, "post-slug-marker")
            self._url = fill(
                f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}", self.slug
            )
            self._url_inputs = inputs
        return self._url

    def clean(self):
        validate_translation(self)

    def derive_fields(self):
        """What save() derives before writing (an import's bulk_create calls it)."""
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:255] or "post"
        self.body = sanitize_html(self.body)
        self.language = self.language or site_language()
        for name, value in derived_text(
            self.body, self.excerpt, self.is_protected
        ).items():
            setattr(self, name, value)

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

    @property
    def part_label(self):
        """'Part IV', or 'Final Part VI' for the last part of a complete series."""
        if not self.series_id or not self.series_part:
            return ""
        number = {"number": roman(self.series_part)}
        last = getattr(self, "series_last_part", None)
        if last is None:
            last = self.series.posts.aggregate(m=models.Max("series_part"))["m"]
        if self.series.is_complete and self.series_part == last:
            return gettext("Final Part %(number)s") % number
        return gettext("Part %(number)s") % number

    @property
    def word_count(self):
        return self.body_words

    @property
    def is_protected(self):
        return bool(self.password)

    @property
    def is_short(self):
        if self.is_protected:  # a short post shows its body in listings
            return False
        return not self.excerpt and self.word_count <= SHORT_POST_WORDS

    @property
    def summary(self):
        """Plain-text excerpt: the author's, or the body's first words."""
        if self.is_protected:  # feeds, meta tags and listings all read this
            return gettext("There is no excerpt because this is a protected post.")
        return self.summary_text

    @property
    def image_url(self):
        """The featured image: from the library, or kept at its imported address."""
        if self.featured_image:
            return self.featured_image.url
        return self.featured_image_url

    @property
    def image_alt(self):
        if self.featured_image:
            return self.featured_image.alt_text
        return self.featured_image_alt


class SearchWord(models.Model):
    """Every word the posts use, so a misspelt search term can be corrected."""

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self):
        return self.word


from blog.authors.models import AuthorProfile  # noqa: E402, F401  (app models)
from blog.comments.models import CommentModeration  # noqa: E402, F401  (app models)
from blog.languages.models import SeriesName, TagName  # noqa: E402, F401  (app models)
from blog.limits import Allowance  # noqa: E402, F401  (app models)
from blog.sidebar_html import SidebarHTML  # noqa: E402, F401  (app models)
from blog.wxr.models import (  # noqa: E402, F401  (app models)
    Redirect,
    WordPressAuthor,
    WordPressId,
    WordPressTerm,
)
