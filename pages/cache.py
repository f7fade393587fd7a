"""What page writes change, as surrogate keys to purge (see blog.edge.surrogate).

- "pages": which pages exist, their titles, paths and order: the navigation on
  every page, breadcrumbs, child lists, the sitemap;
- "page:ID": one page's body and its approved comments.
"""

from django.db.models.signals import post_delete, post_save

from blog.edge import surrogate


def page_changed(sender, instance, raw=False, **kwargs):
    surrogate.bump("pages", f"page:{instance.pk}")


def connect() -> None:
    from pages.models import Page

    post_save.connect(page_changed, sender=Page, dispatch_uid="cache-page")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="cache-page-d")
