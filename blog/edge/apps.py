from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "blog.edge"
    label = "edge"
    verbose_name = "Edge cache"
    default_auto_field = "django.db.models.BigAutoField"
