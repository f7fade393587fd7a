from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import blog.embeds  # noqa: F401  registers [embed], [youtube], …
        from blog import cache, search  # noqa: F401  search keeps its vectors current

        cache.connect()  # what readers see changed: the edge purges those pages
        from django.db.models.signals import post_migrate

        from blog.sites import sync_site

        # `make demo PORT=8300` after a first run on 8000: the links follow.
        post_migrate.connect(sync_site, sender=self)
        from blog import sidebar_html
        from blog.edge import surrogate

        post_migrate.connect(sidebar_html.make_rows, sender=self)
        surrogate.on_bump(sidebar_html.forget)
