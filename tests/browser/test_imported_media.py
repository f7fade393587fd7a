"""A reader opens a post imported from WordPress with its files: the gallery shows
its images (reachable by keyboard), the featured image and the players are there."""

import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

DATA = Path(__file__).parent.parent / "data" / "wxr_media"


def loaded(images) -> list[int]:
    return images.evaluate_all("all => all.map(img => img.naturalWidth)")


def test_an_imported_gallery_post_shows_its_images(site, page, shot):
    call_command(
        "import_wxr", str(DATA / "media.xml"), "--media", str(DATA / "uploads"),
        stdout=io.StringIO(), verbosity=0,
    )  # fmt: skip
    page.goto(site.url + "/2011/02/12/summer-on-the-jailau/")
    article = page.locator("article")
    galleries = article.locator("ul.gallery")
    expect(galleries).to_have_count(2)
    first = galleries.first.locator("img")
    expect(first).to_have_count(2)
    expect(first.first).to_have_attribute("alt", "Blue felt with a ram's-horn pattern")
    for gallery in galleries.all():
        gallery.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert all(width > 0 for width in loaded(article.locator("ul.gallery img")))
    assert all(width > 0 for width in loaded(page.locator("img").first))
    expect(article.locator("audio source")).to_have_count(2)
    expect(article.locator("video[poster] source")).to_have_attribute(
        "type", "video/mp4"
    )
    paragraphs = " ".join(article.locator("p").all_inner_texts())
    assert "[gallery" not in paragraphs and "[audio" not in paragraphs
    # Keyboard: Tab reaches each gallery image's link, in order.
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        alt = page.evaluate(
            "() => document.activeElement.matches('a.gallery-link')"
            " ? document.activeElement.querySelector('img').alt : null"
        )
        if alt:
            reached.append(alt)
        if len(reached) == 4:
            break
    assert reached == [
        "Blue felt with a ram's-horn pattern", "A yurt on the summer pasture",
    ] * 2  # fmt: skip
    page.locator("a.gallery-link").first.focus()
    shot(page, "wordpress-6-imported-gallery-post")
    page.goto(site.url + "/yurts/")
    expect(page.locator("ul.gallery-columns-1 img")).to_have_count(1)
    shot(page, "wordpress-7-imported-page-gallery")
