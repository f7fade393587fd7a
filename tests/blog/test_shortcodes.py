"""Shortcodes render in text nodes only; nothing an author typed escapes."""

import logging

import pytest
from django.utils.html import format_html

from blog import shortcodes
from blog.shortcodes import ShortcodeError, render_shortcodes
from tests.factories import PostFactory
from tests.inert import assert_inert

BREAKOUT = (
    '<img src="/static/none.png" alt="[survey_results nosuch">] x" '
    'onerror=alert(document.domain) y="'
)


@pytest.fixture
def handlers(monkeypatch):
    """A clean registry with a `[box]` shortcode that shows its arguments."""
    monkeypatch.setattr(shortcodes, "_handlers", {})
    monkeypatch.setattr(shortcodes, "_paragraph_handlers", [])
    monkeypatch.setattr(shortcodes, "_element_handlers", {})
    monkeypatch.setattr(shortcodes, "_hints", ["["])

    def box(label="", colour="grey"):
        if label == "nosuch":
            raise ShortcodeError("no such box")
        return format_html('<div class="box">{} {}</div>', label, colour)

    shortcodes.register("box", box)
    shortcodes.register("survey_results", box)
    return shortcodes


def test_a_shortcode_inside_an_attribute_is_not_expanded(handlers):
    html = render_shortcodes(BREAKOUT)
    assert html == (
        '<img src="/static/none.png" alt="[survey_results nosuch">] x" '
        'onerror=alert(document.domain) y="'
    )  # the handler never ran: the attribute and the text after it stay as they are
    assert_inert(html)


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://x.kz/" title="[box a&quot;&gt;&lt;script&gt;]">x</a>',
        '<p title="[box">x</p><p>"] onmouseover=alert(1) [box]</p>',
        "<p>[box &lt;script&gt;alert(1)&lt;/script&gt;]</p>",
        '<p>[box "&lt;img src=x onerror=alert(1)&gt;"]</p>',
        "<p>[box colour='\"&gt;&lt;svg onload=alert(1)&gt;']</p>",
    ],
)
def test_nothing_escapes_through_a_shortcode(handlers, body):
    html = render_shortcodes(body)
    assert_inert(html)
    assert "<script" not in html and "<svg" not in html and "<img" not in html


def test_arguments_reach_the_handler_as_text_and_are_escaped(handlers):
    body = "<p>Before [box &lt;b&gt;x&lt;/b&gt; colour=“red”] after</p>"
    html = render_shortcodes(body)
    assert html == (
        '<p>Before <div class="box">&lt;b&gt;x&lt;/b&gt; red</div> after</p>'
    )


def test_a_shortcode_alone_in_its_paragraph_replaces_the_paragraph(handlers):
    html = render_shortcodes('<p> [box label="Big one"] </p><p>Text</p>')
    assert html == '<div class="box">Big one grey</div><p>Text</p>'


@pytest.mark.parametrize(
    "body",
    [
        "<p>[box one two three]</p>",
        "<p>[box wrong=1]</p>",
        '<p>[box "unclosed]</p>',
        "<p>[box nosuch]</p>",
        "<p>[nosuchcode x]</p>",
    ],
)
def test_a_mistyped_shortcode_stays_as_text_and_is_logged(handlers, caplog, body):
    caplog.set_level(logging.INFO, logger="blog.shortcodes")
    html = render_shortcodes(body)
    assert html == body
    assert caplog.records and "left as" in caplog.records[0].getMessage()


def test_a_failing_handler_is_logged_and_the_text_stays(handlers, caplog):
    handlers.register("boom", lambda: 1 / 0)
    html = render_shortcodes("<p>a [boom] b</p>")
    assert html == "<p>a [boom] b</p>"
    assert caplog.records[0].exc_info[0] is ZeroDivisionError


def test_plain_text_from_a_handler_is_escaped(handlers):
    handlers.register("raw", lambda: "<script>alert(1)</script>")
    assert render_shortcodes("<p>[raw]</p>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_code_samples_and_doubled_brackets_stay_literal(handlers):
    body = "<pre><code>[box a]</code></pre><p>Type [[box a]] to get [box a].</p>"
    html = render_shortcodes(body)
    assert html.startswith("<pre><code>[box a]</code></pre><p>Type [box a] to get ")
    assert html.endswith('<div class="box">a grey</div>.</p>')


def test_unsanitized_input_is_sanitized_before_rendering(handlers):
    html = render_shortcodes('<p onclick="x()">[box]<script>alert(1)</script></p>')
    assert html == '<div class="box"> grey</div>'


def test_paragraph_handlers_replace_a_whole_paragraph(handlers):
    seen = []

    def bare_url(paragraph):
        seen.append(paragraph)
        if paragraph.text.startswith("https://") and " " not in paragraph.text:
            return format_html('<figure class="embed">{}</figure>', paragraph.text)
        return None

    handlers.register_paragraph(bare_url)
    body = '<p><a href="https://v.kz/1">https://v.kz/1</a></p><p>Read &amp; go</p>'
    html = render_shortcodes(body)
    assert html == '<figure class="embed">https://v.kz/1</figure><p>Read &amp; go</p>'
    link = {"href": "https://v.kz/1", "rel": "noopener noreferrer"}
    assert seen[0].elements == (("a", link),)
    assert seen[1].inner_html == "Read &amp; go" and seen[1].text == "Read & go"


def test_element_handlers_replace_void_elements_only(handlers):
    def alt_text(attrs):
        return format_html("<b>{}</b>", attrs["alt"]) if attrs.get("alt") else None

    handlers.register_element("img", alt_text)
    body = '<p><img src="/a.png" alt="A &amp; B"><img src="/b.png"></p>'
    html = render_shortcodes(body)
    assert html == '<p><b>A &amp; B</b><img src="/b.png"></p>'
    with pytest.raises(ValueError):
        handlers.register_element("p", lambda attrs: None)


@pytest.mark.django_db
def test_the_breakout_body_is_harmless_on_the_post_and_home_page(client):
    post = PostFactory(body=BREAKOUT)
    for url in (post.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'alt="[survey_results nosuch"' in page
        assert_inert(page)


def test_a_body_without_hints_is_only_sanitized_and_hints_start_the_parse(handlers):
    seen = []
    handlers.register_paragraph(lambda p: seen.append(p.text), contains="://")
    body = "<p>No code here &amp; no link.</p>"
    assert render_shortcodes(body) == body and seen == []
    render_shortcodes("<p>https://v.kz/1</p>")
    assert seen == ["https://v.kz/1"]


@pytest.mark.django_db
def test_the_breakout_from_a_wordpress_import_is_harmless(client, tmp_path):
    from tests.blog.test_wxr_import import by_title, run_import, variant

    run_import(variant(tmp_path, "Second part.", BREAKOUT))
    post = by_title("Expats' impressions of living in Kazakhstan (Part II)")
    for url in (post.get_absolute_url(), "/", "/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
