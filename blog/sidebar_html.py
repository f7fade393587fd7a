"""The sidebar's HTML, kept in the database until a write changes what it shows.

Every reader page shows the sidebar, and building it is the dearest part of a
page: two GROUP BY queries over every published post (months and series, tag
counts) that grow with the blog, and ~170 template rows. What it shows changes
only when a write bumps "posts" (blog.cache) or when a scheduled post goes
live, so it is the one fragment worth keeping (issue 15): one row per language,
read by primary key, shared by every process and host, and cleared by the same
bump that purges the edge's pages.

A reader who rendered it while a write was committing must not store what it
saw before the write: each row has a generation, which a bump increments, and a
render is stored only if the generation it read first is still the row's. The
rows exist before any reader renders (post_migrate), so a bump always finds
them: a row inserted by a reader could miss a bump still in flight.
"""

import math

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from blog.edge import surrogate

# What the sidebar shows, as the names a write bumps (blog.cache).
SHOWS = "posts"


class SidebarHTML(models.Model):
    language = models.CharField(_("language"), max_length=15, primary_key=True)
    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    html = models.TextField(_("HTML"), blank=True)
    # The next scheduled publication when it was rendered: it is stale from then.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        app_label = "blog"
        verbose_name = _("stored sidebar")
        verbose_name_plural = _("stored sidebars")

    def __str__(self):
        return self.language


def sidebar() -> str:
    """The sidebar in the current language: stored, or rendered and stored."""
    surrogate.depends_on(SHOWS)
    language = get_language() or settings.LANGUAGE_CODE
    row = None
    if settings.STEPPE_KEEP_SIDEBAR:
        row = (
            SidebarHTML.objects.filter(language=language)
            .values_list("generation", "html", "valid_until")
            .first()
        )
    if row is not None:
        generation, html, valid_until = row
        if html and (valid_until is None or timezone.now() < valid_until):
            _horizon_is(valid_until)  # a publish clears the row: still the next one
            return mark_safe(html)  # noqa: S308  rendered by the template below
    from blog.cache import next_publication
    from blog.sidebar import sidebar_context

    # Read before the posts: a post going live in between makes it stale at once.
    upcoming = next_publication()
    _horizon_is(upcoming)
    html = render_to_string("includes/sidebar.html", sidebar_context())
    if row is not None:  # a language with no row is built every time
        _store(language, generation, html, upcoming)
    return mark_safe(html)  # noqa: S308  autoescaped by the template


def _horizon_is(upcoming) -> None:
    """Tell the page's headers the next publication, read here anyway."""
    surrogate.horizon_is(upcoming.timestamp() if upcoming else math.inf)


def _store(language, generation, html, valid_until) -> None:
    """Keep this render unless a bump came since its generation was read.

    A row locked by a write still in progress (an import holds it until it
    commits) is skipped, not waited for: that write clears it anyway.
    """
    with transaction.atomic():
        mine = (
            SidebarHTML.objects.select_for_update(skip_locked=True)
            .filter(language=language, generation=generation)
            .values_list("pk", flat=True)
        )
        if mine.first() is not None:
            SidebarHTML.objects.filter(pk=language).update(
                html=html, valid_until=valid_until
            )


def forget(names) -> None:
    """A bump: clear every language's copy if the sidebar shows what changed."""
    if SHOWS in names:
        SidebarHTML.objects.update(html="", generation=F("generation") + 1)


def make_rows(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """One row for each language of the site (after migrate, and after a flush)."""
    if SidebarHTML._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the table
    codes = {code for code, _name in settings.LANGUAGES} | {settings.LANGUAGE_CODE}
    SidebarHTML.objects.using(using).bulk_create(
        [SidebarHTML(language=code) for code in sorted(codes)],
        ignore_conflicts=True,
    )
