from django.contrib import admin


class QueueFilter(admin.SimpleListFilter):
    """A status filter that opens on `default` (the moderation queue), not "All"."""

    parameter_name = "status"
    default = ""

    def current(self):
        return self.value() or self.default

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.current() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }


class ModerationQueueAdmin(admin.ModelAdmin):
    """A queue of what readers wrote: judged by bulk actions, never added or edited."""

    moderate_permission = ""  # e.g. "django_comments.can_moderate"

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm(self.moderate_permission)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop(
            "delete_selected", None
        )  # judging leaves a record; deleting does not
        return actions
