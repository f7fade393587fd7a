"""An author edits a post twice, compares revisions and restores the first; an
autosave survives a closed tab."""

from playwright.sync_api import expect

from revisions.models import Revision
from tests.factories import PostFactory, UserFactory


def sign_in(page, site, username, password):
    page.goto(site.url + "/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def replace_body(page, text):
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def test_author_edits_twice_compares_and_restores_the_first(site, page, shot):
    carol = UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    post = PostFactory(
        author=carol, title="Winter in Astana", body="<p>Minus forty outside.</p>"
    )
    sign_in(page, site, "carol", "carol-writes-2010")
    change = f"{site.url}/admin/blog/post/{post.pk}/change/"

    page.goto(change)
    replace_body(page, "Minus forty outside, warm tea inside.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.locator("#id_title").fill("Winter in Almaty")
    replace_body(page, "Minus thirty outside, and the tea has gone cold.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("link", name="Revisions").click()
    rows = page.locator("#revision-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("(current)")
    shot(page, "revisions-1-list")

    rows.nth(1).get_by_role("link").click()
    title = page.locator(".revision-field", has=page.locator("#diff-title"))
    expect(title.locator("del")).to_have_text("Astana")
    expect(title.locator("ins")).to_have_text("Almaty")
    body = page.locator(".revision-field", has=page.locator("#diff-body"))
    expect(body.locator("del").first).to_have_text("forty")
    expect(body.locator("ins").first).to_have_text("thirty")
    shot(page, "revisions-2-diff")

    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored the revision of")
    expect(page.locator("#id_title")).to_have_value("Winter in Astana")
    shot(page, "revisions-3-restored")

    post.refresh_from_db()
    assert post.title == "Winter in Astana"
    assert "warm tea inside" in post.body
    assert [r.kind for r in Revision.objects.of(post)] == ["restore", "save", "save"]

    page.goto(site.url + post.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Winter in Astana")
    expect(page.locator(".post-body")).to_contain_text("warm tea inside")


def test_an_autosave_outlives_a_closed_tab(site, browser, shot, monkeypatch):
    monkeypatch.setattr("revisions.admin.AUTOSAVE_SECONDS", 1)
    carol = UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    post = PostFactory(author=carol, title="Spring", body="<p>Mud everywhere.</p>")
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site, "carol", "carol-writes-2010")
    page.goto(f"{site.url}/admin/blog/post/{post.pk}/change/")
    replace_body(page, "Mud everywhere, and the first tulips on the steppe.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft autosaved at")
    shot(page, "revisions-4-autosaved")
    cookies = context.cookies()
    context.close()  # the tab is gone, nothing was saved

    post.refresh_from_db()
    assert post.body == "<p>Mud everywhere.</p>"  # readers still see the saved text

    context = browser.new_context()
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(f"{site.url}/admin/blog/post/{post.pk}/change/")
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text("You have an autosaved draft")
    shot(page, "revisions-5-offered")
    offer.get_by_role("link").click()
    expect(page.locator("#diff-body + .revision-diff ins")).to_contain_text("tulips")
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored the revision of")
    post.refresh_from_db()
    assert "first tulips" in post.body
    context.close()


def test_revision_pages_have_no_axe_violations(site, page):
    from axe_playwright_python.sync_playwright import Axe

    from revisions import services
    from tests.browser.test_accessibility import OPTIONS

    carol = UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    post = PostFactory(author=carol, title="Spring", body="<p>Mud everywhere.</p>")
    old = services.record_revision(obj=post, user=carol)
    post.body = "<p>Mud, and tulips.</p>"
    post.save()
    services.record_revision(obj=post, user=carol)
    sign_in(page, site, "carol", "carol-writes-2010")
    found = {}
    for url in (
        f"/admin/blog/post/{post.pk}/revisions/",
        f"/admin/blog/post/{post.pk}/revisions/{old.pk}/",
    ):
        page.goto(site.url + url)
        # Django admin's own breadcrumbs fail link-in-text-block on every admin
        # page; what these pages add is checked.
        results = Axe().run(
            page, context={"exclude": [[".breadcrumbs"]]}, options=OPTIONS
        )
        if results.violations_count:
            found[url] = results.generate_report()
    assert not found, found
