"""Embed cards: a video or post link alone on its line becomes a card.

No request reaches the provider until a reader asks for the player: the card is a
plain link (title and provider read from the URL alone, no oEmbed fetch), and
static/js/embeds.js turns its button into the provider's iframe on click. The
iframe's address is built by that script from the provider and the id checked
here, never taken from the body. WordPress.com's shortcodes ([embed], [youtube],
[vimeo], [soundcloud], [tweet]) render the same card.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from blog.shortcodes import Paragraph, register, register_paragraph

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
DIGITS = re.compile(r"\d{1,20}")
INSTAGRAM_CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")
SLUG = re.compile(r"[A-Za-z0-9_-]{1,100}")
# A URL fit to show and link: no spaces, quotes or angle brackets, at most 2000 chars.
SAFE_URL = re.compile(r"https?://[^\s\"'<>`\\]{1,2000}", re.I)

# The hosts each player's iframe comes from: the page's frame-src, once it shows
# a card of that provider (config.middleware.ContentSecurityPolicyMiddleware).
PLAYER_HOSTS = {
    "youtube": "https://www.youtube-nocookie.com",
    "vimeo": "https://player.vimeo.com",
    "x": "https://platform.twitter.com",
    "instagram": "https://www.instagram.com",
    "soundcloud": "https://w.soundcloud.com",
}
PROVIDER_NAMES = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "x": "X",
    "instagram": "Instagram",
    "soundcloud": "SoundCloud",
}


@dataclass(frozen=True)
class Embed:
    url: str
    provider: str  # a key of PLAYER_HOSTS, or "link" (no player)
    provider_name: str
    title: str
    player_id: str = ""


def _host(parts) -> str:
    host = (parts.hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")


def _youtube(parts, segments):
    host = _host(parts)
    if host == "youtu.be" and segments:
        video = segments[0]
    elif host in ("youtube.com", "music.youtube.com") and segments:
        if segments[0] == "watch":
            video = parse_qs(parts.query).get("v", [""])[0]
        elif segments[0] in ("shorts", "embed", "live", "v") and len(segments) > 1:
            video = segments[1]
        else:
            return None
    else:
        return None
    if not YOUTUBE_ID.fullmatch(video):
        return None
    title = _("Short video on YouTube") if segments[0] == "shorts" else None
    return video, title or _("Video on YouTube")


def _vimeo(parts, segments):
    host = _host(parts)
    if host == "player.vimeo.com" and segments[:1] == ["video"] and len(segments) > 1:
        video = segments[1]
    elif host == "vimeo.com" and segments:
        video = segments[-1] if segments[0] in ("channels", "groups") else segments[0]
    else:
        return None
    return (video, _("Video on Vimeo")) if DIGITS.fullmatch(video) else None


def _x(parts, segments):
    if _host(parts) not in ("x.com", "twitter.com"):
        return None
    if (
        len(segments) < 3
        or segments[1] != "status"
        or not DIGITS.fullmatch(segments[2])
    ):
        return None
    user = segments[0]
    if user == "i" or not SLUG.fullmatch(user):
        return segments[2], _("Post on X")
    return segments[2], _("Post by @%(user)s on X") % {"user": user}


def _instagram(parts, segments):
    if _host(parts) != "instagram.com" or len(segments) < 2:
        return None
    kind, code = segments[0], segments[1]
    if kind not in ("p", "reel", "tv") or not INSTAGRAM_CODE.fullmatch(code):
        return None
    if kind == "reel":
        return code, _("Reel on Instagram")
    return code, _("Post on Instagram")


def _soundcloud(parts, segments):
    host = _host(parts)
    if host == "api.soundcloud.com" and segments[:1] == ["tracks"]:
        if len(segments) > 1 and DIGITS.fullmatch(segments[1]):
            return f"https://api.soundcloud.com/tracks/{segments[1]}", _(
                "Track on SoundCloud"
            )
        return None
    if host != "soundcloud.com" or len(segments) < 2:
        return None
    if not all(SLUG.fullmatch(segment) for segment in segments[:3]):
        return None
    path = "/".join(segments[:3])
    if len(segments) > 2 and segments[1] == "sets":
        return f"https://soundcloud.com/{path}", _("Playlist on SoundCloud")
    return f"https://soundcloud.com/{path}", _("Track on SoundCloud")


PROVIDERS = {
    "youtube": _youtube,
    "vimeo": _vimeo,
    "x": _x,
    "instagram": _instagram,
    "soundcloud": _soundcloud,
}


def recognise(url: str) -> Embed | None:
    """What a URL shows, read from the URL alone; None if it is not a web address."""
    url = (url or "").strip()
    if not SAFE_URL.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    for provider, read in PROVIDERS.items():
        found = read(parts, segments)
        if found:
            player_id, title = found
            return Embed(url, provider, PROVIDER_NAMES[provider], title, player_id)
    host = _host(parts)
    return Embed(url, "link", host, _("Link to %(host)s") % {"host": host})


def embed_card(url: str) -> SafeString | None:
    """The card for a video or post URL, or None when it is not an http(s) URL."""
    embed = recognise(url)
    if embed is None:
        return None
    address = re.sub(r"^https?://(www\.)?", "", embed.url, flags=re.I)
    return mark_safe(  # noqa: S308  our template, autoescaped
        render_to_string(
            "includes/embed_card.html",
            {
                "embed": embed,
                "address": address if len(address) <= 60 else address[:59] + "…",
                "has_player": embed.provider in PLAYER_HOSTS,
            },
        ).strip()
    )


# The forms a paragraph may hold alone to become a card: a bare URL (as text, or a
# link whose text is the URL), [embed]URL[/embed] (attributes such as width ignored),
# WordPress.com's [youtube=URL], and the shortcodes below with an auto-linked URL.
BARE_URL = re.compile(r"https?://\S+", re.I)
ENCLOSED = re.compile(r"\[embed(?:\s[^\]]*)?\](?P<inner>.*?)\[/embed\]", re.I | re.S)
EQUALS = re.compile(r"\[(?P<name>youtube|vimeo|soundcloud|tweet)=(?P<url>[^\]\s]+)\]")
LINKED = re.compile(
    r"\[(?P<name>youtube|vimeo|soundcloud|tweet|embed)\s+(?P<url>[^\]]+)\]"
)


def _alone(paragraph: Paragraph) -> str | None:
    """The card replacing a paragraph that holds only an embeddable link."""
    text = paragraph.text
    if any(tag != "a" for tag, _ in paragraph.elements):
        return None
    if match := ENCLOSED.fullmatch(text):
        return embed_card(match["inner"].strip())
    if match := EQUALS.fullmatch(text):
        return _shortcode(match["name"])(match["url"])
    if paragraph.elements and (match := LINKED.fullmatch(text)):
        # [youtube URL] whose URL the editor turned into a link: the tag splits
        # the text, so the shortcode parser never saw it whole.
        return _shortcode(match["name"])(match["url"])
    if not BARE_URL.fullmatch(text):
        return None
    if paragraph.elements:
        (_, attrs), *others = paragraph.elements
        if others or (attrs.get("href") or "").strip() != text:
            return None  # a link with words of its own stays a link
    return embed_card(text)


FIRST_URL = re.compile(r"https?://[^\s\"'<>\]]+")
ONLY_ID = {"youtube": YOUTUBE_ID, "vimeo": DIGITS, "tweet": DIGITS}
ID_URLS = {
    "youtube": "https://youtu.be/{}",
    "vimeo": "https://vimeo.com/{}",
    "tweet": "https://twitter.com/i/status/{}",
}
SHORTCODE_PROVIDERS = {
    "embed": None,
    "youtube": "youtube",
    "vimeo": "vimeo",
    "soundcloud": "soundcloud",
    "tweet": "x",
}


def _shortcode(name: str):
    def handler(*args, **kwargs) -> str | None:
        # WordPress URLs hold "=" (watch?v=…), which the shortcode parser reads as
        # key=value: put the arguments back together and read the first URL.
        raw = " ".join([*args, *(f"{key}={value}" for key, value in kwargs.items())])
        raw = html.unescape(strip_tags(raw)).strip()
        found = FIRST_URL.search(raw)
        if found:
            url = found[0]
        elif name in ONLY_ID and ONLY_ID[name].fullmatch(raw):
            url = ID_URLS[name].format(raw)
        else:
            return None
        wanted = SHORTCODE_PROVIDERS[name]
        embed = recognise(url)
        if embed is None or (wanted and embed.provider != wanted):
            return None  # a shortcode with a wrong argument stays as text
        return embed_card(url)

    return handler


for _name in SHORTCODE_PROVIDERS:
    register(_name, _shortcode(_name))
register_paragraph(_alone, contains="://")


def frame_sources(content: bytes) -> list[str]:
    """The player hosts a page's cards may load once a reader clicks."""
    if b"data-embed-provider" not in content:
        return []
    shown = set(re.findall(rb'data-embed-provider="([a-z]+)"', content))
    return sorted(
        host for provider, host in PLAYER_HOSTS.items() if provider.encode() in shown
    )
