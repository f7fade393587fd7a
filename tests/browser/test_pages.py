"""An author makes "About" and a child page in admin; readers find both."""

from playwright.sync_api import expect

from pages.models import Page
from tests.factories import UserFactory


def write_page(page, *, title, text):
    page.locator("#id_title").press_sequentially(title)
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type(text)
    page.select_option("#id_status", "published")


def test_author_creates_about_with_a_child_and_readers_navigate_them(site, page, shot):
    UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    page.goto(site.url + "/admin/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", "carol-writes-2010")
    page.click("input[type=submit]")
    page.locator("#content-main a[href='/admin/pages/page/add/']").click()
    expect(page.locator("h1")).to_have_text("Add page")

    # A slug one of Steppe's routes takes is refused, with the route named.
    write_page(page, title="Tags", text="About this blog and its author.")
    expect(page.locator("#id_slug")).to_have_value("tags")
    page.get_by_role("button", name="Save", exact=True).click()
    error = page.locator(".errorlist").first
    expect(error).to_contain_text("The address /tags/ is taken by Steppe")
    shot(page, "pages-1-slug-collides")
    page.fill("#id_title", "About")
    page.fill("#id_slug", "about")
    page.locator("#id_show_in_navigation").check()
    shot(page, "pages-2-editing-about")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    write_page(page, title="Our team", text="Carol writes; Dana moderates.")
    page.select_option("#id_parent", label="About (/about/)")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("/about/our-team/")
    shot(page, "pages-3-admin-list")
    assert Page.objects.get(path="about/our-team").parent.title == "About"

    reader = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    tab = reader.new_page()
    tab.goto(site.url + "/")
    main_nav = tab.get_by_role("navigation", name="Main")
    links = main_nav.get_by_role("link")
    expect(links.nth(0)).to_have_text("Home")
    expect(links.nth(1)).to_have_text("About")
    expect(main_nav).not_to_contain_text("Our team")
    links.nth(1).click()
    expect(tab.locator("h1")).to_have_text("About")
    expect(main_nav.get_by_role("link", name="About")).to_have_attribute(
        "aria-current", "page"
    )
    shot(tab, "pages-4-about")
    tab.get_by_role("link", name="Our team").click()
    expect(tab).to_have_url(site.url + "/about/our-team/")
    crumbs = tab.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link")).to_have_text(["Home", "About"])
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("Our team")
    expect(tab.locator(".post-body")).to_contain_text("Carol writes; Dana moderates.")
    expect(main_nav.get_by_role("link", name="About")).to_have_attribute(
        "aria-current", "true"
    )
    tab.keyboard.press("Tab")  # the skip link, then the site's links by keyboard
    shot(tab, "pages-5-child-breadcrumbs")
    crumbs.get_by_role("link", name="About").click()
    expect(tab).to_have_url(site.url + "/about/")
    reader.close()


def test_the_demo_about_page_and_its_child_in_both_schemes(site, browser, shot):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for scheme in ("light", "dark"):
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": 1280, "height": 900}
        )
        tab = context.new_page()
        tab.goto(site.url + "/")
        tab.get_by_role("navigation", name="Main").get_by_role(
            "link", name="About"
        ).click()
        expect(tab.locator("h1")).to_have_text("About")
        shot(tab, f"pages-6-demo-about-{scheme}")
        tab.get_by_role("link", name="About the comments").click()
        crumbs = tab.get_by_role("navigation", name="Breadcrumb")
        expect(crumbs.locator('[aria-current="page"]')).to_have_text(
            "About the comments"
        )
        shot(tab, f"pages-7-demo-child-{scheme}")
        context.close()


def test_reader_comments_on_a_page_and_sees_it_once_approved(
    site, page, browser, shot, run_admin_action
):
    from tests.browser.test_comments import check_queue_and_approve, write_comment
    from tests.factories import PageFactory

    UserFactory(
        username="dana", password="dana-moderates-2011", group="Moderators",
        email="dana@example.com",
    )  # fmt: skip
    PageFactory(
        title="About", slug="about", show_in_navigation=True, allow_comments=True,
        body="<p>About this blog.</p>",
    )  # fmt: skip
    page.goto(site.url + "/about/")
    write_comment(page, name="Aigerim", email="aigerim@example.kz",
                  text="Who took the photographs?")  # fmt: skip
    expect(page.locator("h1")).to_contain_text("awaits moderation")
    expect(page.get_by_role("link", name="Back to “About”")).to_be_visible()
    shot(page, "pages-8-comment-awaiting")

    check_queue_and_approve(
        browser, site, shot, "pages-9-comment-queue", run_admin_action
    )

    page.goto(site.url + "/about/")
    expect(page.locator("#comments-heading")).to_have_text("1 comment")
    expect(page.locator("#comments .comment")).to_contain_text("photographs")
    shot(page, "pages-10-comment-shown")
