"""A reader moves between a post and its translation; the site in each language."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from blog.languages.demo import ORIGINAL_SLUG, SLUG
from blog.models import Post

AXE = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def demo(site):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Post.objects.get(slug=ORIGINAL_SLUG), Post.objects.get(slug=SLUG)


def test_reader_reads_the_russian_translation_and_comes_back(site, page, shot, demo):
    original, russian = demo
    page.goto(site.url + original.get_absolute_url())
    also_in = page.locator(".also-in")
    expect(also_in).to_contain_text("Also in:")
    link = also_in.get_by_role("link", name="Русский")
    expect(link).to_have_attribute("hreflang", "ru")
    expect(link).to_have_attribute("lang", "ru")
    alternates = page.locator('head link[rel="alternate"][hreflang]')
    expect(alternates).to_have_count(3)  # en, ru and x-default
    shot(page, "h11-1-original-also-in-russian")

    link.focus()  # reachable by keyboard, with a visible focus ring
    page.keyboard.press("Enter")
    expect(page.locator("article.post")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_contain_text("Смелые истории уже рассказаны")
    expect(page.locator(".post-tags")).to_contain_text("ОБСЕ")
    expect(page.locator(".post-tags")).to_contain_text("торговля людьми")
    assert page.url == site.url + russian.get_absolute_url()
    assert "/2011/02/21/" in page.url  # its Cyrillic slug is percent-encoded
    shot(page, "h11-2-russian-translation")

    page.locator(".also-in").get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_contain_text("Brave Stories already told")
    assert page.url == site.url + original.get_absolute_url()

    axe = Axe()
    for post in demo:
        page.goto(site.url + post.get_absolute_url())
        results = axe.run(page, options=AXE)
        assert not results.violations_count, results.generate_report()


@pytest.mark.parametrize(
    "code, date",
    [
        ("en", "February 19, 2011"),
        ("ru", "19 февраля 2011 г."),
        ("kk", "2011 ж. 19 ақпан"),
    ],
)
def test_home_page_in_each_site_language(site, page, shot, demo, settings, code, date):
    settings.LANGUAGE_CODE = code
    page.goto(site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("time").filter(has_text=date)).to_have_count(1)
    russian_title = page.locator("h2.post-title", has_text="Смелые истории")
    if code == "ru":
        expect(russian_title).not_to_have_attribute("lang", "ru")
    else:
        expect(russian_title).to_have_attribute("lang", "ru")
    shot(page, f"h11-3-home-{code}")


def test_author_links_a_new_translation_to_its_original(site, page, shot, demo):
    from tests.factories import UserFactory

    original, russian = demo
    UserFactory(username="aigerim", password="aigerim-writes-2011", group="Authors")
    page.goto(site.url + "/admin/blog/post/add/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", "aigerim-writes-2011")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Add post")
    page.locator("#id_title").press_sequentially("Батыл әңгімелер")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("ЕҚЫҰ баяндамасы туралы.")
    page.select_option("#id_status", "published")
    page.get_by_label("Language:").select_option("kk")
    choices = page.locator("#id_translation_of option")
    expect(choices.filter(has_text=russian.title)).to_have_count(0)  # originals only
    page.get_by_label("Translation of:").select_option(label=original.title)
    shot(page, "h11-4-admin-translation-of")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    kazakh = Post.objects.get(title="Батыл әңгімелер")
    assert kazakh.language == "kk" and kazakh.translation_of == original
    page.goto(site.url + russian.get_absolute_url())
    also_in = page.locator(".also-in")
    expect(also_in.get_by_role("link", name="English")).to_be_visible()
    expect(also_in.get_by_role("link", name="Қазақша")).to_have_attribute(
        "hreflang", "kk"
    )
    expect(page.locator('head link[rel="alternate"][hreflang]')).to_have_count(4)
    shot(page, "h11-5-russian-also-in-two")
