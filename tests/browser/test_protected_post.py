"""A reader meets a pinned post, unlocks a protected one and visits its author."""

import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import Post
from tests.factories import CommentFactory

HIDDEN = "The oasis is two days east of the last well"


def demo_with_pinned_and_protected():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pinned = Post.objects.get(slug__startswith="brave-stories")
    pinned.pinned = True
    pinned.save()
    secret = Post.objects.create(
        title="Directions to the oasis",
        slug="directions-to-the-oasis",
        author=pinned.author,
        body=f"<p>{HIDDEN}.</p>",
        status=Post.Status.PUBLISHED,
        published_at=timezone.now(),
        password="saxaul",
    )
    CommentFactory(post=secret, comment="Thank you for the directions!")
    return pinned, secret


def test_reader_unlocks_a_protected_post(site, browser, page, shot):
    pinned, secret = demo_with_pinned_and_protected()
    page.goto(site.url + "/")
    first = page.locator("article.post-summary").first
    expect(first).to_have_class(re.compile("pinned"))
    expect(first.locator(".mark-pinned")).to_have_text("Pinned")
    expect(first.locator("h2.post-title")).to_have_text(pinned.title)
    protected = page.locator("article.post-summary.protected")
    expect(protected.locator(".mark-protected")).to_have_text("Protected")
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    shot(page, "h7-home-pinned-and-protected")

    protected.get_by_role("link", name="Directions to the oasis", exact=True).click()
    expect(page.locator("h1")).to_have_text("Directions to the oasis")
    field = page.get_by_label("Password")
    expect(field).to_be_visible()
    expect(page.get_by_text("Thank you for the directions!")).to_have_count(0)
    shot(page, "h7-protected-locked")

    field.fill("camel")
    field.press("Enter")  # the keyboard submits it, no JavaScript needed
    expect(page.get_by_text("That is not the password of this post.")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    shot(page, "h7-protected-wrong-password")

    page.get_by_label("Password").fill("saxaul")
    page.get_by_role("button", name="Unlock the post").click()
    expect(page.get_by_text(HIDDEN)).to_be_visible()
    expect(page.get_by_text("Thank you for the directions!")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    assert page.url == site.url + secret.get_absolute_url()
    shot(page, "h7-protected-unlocked")

    page.reload()  # remembered for the session
    expect(page.get_by_text(HIDDEN)).to_be_visible()
    stranger = browser.new_context().new_page()
    stranger.goto(site.url + secret.get_absolute_url())
    expect(stranger.get_by_label("Password")).to_be_visible()
    expect(stranger.get_by_text(HIDDEN)).to_have_count(0)
    stranger.context.close()


def test_reader_follows_the_author_link_to_the_archive(site, page, shot):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(site.url + "/")
    page.locator(".author-link").first.click()
    expect(page.locator("h1")).to_have_text("Carol Bennett")
    expect(page.locator(".author-bio")).to_contain_text("teaches in Almaty")
    expect(page.locator("article.post-summary")).to_have_count(
        5
    )  # with the Russian translation
    assert page.url == site.url + "/author/author/"
    shot(page, "h7-author-archive")


def test_author_edits_their_profile_in_a_roomy_post_form(site, page, shot):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(site.url + "/admin/")
    page.fill("#id_username", "author")
    page.fill("#id_password", "steppe-author")
    page.click("input[type=submit]")
    page.goto(site.url + "/admin/blog/authorprofile/")
    expect(page.get_by_label("Short bio")).to_contain_text("teaches in Almaty")
    page.get_by_label("Short bio").fill("Carol writes from Almaty.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    long_title = Post.objects.order_by("-published_at").first()
    page.goto(site.url + f"/admin/blog/post/{long_title.pk}/change/")
    title = page.locator("#id_title")
    form_width = page.locator("fieldset").first.bounding_box()["width"]
    assert title.bounding_box()["width"] > 0.7 * form_width
    for name in ("#id_slug", "#id_tags"):
        assert page.locator(name).bounding_box()["width"] > 0.7 * form_width, name
    # The whole title is visible: nothing scrolled out of the box.
    assert title.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    shot(page, "h7-admin-post-form")
    page.goto(site.url + "/")
    page.locator(".author-link").first.click()
    expect(page.locator(".author-bio")).to_have_text("Carol writes from Almaty.")


def test_moderator_queue_reads_comments_awaiting_moderation(site, page, shot):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    CommentFactory(
        post=Post.objects.get(slug__startswith="brave-stories"),
        is_public=False,
        comment="Held for the moderator to read.",
    )
    page.goto(site.url + "/admin/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "steppe-moderator")
    page.click("input[type=submit]")
    expect(page.locator("#content-main")).not_to_contain_text("Xtd")
    page.locator('#content-main a[href$="/xtdcomment/"]').first.click()
    expect(page.locator("h1")).to_have_text("Comments awaiting moderation")
    expect(page.locator("#result_list")).to_contain_text("Held for the moderator")
    shot(page, "h7-admin-comments-queue")
