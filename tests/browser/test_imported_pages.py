"""A reader follows old WordPress page links and finds the page, its child, its talk."""

import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

PAGES = Path(__file__).parent.parent / "blog" / "wxr" / "pages.xml"


def test_an_imported_page_with_its_child_and_comments(site, page, shot):
    call_command("import_wxr", str(PAGES), stdout=io.StringIO(), verbosity=0)
    page.goto(site.url + "/?page_id=22")  # WordPress's short link to "Team"
    assert page.url == site.url + "/about/team/"
    expect(page.locator("h1")).to_have_text("Team")
    child = page.get_by_role("link", name="Marat", exact=True)
    expect(child).to_be_visible()
    shot(page, "imported-page-with-child")
    child.click()
    assert page.url == site.url + "/about/team/marat/"
    expect(page.locator("h1")).to_have_text("Marat")
    expect(page.locator("#comments .comment")).to_have_count(3)
    expect(page.locator("#comments")).to_contain_text("Thank him from me.")
    shot(page, "imported-child-page-comments")
