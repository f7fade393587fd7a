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


MOVING_IN = SAMPLE.parent / "moving_in.xml"
BLOCKS = SAMPLE.parent / "blocks.xml"


def test_code_comments_and_an_old_category_link(site, page, shot):
    call_command("import_wxr", str(MOVING_IN), stdout=io.StringIO(), verbosity=0)
    page.goto(site.url + "/category/travel/asia/")
    assert page.url.endswith("/tag/asia/")
    expect(page.locator("h1")).to_have_text("Posts tagged Asia")
    shot(page, "wordpress-3-old-category-link")
    page.get_by_role("link", name="Code from WordPress.com").first.click()
    code = page.locator("pre code.language-python")
    expect(code).to_contain_text('        if name < "m":')
    assert "\n    for name in names:\n" in code.inner_text()  # indentation kept
    comment = page.locator("#comments .comment-body")
    expect(comment.locator("blockquote cite")).to_have_text("long")
    expect(comment.locator("code")).to_have_text("x < y")
    expect(comment.get_by_role("link", name="ok")).to_have_attribute(
        "rel", "nofollow ugc"
    )
    assert comment.locator("script").count() == 0
    shot(page, "wordpress-4-code-and-comment")


def test_a_block_editor_post_reads_as_it_did(site, page, shot):
    call_command("import_wxr", str(BLOCKS), stdout=io.StringIO(), verbosity=0)
    page.goto(site.url + "/2024/05/06/every-block/")
    body = page.locator("article")
    expect(body.get_by_role("heading", name="A heading")).to_be_visible()
    expect(body.locator("figcaption").first).to_have_text("A yurt at dawn")
    expect(body.get_by_role("link", name="Join us")).to_be_visible()
    expect(body.locator("td").first).to_have_text("Cell")
    assert body.locator("p:empty").count() == 0
    shot(page, "wordpress-5-block-post")
