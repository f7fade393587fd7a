"""An author uploads two photos, puts one in a post with a caption and both in a
gallery; a reader sees the responsive image and the gallery."""

import re

from playwright.sync_api import expect

from blog.models import Post
from library.models import Gallery, Image
from tests.factories import UserFactory, jpeg_bytes


def log_in(page, url):
    page.goto(url)
    page.fill("#id_username", "carol")
    page.fill("#id_password", "carol-writes-2010")
    page.click("input[type=submit]")


def test_author_uploads_inserts_makes_a_gallery_and_a_reader_sees_them(
    site, page, shot, tmp_path
):
    UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    files = []
    for name, color in (("yurt.jpg", (210, 170, 90)), ("lake.jpg", (40, 110, 170))):
        path = tmp_path / name
        path.write_bytes(jpeg_bytes(1600, 1000, color))
        files.append(str(path))

    # 1. Two files at once; then alt text for each, right in the list.
    log_in(page, site.url + "/admin/library/image/")
    page.get_by_role("link", name="Upload images").click()
    page.set_input_files("#id_files", files)
    page.fill("#id_credit", "Photo: Carol")
    shot(page, "library-1-upload")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messagelist")).to_contain_text("Uploaded 2 images")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    yurt, lake = (Image.objects.get(file__contains=n) for n in ("yurt", "lake"))
    row = page.locator("#result_list tbody tr", has_text="yurt.jpg")
    row.locator("input[name$=alt_text]").fill("A yurt on the steppe at noon")
    row = page.locator("#result_list tbody tr", has_text="lake.jpg")
    row.locator("input[name$=alt_text]").fill("A blue mountain lake")
    shot(page, "library-2-alt-text")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("2 images were changed")
    expect(page.locator("img.library-thumb").first).to_be_visible()

    # 2. A gallery of both, lake first.
    page.goto(site.url + "/admin/library/gallery/add/")
    page.fill("#id_title", "Summer in the hills")
    page.fill("#id_columns", "2")
    for n, text in ((0, "lake"), (1, "yurt")):
        page.locator(f"#id_items-{n}-image + .select2 .select2-selection").click()
        page.locator(".select2-search__field").fill(text)
        page.locator(".select2-results__option", has_text=text).first.click()
        page.fill(f"#id_items-{n}-position", str(n + 1))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    gallery = Gallery.objects.get()
    assert [i.image for i in gallery.items.all()] == [lake, yurt]

    # 3. A post: the yurt inserted from the library with a caption, and the gallery.
    page.goto(site.url + "/admin/blog/post/add/")
    page.locator("#id_title").press_sequentially("Hills in July")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("We drove up to the jailoo.")
    page.keyboard.press("Enter")
    page.keyboard.type(f"[gallery id={gallery.pk}]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("End")  # the photo goes between the two paragraphs
    page.locator(".prose-menubar button[title='figure']").click()
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Browse...").click()
    picker = popup_info.value
    picker.wait_for_load_state()
    expect(picker.locator("h1")).to_have_text("Choose an image")
    shot(picker, "library-3-picker")
    picker.get_by_role("button", name=re.compile("A yurt on the steppe")).click()
    expect(dialog.locator("input[name=altText]")).to_have_value(
        "A yurt on the steppe at noon"
    )
    dialog.locator("input[name=caption]").fill("Our yurt, a day's drive from Almaty")
    shot(page, "library-4-insert-dialog")
    dialog.get_by_role("button", name="Insert").click()
    page.select_option("#id_status", "published")
    shot(page, "library-5-editor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    post = Post.objects.get(slug="hills-in-july")
    assert f'data-file="{yurt.pk}"' in post.body
    assert re.search(r"</figure>\s*<p>\[gallery id=\d+\]</p>", post.body), post.body
    assert "srcset" not in post.body, post.body  # the image, not a rendition

    # The yurt now says where it is used, and cannot be deleted from under the post.
    page.goto(site.url + f"/admin/library/image/{yurt.pk}/change/")
    used = page.locator(".field-used_in")
    expect(used.get_by_role("link", name="Hills in July")).to_be_visible()
    expect(used.get_by_role("link", name="Summer in the hills")).to_be_visible()
    shot(page, "library-7-where-used")
    page.get_by_role("link", name="Delete").click()
    expect(page.locator("#content")).to_contain_text("is used by post “Hills in July”")
    expect(page.get_by_role("button", name=re.compile("Yes"))).to_have_count(0)
    shot(page, "library-8-delete-refused")

    # 4. A reader (no session) sees the photo with srcset and the gallery.
    reader = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    view = reader.new_page()
    view.goto(site.url + post.get_absolute_url())
    photo = view.locator(".post-body > figure img")
    expect(photo).to_have_attribute("srcset", re.compile(r"-480w\.jpg 480w"))
    expect(photo).to_have_attribute("alt", "A yurt on the steppe at noon")
    expect(photo).to_have_attribute("width", "1600")
    expect(view.locator(".post-body > figure figcaption")).to_have_text(
        "Our yurt, a day's drive from Almaty"
    )
    view.wait_for_function(
        "el => el.complete && el.naturalWidth > 0", arg=photo.element_handle()
    )
    links = view.locator("ul.gallery-columns-2 li a.gallery-link")
    expect(links).to_have_count(2)
    expect(links.nth(0).locator("img")).to_have_attribute("alt", "A blue mountain lake")
    expect(links.nth(0)).to_have_attribute("href", lake.file.url)
    links.nth(1).scroll_into_view_if_needed()
    view.wait_for_function(
        "el => el.complete && el.naturalWidth > 0",
        arg=links.nth(1).locator("img").element_handle(),
    )
    boxes = [links.nth(n).bounding_box() for n in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]  # a row
    shot(view, "library-6-reader")
    links.nth(0).focus()
    outline = links.nth(0).evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    reader.close()
