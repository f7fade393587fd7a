from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pages.forms import PageAdminForm
from pages.models import Page
from revisions.admin import RevisionAdmin


@admin.register(Page)
class PageAdmin(RevisionAdmin, admin.ModelAdmin):
    form = PageAdminForm
    list_display = [
        "title",
        "address",
        "state",
        "published_at",
        "menu_order",
        "show_in_navigation",
        "allow_comments",
    ]
    list_filter = ["status", "show_in_navigation"]
    search_fields = ["title", "body", "path"]
    ordering = ["path"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "language", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "menu_order",
                    "show_in_navigation",
                    "allow_comments",
                ]
            },
        ),
    ]

    def view_on_site(self, obj):
        # Drafts and scheduled pages have no public address yet: show the preview.
        return reverse("pages:preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("address"), ordering="path")
    def address(self, obj):
        return f"/{obj.path}/"

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return _("Scheduled")
        return obj.get_status_display()
