"""axe-core (WCAG 2.1 A and AA) finds nothing on any reader page, in each language."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.reader_pages import load_site

OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize(
    ("lang", "scheme"),
    [("en", "light"), ("en", "dark"), ("ru", "light"), ("kk", "light")],
)
def test_reader_pages_have_no_axe_violations(
    site, browser, settings, compiled_locale, lang, scheme
):
    # The live server's thread has no active language: it speaks the setting's.
    settings.LOCALE_PATHS = [compiled_locale]
    settings.LANGUAGE_CODE = lang
    # The pages a browser reaches by a link (a form's errors are checked as HTML).
    requests = [r for r in load_site(lang, settings) if r.data is None]
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    found = {}
    for request in requests:
        page.goto(site.url + request.url)
        results = axe.run(page, options=OPTIONS)
        if results.violations_count:
            found[f"{request.kind} ({request.url})"] = results.generate_report()
    context.close()
    assert len(requests) >= 20
    assert not found, "\n".join(f"{url}:\n{report}" for url, report in found.items())
