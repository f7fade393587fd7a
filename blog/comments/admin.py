"""The moderator's queue: opens on what awaits moderation; POST-only bulk actions."""

from django.apps import apps
from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_comments_xtd.models import XtdComment

from blog.comments import services
from blog.comments.defences import link_count
from blog.comments.models import CommentModeration
from blog.comments.tree import approved, is_approved
from blog.moderation_admin import ModerationQueueAdmin, QueueFilter

AWAITING = "held"


class StatusFilter(QueueFilter):
    title = _("status")
    default = AWAITING

    def lookups(self, request, model_admin):
        return [
            (AWAITING, _("Awaiting moderation")),
            ("approved", _("Approved")),
            ("spam", _("Spam")),
            ("removed", _("Removed")),
            ("all", _("All")),
        ]

    def queryset(self, request, queryset):
        spam = {"moderation__verdict": CommentModeration.Verdict.SPAM}
        match self.current():
            case "held":
                return queryset.filter(is_public=False, is_removed=False)
            case "approved":
                return approved(queryset)
            case "spam":
                return queryset.filter(is_removed=True, **spam)
            case "removed":
                return queryset.filter(is_removed=True).exclude(**spam)
        return queryset


admin.site.unregister(XtdComment)

# What admin calls the library's model and app ("Xtd comments" under "Comments
# Xtd"). Only the names shown change: migrations read Meta's original_attrs.
XtdComment._meta.verbose_name = _("comment")
XtdComment._meta.verbose_name_plural = _("comments")
apps.get_app_config("django_comments_xtd").verbose_name = _("Comments")

TITLES = {
    AWAITING: _("Comments awaiting moderation"),
    "approved": _("Approved comments"),
    "spam": _("Comments marked as spam"),
    "removed": _("Removed comments"),
    "all": _("All comments"),
}


@admin.register(XtdComment)
class CommentAdmin(ModerationQueueAdmin):
    list_display = [
        "excerpt",
        "post",
        "user_name",
        "user_email",
        "ip_address",
        "links",
        "reply_to",
        "submit_date",
        "status",
    ]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter]
    search_fields = ["user_name", "user_email", "comment"]
    date_hierarchy = "submit_date"
    ordering = ["-submit_date"]
    actions = ["approve", "spam", "remove"]
    moderate_permission = "django_comments.can_moderate"
    fields = [
        "user_name",
        "user_email",
        "user_url",
        "ip_address",
        "submit_date",
        "comment",
        "status",
        "reason",
        "decided",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        parent = XtdComment.norel_objects.filter(pk=OuterRef("parent_id")).exclude(
            pk=OuterRef("pk")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("moderation", "moderation__decided_by")
            .prefetch_related("content_object")
            .annotate(
                parent_name=Subquery(parent.values("user_name")[:1]),
                parent_text=Subquery(parent.values(text=Substr("comment", 1, 80))[:1]),
            )
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def changelist_view(self, request, extra_context=None):
        status = request.GET.get(StatusFilter.parameter_name) or AWAITING
        title = TITLES.get(status, TITLES["all"])
        context = {"title": title} | (extra_context or {})
        return super().changelist_view(request, context)

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.comment).chars(120)

    @admin.display(description=_("links"))
    def links(self, obj):
        return link_count(obj.comment)

    @admin.display(description=_("reply to"))
    def reply_to(self, obj):
        if not obj.parent_name:
            return "—"
        return f"{obj.parent_name}: {Truncator(obj.parent_text).chars(60)}"

    @admin.display(description=_("post"))
    def post(self, obj):
        return obj.content_object

    @admin.display(description=_("status"))
    def status(self, obj):
        if is_approved(obj):
            return _("Approved")
        moderation = getattr(obj, "moderation", None)
        if obj.is_removed:
            return moderation.get_verdict_display() if moderation else _("Removed")
        return _("Awaiting moderation")

    @admin.display(description=_("why held or flagged"))
    def reason(self, obj):
        moderation = getattr(obj, "moderation", None)
        return moderation.reason if moderation else ""

    @admin.display(description=_("decided"))
    def decided(self, obj):
        moderation = getattr(obj, "moderation", None)
        if not moderation or not moderation.decided_by:
            return "—"
        return _("%(moderator)s on %(when)s") % {
            "moderator": moderation.decided_by,
            "when": f"{moderation.decided_at:%Y-%m-%d %H:%M}",
        }

    def _act(self, request, queryset, service, verb, done):
        """Apply a service; the log keeps the verb, the moderator reads `done`."""
        comments = list(queryset)
        count = service(comments=queryset, moderator=request.user)
        for comment in comments:
            self.log_change(request, comment, verb)
        self.message_user(request, done(count) % {"count": count})

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._act(
            request,
            queryset,
            services.approve_comments,
            "Approved",
            lambda n: ngettext(
                "Approved %(count)d comment.", "Approved %(count)d comments.", n
            ),
        )

    @admin.action(
        description=_("Mark selected comments as spam"), permissions=["moderate"]
    )
    def spam(self, request, queryset):
        self._act(
            request,
            queryset,
            services.mark_spam,
            "Marked as spam",
            lambda n: ngettext(
                "Marked as spam %(count)d comment.",
                "Marked as spam %(count)d comments.",
                n,
            ),
        )

    @admin.action(description=_("Remove selected comments"), permissions=["moderate"])
    def remove(self, request, queryset):
        self._act(
            request,
            queryset,
            services.remove_comments,
            "Removed",
            lambda n: ngettext(
                "Removed %(count)d comment.", "Removed %(count)d comments.", n
            ),
        )
