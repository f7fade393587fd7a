"""Block-editor bodies and WordPress.com code shortcodes, as the import turns them."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from blog import shortcodes
from blog.models import Post
from blog.sanitize import sanitize_html
from blog.wxr.blocks import parse
from blog.wxr.codes import convert_code
from blog.wxr.content import convert_body

BLOCKS = Path(__file__).parent / "wxr" / "blocks.xml"


@pytest.fixture
def imported(db):
    out = io.StringIO()
    call_command("import_wxr", str(BLOCKS), stdout=out, verbosity=0)
    return Post.objects.get(title="Every block").body, out.getvalue()


def test_block_markup_gets_no_paragraph_rules(imported):
    body, _ = imported
    assert "<p></p>" not in body and "<p>\n" not in body and "<br>" not in body
    assert "wp:" not in body and "<!--" not in body
    assert body.startswith("<p>An <strong>opening</strong> paragraph.</p>")
    assert body.endswith("<p>The last paragraph.</p>")


def test_static_blocks_keep_their_html(imported):
    body, _ = imported
    for html in (
        "<h2>A heading</h2>",
        "<li>One</li>",
        "<li>Two</li>",
        "<p>Quoted words.</p>\n<cite>Someone</cite></blockquote>",
        "<blockquote><p>Pulled out.</p><cite>Author</cite></blockquote>",
        '<img src="https://blocks.example.com/wp-content/uploads/2024/05/yurt.jpg"'
        ' alt="A yurt"><figcaption>A yurt at dawn</figcaption></figure>',
        "<pre><code>if a &lt; b:\n    print(a)</code></pre>",
        "<pre>  kept\n    as typed</pre>",
        "<td>Cell</td><td>Other</td>",
        "<hr>",
    ):
        assert html in body, html


def test_layout_is_flattened_and_buttons_become_links(imported):
    body, _ = imported
    assert "<p>Left column</p>" in body and "<p>Right, in a group</p>" in body
    assert "<div" not in body
    assert '<a href="https://blocks.example.com/join/"' in body and "Join us" in body


def test_cover_is_an_image_with_its_words(imported):
    body, _ = imported
    assert (
        '<figure><img src="https://blocks.example.com/wp-content/uploads/steppe.jpg"'
        ' alt=""></figure>\n<p>Words on the cover</p>'
    ) in body


def test_gallery_media_and_embeds_are_left_for_steppes_renderers(imported):
    body, report = imported
    # Its attachments (42, 43) are not in the file: its images, at their address.
    assert "[gallery" not in body
    assert (
        '<figure><img src="https://blocks.example.com/wp-content/uploads/a.jpg"'
        ' alt=""></figure>'
    ) in body
    assert "galleries without their attachments, kept as images" in report
    assert "<p>https://www.youtube.com/watch?v=xyz789</p>" in body  # alone: a card
    assert (
        '<p>[audio src="https://blocks.example.com/wp-content/uploads/song.mp3"]</p>'
    ) in body
    assert "[video src=" in body
    assert (
        '<a href="https://blocks.example.com/wp-content/uploads/guide.pdf"'
        ' rel="noopener noreferrer">guide</a>'
    ) in body
    section = report.split("Left for Steppe's galleries")[1]
    for kind in ("audio", "embed", "gallery", "video"):
        assert kind in section
    listed = report.split("Shortcodes left as text")[1]
    for name in ("gallery", "audio", "video"):  # listed until a renderer takes it
        assert (f"{name}: 1 posts" in listed) == (name not in shortcodes._handlers)


def test_dynamic_blocks_are_counted_and_unknown_blocks_listed(imported):
    body, report = imported
    section = report.split("Dynamic blocks Steppe cannot show")[1]
    assert "latest-posts: 2 in 1 posts" in section
    assert "search: 1 in 1 posts" in section
    assert "comments: 1 in 1 posts" in section
    assert "“Every block” (post 7)" in section
    assert "<p>A map of the route</p>" in body  # a plugin's block: HTML kept...
    assert "block jetpack/map (its HTML kept): 1 posts" in report  # ...and listed


def test_classic_text_between_blocks_gets_paragraphs():
    body = convert_body(
        "Typed in the old editor.\n\nSecond paragraph.\n"
        "<!-- wp:paragraph --><p>A block.</p><!-- /wp:paragraph -->"
    )
    assert body.block_editor
    assert body.html == (
        "<p>Typed in the old editor.</p>\n<p>Second paragraph.</p>\n<p>A block.</p>"
    )


def test_the_parser_nests_and_reads_attributes():
    (block,) = [
        part
        for part in parse(
            '<!-- wp:columns {"n":2} --><!-- wp:column --><p>x</p>'
            "<!-- /wp:column --><!-- /wp:columns -->"
        )
        if not isinstance(part, str)
    ]
    assert block.name == "columns" and block.attrs == {"n": 2}
    assert [b.name for b in block.inner_blocks] == ["column"]
    assert block.inner_blocks[0].inner_html == "<p>x</p>"


def test_a_body_of_only_dynamic_blocks_becomes_empty_not_empty_paragraphs():
    body = convert_body(
        "<!-- wp:latest-posts /-->\n\n<!-- wp:search /-->\n\n<!-- wp:archives /-->"
    )
    assert body.html == ""
    assert body.blocks == {"latest-posts": 1, "search": 1, "archives": 1}


@pytest.mark.parametrize(
    ("shortcode", "language"),
    [
        ('[sourcecode language="python"]x = 1[/sourcecode]', "python"),
        ("[sourcecode lang='js']x = 1[/sourcecode]", "javascript"),
        ('[code language="ruby"]x = 1[/code]', "ruby"),
        ("[python]x = 1[/python]", "python"),
        ("[php]x = 1[/php]", "php"),
        ("[js]x = 1[/js]", "javascript"),
        ("[bash]x = 1[/bash]", "bash"),
        ("[css]x = 1[/css]", "css"),
        ("[sql]x = 1[/sql]", "sql"),
        ("[xml]x = 1[/xml]", "xml"),
    ],
)
def test_code_shortcodes_and_aliases_name_their_language(shortcode, language):
    text, count = convert_code(shortcode)
    assert count == 1
    html = f'<pre><code class="language-{language}">x = 1</code></pre>'
    assert text.strip() == html
    assert sanitize_html(text) == html  # the class survives the allowlist


def test_code_without_a_language_and_with_markup_inside():
    text, _ = convert_code('[code]<b>not bold</b>\n\tindented & "quoted"[/code]')
    assert sanitize_html(text) == (
        '<pre><code>&lt;b&gt;not bold&lt;/b&gt;\n\tindented &amp; "quoted"</code></pre>'
    )


def test_the_sanitizer_drops_other_classes_on_code():
    cleaned = sanitize_html('<code class="language-evil x">a</code>')
    assert cleaned in ("<code>a</code>", '<code class="">a</code>')
    assert sanitize_html('<p class="language-python">a</p>') == "<p>a</p>"


def test_code_keeps_its_blank_lines_through_the_paragraph_rules():
    body = convert_body("Before.\n\n[python]\ndef f():\n\n    return 1\n[/python]")
    assert '<pre><code class="language-python">def f():\n\n    return 1</code>' in (
        body.html
    )
    assert body.code_blocks == 1


def test_legacy_embed_blocks_leave_their_url_alone():
    body = convert_body(
        '<!-- wp:core-embed/vimeo {"url":"https://vimeo.com/123"} -->\n'
        '<figure class="wp-block-embed-vimeo"><div>\nhttps://vimeo.com/123\n</div>'
        "<figcaption>Our trip</figcaption></figure>\n<!-- /wp:core-embed/vimeo -->"
    )
    assert body.html == "<p>https://vimeo.com/123</p>\n<p>Our trip</p>"
    assert body.markers == {"embed": 1}


def test_markers_and_shortcodes_inside_code_are_left_as_written():
    body = convert_body(
        "Intro.\n\n[code]\n[caption]x[/caption]\n<!--more-->\n[embed]https://a.example/"
        '[/embed]\n[/code]\n\n<pre>[gallery ids="1"]\n\n<!--nextpage--></pre>'
    )
    assert body.html == (
        "<p>Intro.</p>\n<pre><code>[caption]x[/caption]\n&lt;!--more--&gt;\n"
        '[embed]https://a.example/[/embed]</code></pre>\n<pre>[gallery ids="1"]\n\n'
        "</pre>"
    )
    assert body.excerpt == "" and body.pages == 1 and not body.unknown
