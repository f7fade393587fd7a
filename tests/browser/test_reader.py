import re

from django.core.management import call_command
from playwright.sync_api import expect


def test_reader_browses_tag_series_and_permalink(site, page, shot):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(site.url + "/")
    expect(page.locator("h2.post-title")).to_have_count(
        5
    )  # the seed and its Russian translation
    expect(page.get_by_text("Comments (1) »")).to_be_visible()
    shot(page, "reader-1-home")

    page.locator(".post-tags a", has_text="OSCE").first.click()
    expect(page.locator("h1")).to_have_text("Posts tagged OSCE")
    shot(page, "reader-2-tag-osce")

    page.get_by_role("link", name=re.compile("Courage Needed")).first.click()
    expect(page.locator("h1")).to_contain_text("Courage Needed")
    expect(page.locator(".series-line")).to_contain_text("Part IV of")
    shot(page, "reader-3-part-iv")

    page.get_by_role("link", name=re.compile("Previous: Part II")).click()
    expect(page.locator("h1")).to_contain_text("Collaborative Force")
    assert re.search(r"/2010/12/\d\d/collaborative-force", page.url)
    page.get_by_role("link", name=re.compile("Next: Part IV")).click()
    expect(page.locator("h1")).to_contain_text("Courage Needed")

    page.locator(".series-line a").click()
    expect(page.locator("h1")).to_have_text("Student essays on human trafficking")
    expect(page.locator(".series-parts li")).to_have_count(2)
    shot(page, "reader-4-series")

    page.goto(site.url + "/")
    page.get_by_role("link", name="Comments (1) »").click()
    assert page.url.endswith("#comments")
    expect(page.locator("#comments .comment")).to_have_count(1)
    expect(page.locator(".featured-image img")).to_have_attribute(
        "srcset", re.compile(r"480w")
    )
    shot(page, "reader-5-final-part-vi")


def test_keyboard_user_skips_to_content_and_sees_focus(site, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    top = skip.evaluate("el => el.getBoundingClientRect().top")
    assert outline != "none" and top >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_small_screen_and_dark_scheme(site, browser, shot):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, color_scheme="dark"
    )
    page = context.new_page()
    page.goto(site.url + "/tag/osce/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing forces sideways scrolling
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 25, 29)"
    shot(page, "reader-6-mobile-dark")
    context.close()
