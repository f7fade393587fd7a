"""A reader and a moderator in Chromium, both through the shipped Varnish."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from blog.edge import purges
from tests.browser.test_comments import write_comment
from tests.edge.varnish import Varnish
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def site(live_server, settings, roles):
    """The blog as readers reach it: through Varnish (deploy/varnish.vcl)."""
    varnish = Varnish(int(live_server.url.rsplit(":", 1)[1]))
    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = [varnish.url + "/"]
    purges.forget_failures()
    yield SimpleNamespace(url=varnish.url, varnish=varnish)
    varnish.stop()


def test_comment_through_the_edge_form_from_esi_approval_purges_the_page(
    site, page, browser, shot, run_admin_action
):
    UserFactory(
        username="dana", password="dana-moderates-2011", group="Moderators",
        email="dana@example.com",
    )  # fmt: skip
    post = PostFactory(title="Steppe winters", body="<p>Cold and bright.</p>")
    url = site.url + post.get_absolute_url()
    page.goto(url)
    first = page.reload()
    assert first.headers["x-cache"] == "hit"  # the page comes from Varnish ...
    expect(page.locator("#id_comment")).to_be_visible()  # ... the form by ESI
    shot(page, "edge-1-post-from-varnish")
    # The edge's copy of the form is stamped up to a second ahead (it may wait
    # that long in the cache), so a fresh copy asks up to a second more of a reader.
    write_comment(page, name="Aigerim", email="aigerim@example.kz",
                  text="Snow on the Tian Shan again.", fill_ms=4_100)  # fmt: skip
    expect(page.locator("h1")).to_contain_text("awaits moderation")
    messages = run_admin_action(
        username="dana", password="dana-moderates-2011",
        changelist="/admin/django_comments_xtd/xtdcomment/", action="approve",
    )  # fmt: skip
    assert "Approved 1 comment" in messages
    # A new visitor (the first one's browser may keep its copy for max-age).
    page = browser.new_page()
    shown = page.goto(url)
    assert shown.headers["x-cache"] == "miss"  # purged by the approval
    expect(page.locator("#comments .comment")).to_have_count(1)
    expect(page.locator("#comments")).to_contain_text("Snow on the Tian Shan")
    shot(page, "edge-2-approved-through-varnish")
    page.close()
