"""A post's language in WordPress exports, as Polylang writes it: a "language" term."""

from urllib.parse import unquote

from django.conf import settings

DOMAIN = "language"


def language_from_categories(categories: list[dict]) -> str:
    """The Polylang language of an item ("ru"), or "" for the site's."""
    known = dict(settings.LANGUAGES)
    for category in categories:
        if category.get("domain") == DOMAIN:
            code = unquote(category.get("nicename", "")).strip().lower()
            if code in known:
                return code
    return ""
