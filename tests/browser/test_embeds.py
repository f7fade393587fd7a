"""A reader meets embed cards: nothing leaves for the provider until they click."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import OPTIONS
from tests.factories import PostFactory

BODY = (
    "<p>Three things from the steppe this week.</p>"
    "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5</p>"
    '<p><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></p>'
    "<p>[tweet https://x.com/astana_times/status/1234567890]</p>"
    "<p>https://soundcloud.com/forss/flickermood</p>"
    "<p>[embed]https://www.instagram.com/p/CxYz123AbC/[/embed]</p>"
    "<p>https://example.org/2010/essay/</p>"
    "<p>And a link in a sentence: https://youtu.be/dQw4w9WgXcQ stays a link.</p>"
)


@pytest.fixture
def post():
    return PostFactory(title="Sounds of the steppe", body=BODY)


def test_cards_load_nothing_from_providers_until_the_reader_clicks(
    site, page, shot, post
):
    ours = urlsplit(site.url).netloc
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url + post.get_absolute_url())
    page.wait_for_load_state("networkidle")

    cards = page.locator("figure.embed-card")
    expect(cards).to_have_count(6)
    youtube = page.locator(".embed-youtube")
    expect(youtube.locator(".embed-title")).to_have_text("Video on YouTube")
    expect(page.locator(".embed-x .embed-title")).to_have_text(
        "Post by @astana_times on X"
    )
    expect(page.locator(".embed-link .embed-title")).to_have_text("Link to example.org")
    expect(page.locator(".embed-link .embed-load")).to_have_count(0)
    button = youtube.get_by_role("button", name="Play here (loads YouTube)")
    expect(button).to_be_visible()
    shot(page, "embeds-1-cards")
    assert {urlsplit(url).netloc for url in requests} == {ours}, requests

    button.click()
    frame = youtube.locator("iframe")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    expect(frame).to_have_attribute("title", "Video on YouTube")
    # The policy lets the frame through: the browser asks for it (offline, it may
    # then fail, which is fine).
    page.wait_for_timeout(500)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in requests)
    assert not any("vimeo" in url or "twitter" in url for url in requests)

    page.locator(".embed-soundcloud").get_by_role("button").click()
    expect(page.locator(".embed-soundcloud iframe")).to_have_attribute(
        "src",
        "https://w.soundcloud.com/player/?url="
        "https%3A%2F%2Fsoundcloud.com%2Fforss%2Fflickermood",
    )
    shot(page, "embeds-2-after-click")


def test_without_javascript_a_card_is_a_plain_link(site, browser, shot, post):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + post.get_absolute_url())
    youtube = page.locator(".embed-youtube")
    expect(youtube.get_by_role("link", name="Video on YouTube")).to_have_attribute(
        "href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5"
    )
    expect(youtube.get_by_role("button")).to_be_hidden()
    shot(page, "embeds-3-no-javascript")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embed_cards_have_no_axe_violations(site, browser, post, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + post.get_absolute_url())
    page.locator(".embed-youtube").get_by_role("button").focus()
    results = Axe().run(page, options=OPTIONS)
    context.close()
    assert not results.violations_count, results.generate_report()
