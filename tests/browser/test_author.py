import re

from django.core.files.base import ContentFile
from playwright.sync_api import expect

from blog.models import Post
from tests.factories import ImageFactory, UserFactory, jpeg_bytes


def test_author_writes_and_publishes_a_post_with_tag_and_image(
    site, page, shot, tmp_path
):
    UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    ImageFactory(
        alt_text="A yurt in the snow",
        file=ContentFile(jpeg_bytes(1200, 800, (210, 170, 90)), name="yurt.jpg"),
    )

    page.goto(site.url + "/admin/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", "carol-writes-2010")
    page.click("input[type=submit]")
    page.locator("tr.model-post").get_by_role("link", name="Add", exact=True).click()
    expect(page.locator("h1")).to_have_text("Add post")

    page.locator("#id_title").press_sequentially("Winter in Astana")
    expect(page.locator("#id_slug")).to_have_value("winter-in-astana")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Minus forty outside, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("warm tea")
    page.keyboard.press("Control+b")
    page.keyboard.type(" inside.")
    page.fill("#id_tags", "OSCE, Steppe life")
    page.select_option("#id_status", "published")
    # The featured image comes from the library (an autocomplete of alt texts).
    page.locator("#id_featured_image + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("yurt")
    page.locator(".select2-results__option", has_text="A yurt in the snow").click()
    shot(page, "author-1-editing")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    shot(page, "author-2-post-list")

    post = Post.objects.get(slug="winter-in-astana")
    assert re.search(r"<strong>\s?warm tea\s?</strong>", post.body)
    assert post.author.username == "carol"

    page.goto(site.url + "/")
    entry = page.locator("article.post-summary").first
    expect(entry.locator("h2")).to_have_text("Winter in Astana")
    expect(entry.locator(".post-tags a", has_text="Steppe life")).to_be_visible()
    image = entry.locator(".summary-image img")
    image.scroll_into_view_if_needed()
    expect(image).to_have_attribute("alt", "A yurt in the snow")
    page.wait_for_function(
        "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
    )
    shot(page, "author-3-home")

    entry.locator(".post-tags a", has_text="Steppe life").click()
    expect(page.locator("h1")).to_have_text("Posts tagged Steppe life")


def test_author_previews_a_draft_before_publishing(site, page):
    UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    page.goto(site.url + "/admin/blog/post/add/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", "carol-writes-2010")
    page.click("input[type=submit]")
    page.locator("#id_title").press_sequentially("Not ready yet")
    page.locator(".prose-editor .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Half a thought.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.get_by_role("link", name="View on site").click()
    preview = page
    expect(preview.locator(".preview-banner")).to_contain_text("not visible to readers")
    expect(preview.locator("h1")).to_have_text("Not ready yet")
    post = Post.objects.get(slug="not-ready-yet")
    response = preview.request.get(site.url + post.get_absolute_url())
    assert response.status == 404
