"""The reader pages in Russian and Kazakh, in a real browser, checked by axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from blog.models import Post

OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
NAVIGATION = {
    "ru": ["Главная", "Серии", "Метки", "Опросы"],
    "kk": ["Басты бет", "Топтамалар", "Тегтер", "Сауалнамалар"],
    "en": ["Home", "Series", "Tags", "Surveys"],
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_home_and_a_series_post_in_the_site_language(
    site,
    page,
    shot,
    settings,
    compiled_locale,
    lang,  # noqa: F811
):
    # The live server's thread has no active language: it speaks the setting's.
    settings.LOCALE_PATHS = [compiled_locale]
    settings.LANGUAGE_CODE = lang
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(site.url + "/")
    nav = page.get_by_role("navigation").first.inner_text()
    for word in NAVIGATION[lang]:
        assert word in nav
    shot(page, f"home-{lang}")
    axe = Axe()
    found = {}
    results = axe.run(page, options=OPTIONS)
    if results.violations_count:
        found["/"] = results.generate_report()
    part = Post.objects.filter(series__isnull=False).order_by("series_part").first()
    page.goto(site.url + part.get_absolute_url())
    shot(page, f"post-{lang}")
    results = axe.run(page, options=OPTIONS)
    if results.violations_count:
        found[part.get_absolute_url()] = results.generate_report()
    assert not found, "\n".join(f"{url}:\n{report}" for url, report in found.items())
