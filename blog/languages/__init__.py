"""The languages content is written in: the site's setting, and each post's own."""

from django.conf import settings

# PostgreSQL has no Kazakh stemmer: "simple" still finds exact word forms.
SEARCH_CONFIGS = {"en": "english", "ru": "russian", "kk": "simple"}
OG_LOCALES = {"en": "en_US", "ru": "ru_RU", "kk": "kk_KZ"}


def site_language() -> str:
    """The default language of new posts and pages: the site's."""
    return settings.LANGUAGE_CODE


def language_choices():
    return settings.LANGUAGES


def language_name(code: str) -> str:
    """A language's name in that language ("Русский"), as people look for it."""
    return dict(settings.LANGUAGES).get(code, code)


def og_locale(code: str) -> str:
    return OG_LOCALES.get(code, code)


def search_config(code: str) -> str:
    return SEARCH_CONFIGS.get(code, "simple")
