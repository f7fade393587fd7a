from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog import search
        from blog.comments import targets
        from blog.roles import EXTRA_ROLES
        from pages import cache, roles
        from pages.models import Page
        from pages.search import search_pages

        cache.connect()
        targets.register(Page, lambda: Page.objects.readable(), names=["pages"])
        search.EXTRA_SEARCHES.append(search_pages)
        # Merged, not assigned: surveys adds its permissions to the same groups.
        for group, perms in roles.BY_GROUP.items():
            EXTRA_ROLES[group] = EXTRA_ROLES.get(group, {}) | perms
