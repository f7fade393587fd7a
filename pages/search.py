"""Pages in search results: PostgreSQL full text on the fly, SQLite substring.

Pages are few, so their vectors are computed per search rather than stored.
"""

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from blog.search import MARK_END, MARK_START, every_language_query, language_config
from pages.models import Page

MAX_RESULTS = 5
KIND = _("Page")


def _plain_body():
    return Func(
        F("body"),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def search_pages(q: str) -> list[Page]:
    """Pages readers can open that match q, best first, each marked as a page."""
    pages = Page.objects.readable()
    if connection.vendor != "postgresql":
        found = list(
            pages.filter(Q(title__icontains=q) | Q(body__icontains=q))[:MAX_RESULTS]
        )
    else:
        config = language_config()
        vector = SearchVector("title", weight="A", config=config) + SearchVector(
            _plain_body(), weight="D", config=config
        )
        query = every_language_query(q)
        found = list(
            pages.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .annotate(
                headline=SearchHeadline(
                    _plain_body(),
                    query,
                    config=config,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=40,
                    min_words=20,
                )
            )
            .order_by("-rank", "path")[:MAX_RESULTS]
        )
    for page in found:
        page.kind = KIND
        page.snippet = page.summary
    return found
