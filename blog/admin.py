from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blog.forms import PostAdminForm
from blog.languages.admin import SeriesNameInline
from blog.models import Post, Series
from revisions.admin import RevisionAdmin


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    inlines = [SeriesNameInline]
    list_display = ["title", "slug", "is_complete"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Post)
class PostAdmin(RevisionAdmin, admin.ModelAdmin):
    form = PostAdminForm
    list_display = [
        "title",
        "state",
        "published_at",
        "series",
        "series_part",
        "tag_list",
        "approved_comments",
    ]
    list_filter = ["status", "pinned", "language", "tags", "series"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["featured_image"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt", "tags"]}),
        (_("Language"), {"fields": ["language", "translation_of"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "pinned",
                    "password",
                    "allow_comments",
                ]
            },
        ),
        (_("Series"), {"fields": ["series", "series_part"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "featured_image_url", "featured_image_alt"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing().with_comment_count()

    def view_on_site(self, obj):
        # Drafts and scheduled posts have no public page yet: show the preview.
        return reverse("blog:preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return _("Scheduled")
        return obj.get_status_display()

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description=_("comments"), ordering="approved_comment_count")
    def approved_comments(self, obj):
        return obj.approved_comment_count


from blog.authors import admin as author_admin  # noqa: E402, F401  (registers it)
from blog.comments import admin as comment_admin  # noqa: E402, F401  (registers it)
from blog.languages import admin as language_admin  # noqa: E402, F401  (registers it)
