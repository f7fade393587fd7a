from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    name = "revisions"
    default_auto_field = "django.db.models.BigAutoField"
