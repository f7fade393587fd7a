"""The Site row names the address served: sitemaps, feeds and comment permalinks."""

from django.apps import apps as global_apps
from django.conf import settings


def sync_site(sender=None, *, using="default", apps=global_apps, **kwargs) -> None:
    """After every migrate, give the Site SITE_DOMAIN and the blog's title."""
    Site = apps.get_model("sites", "Site")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.BLOG_TITLE},
    )
    global_apps.get_model("sites", "Site").objects.clear_cache()
