import html
import math

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from blog.images import delete_files, save_featured_image, validate_image_upload
from blog.numerals import roman
from blog.sanitize import sanitize_html

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "Code": True,
    "CodeBlock": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": True,
}

# A short post is shown whole in listings; a longer one by its excerpt.
SHORT_POST_WORDS = 150
EXCERPT_WORDS = 55
WORDS_PER_MINUTE = 200


class Series(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    is_complete = models.BooleanField(
        default=False,
        help_text=_("A complete series labels its last part “Final Part N”."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:series_detail", args=[self.slug])


def published_tag_counts():
    """Tags that have published posts, each with `post_count`."""
    from taggit.models import Tag

    published = Q(blog_taggedpost_items__content_object__in=Post.objects.published())
    return Tag.objects.annotate(
        post_count=Count("blog_taggedpost_items", filter=published)
    ).filter(post_count__gt=0)


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
        approved = (
            XtdComment.objects.filter(
                content_type__app_label="blog",
                content_type__model="post",
                object_pk=Cast(OuterRef("pk"), models.CharField()),
                is_public=True,
                is_removed=False,
            )
            .order_by()
            .values("content_type")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(approved_comment_count=Coalesce(Subquery(approved), 0))

    def with_series_last_part(self):
        last = (
            Post.objects.filter(series=OuterRef("series"))
            .order_by("-series_part")
            .values("series_part")[:1]
        )
        return self.annotate(series_last_part=Subquery(last))

    def for_listing(self):
        return (
            self.select_related("author", "author__author_profile", "series")
            .prefetch_related("tags")
            .with_comment_count()
            .with_series_last_part()
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body = ProseEditorField(
        config={"extensions": EDITOR_EXTENSIONS}, sanitize=sanitize_html, blank=True
    )
    excerpt = models.TextField(
        blank=True,
        help_text=_("Optional; otherwise taken from the start of the body."),
    )
    featured_image = models.ImageField(
        upload_to="posts/%Y/", blank=True, validators=[validate_image_upload]
    )
    featured_image_url = models.URLField(
        _("image address"),
        max_length=500,
        blank=True,
        help_text=_(
            "An image kept elsewhere (an import without its files); "
            "an uploaded image replaces it."
        ),
    )
    featured_image_alt = models.CharField(
        _("image description"), max_length=255, blank=True
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        help_text=_("A time in the future schedules the post."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    series_part = models.PositiveSmallIntegerField(null=True, blank=True)
    allow_comments = models.BooleanField(default=True)
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
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    # Weighted title > tags > excerpt > body; written by blog.search (PostgreSQL).
    search_vector = SearchVectorField(null=True, editable=False)
    tags = TaggableManager(through=TaggedPost, blank=True)
    # Deleting a post deletes its revisions (revisions/).
    revisions = GenericRelation("revisions.Revision")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]
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
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:255] or "post"
        self.body = sanitize_html(self.body)
        self.reading_minutes = max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))
        stored = []
        if self.featured_image and not self.featured_image._committed:
            save_featured_image(self)
            stored = self.image_renditions["widths"].values()
        try:
            super().save(*args, **kwargs)
        except Exception:
            delete_files(self.featured_image.storage, stored)  # no orphaned files
            raise

    def get_absolute_url(self):
        day = timezone.localtime(self.published_at)
        return reverse(
            "blog:post_detail",
            kwargs={
                "year": day.year,
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

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
        return len(strip_tags(self.body).split())

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
        if self.excerpt:
            return self.excerpt
        text = html.unescape(strip_tags(self.body))
        return Truncator(text).words(EXCERPT_WORDS, truncate=" …")

    @property
    def image_url(self):
        """The featured image: uploaded, or kept at its imported address."""
        if self.featured_image:
            return self.featured_image.url
        return self.featured_image_url

    @property
    def srcset(self):
        widths = self.image_renditions.get("widths", {})
        storage = self.featured_image.storage
        return ", ".join(
            f"{storage.url(name)} {width}w"
            for width, name in sorted(widths.items(), key=lambda item: int(item[0]))
        )


class SearchWord(models.Model):
    """Every word the posts use, so a misspelt search term can be corrected."""

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self):
        return self.word


from blog.authors.models import AuthorProfile  # noqa: E402, F401  (app models)
from blog.comments.models import CommentModeration  # noqa: E402, F401  (app models)
from blog.limits import Allowance  # noqa: E402, F401  (app models)
from blog.wxr.models import Redirect, WordPressId  # noqa: E402, F401  (app models)
