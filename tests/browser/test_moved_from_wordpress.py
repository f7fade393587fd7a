"""A reader with an old WordPress link lands on the imported post."""

import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

SAMPLE = Path(__file__).parent.parent / "blog" / "wxr" / "sample.xml"


def test_old_links_land_on_the_imported_post(site, page, shot):
    call_command("import_wxr", str(SAMPLE), "--detect-series", stdout=io.StringIO(),
                 verbosity=0)  # fmt: skip
    for old in ("/2010/11/expats-impressions-part-i/", "/?p=10"):
        page.goto(site.url + old)
        assert "/2010/11/20/expats-impressions-part-i/" in page.url
        expect(page.locator("h1")).to_contain_text("(Part I)")
    expect(page.locator(".series-line")).to_contain_text("Part I of")
    expect(page.locator("figure figcaption")).to_have_text("The steppe near Kapchagay")
    expect(page.locator("#comments .comment")).to_have_count(4)
    shot(page, "wordpress-1-imported-post")
    page.get_by_role("link", name="Казахстан", exact=True).click()
    expect(page.locator("h1")).to_have_text("Posts tagged Казахстан")
    shot(page, "wordpress-2-cyrillic-tag")
