from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog.roles import EXTRA_ROLES
        from surveys import cache, roles, shortcodes  # noqa: F401  registers [survey_results]

        cache.connect()
        EXTRA_ROLES["Authors"] = roles.AUTHORS
        EXTRA_ROLES["Moderators"] = roles.MODERATORS
