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
