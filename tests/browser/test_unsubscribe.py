"""A reader unsubscribes from follow-ups in a browser; an expired link explains."""

import time
from unittest import mock

from playwright.sync_api import expect

from blog.comments import services
from tests.factories import CommentFactory, PostFactory


def test_reader_unsubscribes_and_an_expired_link_says_why(site, page, shot):
    fan = CommentFactory(
        post=PostFactory(title="Follow me"), user_email="fan@example.com", followup=True
    )
    page.goto(f"{site.url}/comments/unsubscribe/"
              f"{services.unsubscribe_token(comment_id=fan.pk)}/")  # fmt: skip
    page.get_by_role("button", name="Unsubscribe").focus()  # and by keyboard:
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    shot(page, "unsubscribed")
    fan.refresh_from_db()
    assert fan.followup is False

    long_ago = time.time() - services.UNSUBSCRIBE_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        old = services.unsubscribe_token(comment_id=fan.pk)
    page.goto(f"{site.url}/comments/unsubscribe/{old}/")
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    expect(page.get_by_text("Nothing was changed")).to_be_visible()
    shot(page, "unsubscribe-expired")
    page.get_by_role("link", name="Back to the blog").click()
    expect(page).to_have_url(site.url + "/")
