"""Which pages readers see now, and when that changes by itself.

Lists read published pages, scheduled ones included, and keep those whose time
has come; the first scheduled one ends the cached list's life at its time, so a
scheduled page appears on time with no cron job and no extra query.
"""

from collections.abc import Iterable

from django.utils import timezone

from blog.edge import surrogate
from pages.models import Page


def shown_now(pages: Iterable[Page]) -> list[Page]:
    """Those of these published or scheduled pages that readers see now."""
    now = timezone.now()
    shown, upcoming = [], []
    for page in pages:
        if page.status != Page.Status.PUBLISHED:
            continue
        (shown if page.published_at <= now else upcoming).append(page)
    if upcoming:
        surrogate.expires_at(min(page.published_at for page in upcoming).timestamp())
    return shown


def reachable(pages: Iterable[Page]) -> list[Page]:
    """Those of these pages that readers see now, their ancestors included in pages.

    A published page under a draft or scheduled parent has no public address yet.
    """
    pages = list(pages)
    shown = {page.path for page in shown_now(pages)}
    return [
        page
        for page in pages
        if page.path in shown and all(path in shown for path in page.ancestor_paths())
    ]


def readable_pages() -> list[Page]:
    """Every page readers can open now, in path order (one query)."""
    return reachable(Page.objects.order_by("path"))
