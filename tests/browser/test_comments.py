import re

from playwright.sync_api import expect

from tests.factories import PostFactory, UserFactory


def write_comment(page, *, name, email, text, fill_ms=3_100):
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_comment", text)
    page.wait_for_timeout(fill_ms)  # the minimum fill time is real here
    page.get_by_role("button", name=re.compile("Post (comment|reply)")).click()


def check_queue_and_approve(browser, site, shot, name, run_admin_action):
    """The admin index counts the waiting comment; the queue approves it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "/admin/")
    page.fill("#id_username", "dana")
    page.fill("#id_password", "dana-moderates-2011")
    page.click("input[type=submit]")
    expect(page.locator("#moderation-summary")).to_contain_text(
        "1 comment awaiting moderation"
    )
    page.locator("#moderation-summary a").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    shot(page, name)
    context.close()
    messages = run_admin_action(
        username="dana", password="dana-moderates-2011",
        changelist="/admin/django_comments_xtd/xtdcomment/", action="approve",
    )  # fmt: skip
    assert "Approved 1 comment" in messages


def test_reader_comments_moderator_approves_reader_sees_thread(
    site, page, browser, shot, settings, run_admin_action
):
    # Both comments come from 127.0.0.1 within seconds; keep the hourly limit.
    settings.COMMENTS_FLOOD_LIMITS = ((1, 1), (3600, 10))
    UserFactory(
        username="dana", password="dana-moderates-2011", group="Moderators",
        email="dana@example.com",
    )  # fmt: skip
    post = PostFactory(title="Steppe winters", body="<p>Cold and bright.</p>")

    page.goto(site.url + post.get_absolute_url())
    write_comment(page, name="Aigerim", email="aigerim@example.kz",
                  text="The first snow came early this year.")  # fmt: skip
    expect(page.locator("h1")).to_contain_text("awaits moderation")
    expect(page.locator(".comment-body")).to_contain_text("first snow")
    shot(page, "comments-1-awaiting")

    check_queue_and_approve(browser, site, shot, "comments-2-queue", run_admin_action)

    page.goto(site.url + post.get_absolute_url())
    expect(page.locator("#comments .comment")).to_have_count(1)
    page.get_by_role("link", name="Reply to Aigerim").click()
    expect(page.locator("h1")).to_have_text("Reply to Aigerim")
    write_comment(page, name="Bolat", email="bolat@example.kz",
                  text="In Astana it was minus thirty by November.")  # fmt: skip
    expect(page.locator("h1")).to_contain_text("awaits moderation")

    check_queue_and_approve(
        browser, site, shot, "comments-3-queue-reply", run_admin_action
    )

    page.goto(site.url + post.get_absolute_url() + "#comments")
    nested = page.locator(".comment-list > li .comment-children .comment")
    expect(nested).to_have_count(1)
    expect(nested).to_contain_text("minus thirty")
    shot(page, "comments-4-thread")
    page.goto(site.url + "/")
    expect(page.get_by_role("link", name="Comments (2) »")).to_be_visible()
