from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Media library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog.roles import EXTRA_ROLES
        from blog.shortcodes import register
        from library import cache, render, roles
        from library.usage import library_images_missing
        from revisions.diff import register_checker

        register("gallery", render.gallery_shortcode)
        register("audio", render.audio_shortcode)
        register("video", render.video_shortcode)
        cache.connect()
        register_checker(library_images_missing)  # an old revision's deleted image
        for group, perms in roles.ROLES.items():
            EXTRA_ROLES.setdefault(group, {}).update(perms)
