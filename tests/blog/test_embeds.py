"""Embed cards: which URLs become cards, the shortcodes, hostile input, the CSP."""

import pytest
from django.utils.html import escape

from blog.embeds import embed_card, recognise
from blog.sanitize import sanitize_html
from blog.shortcodes import render_shortcodes
from tests.factories import PostFactory

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "provider", "player_id", "title"),
    [
        (f"https://youtu.be/{YT}", "youtube", YT, "Video on YouTube"),
        (f"https://youtu.be/{YT}?t=42", "youtube", YT, "Video on YouTube"),
        (f"https://www.youtube.com/watch?v={YT}", "youtube", YT, "Video on YouTube"),
        (
            f"https://youtube.com/watch?feature=x&v={YT}",
            "youtube",
            YT,
            "Video on YouTube",
        ),
        (f"https://m.youtube.com/watch?v={YT}", "youtube", YT, "Video on YouTube"),
        (
            f"https://www.youtube.com/shorts/{YT}",
            "youtube",
            YT,
            "Short video on YouTube",
        ),
        (f"https://www.youtube.com/embed/{YT}", "youtube", YT, "Video on YouTube"),
        ("https://vimeo.com/76979871", "vimeo", "76979871", "Video on Vimeo"),
        (
            "https://vimeo.com/channels/staffpicks/7697987",
            "vimeo",
            "7697987",
            "Video on Vimeo",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "vimeo",
            "76979871",
            "Video on Vimeo",
        ),
        (
            "https://x.com/astana_times/status/1234567890",
            "x",
            "1234567890",
            "Post by @astana_times on X",
        ),
        ("https://twitter.com/jack/status/20", "x", "20", "Post by @jack on X"),
        (
            "https://mobile.twitter.com/jack/status/20?s=1",
            "x",
            "20",
            "Post by @jack on X",
        ),
        (
            "https://www.instagram.com/p/CxYz123AbC/",
            "instagram",
            "CxYz123AbC",
            "Post on Instagram",
        ),
        (
            "https://instagram.com/reel/CxYz123AbC",
            "instagram",
            "CxYz123AbC",
            "Reel on Instagram",
        ),
        (
            "https://soundcloud.com/forss/flickermood",
            "soundcloud",
            "https://soundcloud.com/forss/flickermood",
            "Track on SoundCloud",
        ),
        (
            "https://soundcloud.com/forss/sets/soulhack",
            "soundcloud",
            "https://soundcloud.com/forss/sets/soulhack",
            "Playlist on SoundCloud",
        ),
        (
            "https://api.soundcloud.com/tracks/293",
            "soundcloud",
            "https://api.soundcloud.com/tracks/293",
            "Track on SoundCloud",
        ),
        ("https://example.org/2010/essay/", "link", "", "Link to example.org"),
        ("https://www.youtube.com/@channel", "link", "", "Link to youtube.com"),
        ("https://x.com/jack", "link", "", "Link to x.com"),
    ],
)
def test_each_provider_is_read_from_its_url(url, provider, player_id, title):
    embed = recognise(url)
    assert (embed.provider, embed.player_id, embed.title) == (
        provider,
        player_id,
        title,
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        'https://youtu.be/dQw4w9WgXcQ"onmouseover="alert(1)',
        "https://youtu.be/dQw4w9WgXcQ'><script>alert(1)</script>",
        "https://exa mple.com/",
        "ftp://example.com/file",
        "",
    ],
)
def test_hostile_or_foreign_urls_make_no_card(url):
    assert embed_card(url) is None


def test_a_bad_id_falls_back_to_a_plain_link_card():
    embed = recognise("https://youtu.be/short")
    assert embed.provider == "link"
    assert "data-embed-provider" not in embed_card("https://youtu.be/short")


def test_the_card_is_a_link_with_title_and_provider_and_a_hidden_player_button():
    card = embed_card(f"https://www.youtube.com/watch?v={YT}&t=10")
    assert f'href="https://www.youtube.com/watch?v={YT}&amp;t=10"' in card
    assert "Video on YouTube" in card and ">YouTube<" in card
    assert f'data-embed-provider="youtube" data-embed-id="{YT}"' in card
    assert "hidden" in card  # without JavaScript there is no dead button
    assert "<iframe" not in card and "youtube-nocookie" not in card


def test_query_strings_are_escaped_in_the_card():
    card = embed_card('https://example.com/?q=<b>&x="1"')
    assert card is None  # quotes and angle brackets are no URL we link
    card = embed_card("https://example.com/?q=a&b=c")
    assert 'href="https://example.com/?q=a&amp;b=c"' in card


def body(html):
    return str(render_shortcodes(html))


def test_a_url_alone_in_its_paragraph_becomes_a_card():
    out = body(f"<p>Before.</p><p>https://youtu.be/{YT}</p><p>After.</p>")
    assert out.startswith('<p>Before.</p><figure class="embed-card embed-youtube">')
    assert out.endswith("</figure><p>After.</p>")


def test_a_link_whose_text_is_its_url_becomes_a_card():
    url = f"https://www.youtube.com/watch?v={YT}&amp;t=5"
    out = body(f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>')
    assert out.startswith('<figure class="embed-card embed-youtube">')


@pytest.mark.parametrize(
    "html",
    [
        f"<p>Watch https://youtu.be/{YT} now.</p>",
        f'<p><a href="https://youtu.be/{YT}">my talk</a></p>',
        f"<ul><li>https://youtu.be/{YT}</li></ul>",
        f"<p>https://youtu.be/{YT} https://vimeo.com/1</p>",
        "<p>javascript:alert(1)</p>",
    ],
)
def test_urls_that_are_not_alone_are_left_as_they_are(html):
    assert body(html) == sanitize_html(html)


@pytest.mark.parametrize(
    ("shortcode", "provider"),
    [
        (f"[embed]https://youtu.be/{YT}[/embed]", "youtube"),
        ('[embed width="560" height="315"]https://vimeo.com/76979871[/embed]', "vimeo"),
        (f"[embed https://youtu.be/{YT}]", "youtube"),
        (
            f"[youtube https://www.youtube.com/watch?v={YT}&amp;w=320&amp;h=240]",
            "youtube",
        ),
        (f"[youtube={'https://www.youtube.com/watch?v=' + YT}&amp;w=320]", "youtube"),
        (f"[youtube {YT}]", "youtube"),
        ("[vimeo 76979871]", "vimeo"),
        ("[vimeo https://vimeo.com/76979871]", "vimeo"),
        (
            '[soundcloud url="https://api.soundcloud.com/tracks/293" params="a=b"]',
            "soundcloud",
        ),
        ("[soundcloud https://soundcloud.com/forss/flickermood]", "soundcloud"),
        ("[tweet https://twitter.com/jack/status/20]", "x"),
        ("[tweet 20]", "x"),
    ],
)
def test_wordpress_shortcodes_render_the_same_card(shortcode, provider):
    out = body(f"<p>{shortcode}</p>")
    assert out.startswith(f'<figure class="embed-card embed-{provider}">'), out
    assert out.endswith("</figure>")


def test_an_auto_linked_url_inside_a_shortcode_still_works():
    url = f"https://youtu.be/{YT}"
    out = body(f'<p>[youtube <a href="{url}" rel="noopener noreferrer">{url}</a>]</p>')
    assert out.startswith('<figure class="embed-card embed-youtube">')


@pytest.mark.parametrize(
    "shortcode",
    [
        "[youtube https://vimeo.com/76979871]",
        "[youtube not a video]",
        "[tweet javascript:alert(1)]",
        "[embed]javascript:alert(1)[/embed]",
        "[vimeo]",
    ],
)
def test_a_shortcode_with_a_wrong_argument_stays_as_text(shortcode):
    html = f"<p>{escape(shortcode)}</p>".replace("&quot;", '"')
    assert body(html) == html


@pytest.mark.django_db
def test_a_post_with_an_embed_allows_only_that_players_frames(client):
    post = PostFactory(
        body=f"<p>https://youtu.be/{YT}</p><p>https://x.com/j/status/2</p>"
    )
    response = client.get(post.get_absolute_url())
    page = response.content.decode()
    assert 'class="embed-card embed-youtube"' in page
    assert "/static/js/embeds.js" in page
    policy = response["Content-Security-Policy"]
    assert (
        "frame-src https://platform.twitter.com https://www.youtube-nocookie.com"
        in policy
    )
    assert "script-src 'self'" in policy  # scripts stay ours only


@pytest.mark.django_db
def test_a_cached_page_keeps_its_frame_src(client):
    post = PostFactory(body="<p>https://vimeo.com/76979871</p>")
    first = client.get(post.get_absolute_url())
    second = client.get(post.get_absolute_url())
    for response in (first, second):
        assert (
            "frame-src https://player.vimeo.com" in response["Content-Security-Policy"]
        )


@pytest.mark.django_db
def test_pages_without_embeds_frame_nothing(client):
    post = PostFactory(
        body="<p>Just words, and https://example.com/ in a sentence.</p>"
    )
    assert (
        "frame-src"
        not in client.get(post.get_absolute_url())["Content-Security-Policy"]
    )
    assert "frame-src" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_listings_show_the_card_for_a_short_post(client):
    PostFactory(body=f"<p>A video from the steppe:</p><p>https://youtu.be/{YT}</p>")
    page = client.get("/").content.decode()
    assert 'class="embed-card embed-youtube"' in page


@pytest.mark.django_db
def test_a_page_body_gets_the_same_cards(client):
    from tests.factories import PageFactory

    page = PageFactory(body=f"<p>Our talk:</p><p>https://youtu.be/{YT}</p>")
    response = client.get(page.get_absolute_url())
    assert 'class="embed-card embed-youtube"' in response.content.decode()
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
