"""The top-level pages in the site's main navigation, in one query."""

from blog.edge import surrogate
from pages.models import Page
from pages.visibility import shown_now


def navigation_links() -> list[tuple[str, str]]:
    """(title, address) of the pages in the main navigation, in menu order."""
    surrogate.depends_on("pages")
    pages = (
        Page.objects.published_or_scheduled()
        .filter(parent=None, show_in_navigation=True)
        .only("title", "path", "status", "published_at")
    )
    return [(page.title, page.get_absolute_url()) for page in shown_now(pages)]
