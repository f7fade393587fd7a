"""Hostile bodies and typos as Chromium parses them: nothing runs, the page stays up."""

from playwright.sync_api import expect

from tests.factories import CommentFactory, PostFactory, make_survey
from tests.payloads import BREAKOUTS

# Every attribute named on… anywhere in the DOM, as Chromium built it.
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => a.name.startsWith('on'))
    .map(a => el.tagName + ' ' + a.name))"""
SCRIPT_LINKS = """() => [...document.querySelectorAll('[href],[src]')]
  .map(el => el.href || el.src).filter(u => /^(javascript|vbscript|data):/i.test(u))"""


def test_breakouts_and_typos_in_a_post_and_its_comments(site, page, shot):
    make_survey()
    body = "<p>[survey_link life-in-almaty]</p><p>[survey_link one two three]</p>"
    post = PostFactory(title="Hostile body", body=body + "".join(BREAKOUTS))
    CommentFactory(post=post, user_name="Mallory", user_url="javascript:alert(1)")
    CommentFactory(post=post, user_name="Dana", user_url="https://dana.example/")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for url in ("/", post.get_absolute_url()):
        response = page.goto(site.url + url)
        assert response.status == 200
        assert page.evaluate(HANDLERS) == []
        assert page.evaluate(SCRIPT_LINKS) == []
        expect(page.get_by_text("[survey_link one two three]")).to_be_visible()
    survey = "Life in Almaty: answer the survey yourself"
    expect(page.get_by_role("link", name=survey)).to_be_visible()
    mallory = page.locator(".comment-author", has_text="Mallory")
    expect(mallory).to_be_visible()
    expect(mallory.locator("a")).to_have_count(0)
    expect(page.get_by_role("link", name="Dana", exact=True)).to_have_attribute(
        "href", "https://dana.example/"
    )
    assert errors == []
    shot(page, "hostile-body-post")


def test_odd_bytes_get_the_plain_error_pages(site, page, shot):
    response = page.goto(site.url + "/tag/a%00b/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    response = page.goto(site.url + "/search/?q=%00")
    assert response.status == 400
    expect(page.locator("h1")).to_have_text("Bad request")
    shot(page, "odd-bytes-400")
