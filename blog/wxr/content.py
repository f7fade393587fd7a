"""A WordPress post body as WordPress shows it: shortcodes, then paragraphs.

WordPress stores bodies with bare line breaks and turns them into paragraphs when
it shows them (wpautop); Steppe stores finished HTML, so the import does it once.
Block-editor bodies are finished HTML already (blog.wxr.blocks); code shortcodes
become code blocks first (blog.wxr.codes), so nothing else touches the code.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from blog.sanitize import sanitize_html
from blog.shortcodes import _handlers
from blog.wxr.blocks import convert_blocks, has_blocks
from blog.wxr.codes import convert_code
from blog.wxr.media_bodies import mark_images

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    r"|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu"
    r"|summary)"
)
# Left as they are: preformatted text, and the figures [caption] became.
KEPT = re.compile(r"<(pre|figure)[\s>].*?</\1>", re.S | re.I)
CAPTION = re.compile(
    r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<body>.*?)\[/(?:wp_)?caption\]", re.S
)
MEDIA = re.compile(
    r"^\s*(?P<media>(?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(?P<text>.*)$", re.S
)
EMBED = re.compile(r"\[embed[^\]]*\](?P<url>[^\[]+)\[/embed\]")
# What looks like a shortcode: a name with attributes or a closing tag. "[sic]" and
# "[1]" in prose do not count.
CANDIDATE = re.compile(r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>\s[^\]]*)?\]")
COMMON = {"gallery", "audio", "video", "playlist", "youtube", "contact-form", "wpvideo"}
# WordPress.com's embeds, left as shortcodes for the embed renderer to register.
EMBEDS = {"youtube", "vimeo", "soundcloud", "gist", "tweet"}
MORE = re.compile(r"<!--more(?P<text>.*?)-->", re.S)
NEXTPAGE = re.compile(r"\s*<!--nextpage-->\s*")
PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
OWN = set()  # filled from blog.shortcodes at first use (apps register theirs)


def wpautop(text: str) -> str:
    """WordPress's paragraph rules: blank lines part paragraphs, single line breaks
    become <br />, block elements stay unwrapped, <pre> and <figure> are left alone."""
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match):
        kept.append(match[0])
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = KEPT.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n")) + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for number, block in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{number}></pre>", block)
    return text.strip()


def _attr(attrs: str, name: str) -> str:
    match = re.search(rf'{name}\s*=\s*"([^"]*)"', attrs) or re.search(
        rf"{name}\s*=\s*'([^']*)'", attrs
    )
    return match[1] if match else ""


def _caption(match) -> str:
    body = match["body"]
    parts = MEDIA.match(body)
    media, text = (parts["media"], parts["text"]) if parts else (body, "")
    text = text.strip() or _attr(match["attrs"], "caption")
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"\n\n<figure>{media.strip()}{caption}</figure>\n\n"


def unknown_shortcodes(text: str) -> set[str]:
    """Names of shortcodes this body uses that Steppe cannot show."""
    if not OWN:
        OWN.update(_handlers)
    text = PRE.sub("", text)  # code shows brackets as they are
    names = set()
    for match in CANDIDATE.finditer(text):
        name = match["name"]
        if name in OWN:
            continue
        if match["attrs"] or f"[/{name}]" in text or name.lower() in COMMON | EMBEDS:
            names.add(name)
    return names


@dataclass
class Body:
    html: str
    unknown: set = field(default_factory=set)  # shortcode names left as text
    blocks: Counter = field(default_factory=Counter)  # dynamic blocks, dropped
    unknown_blocks: Counter = field(default_factory=Counter)  # kept as HTML
    excerpt: str = ""  # the words before <!--more-->, as text
    pages: int = 1  # <!--nextpage--> parts, joined
    code_blocks: int = 0
    block_editor: bool = False
    markers: Counter = field(default_factory=Counter)  # left for Steppe's renderers


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def convert_body(raw: str, *, autop: bool = True) -> Body:
    """Sanitized HTML for Steppe, and what the report must say about it.

    autop=False for bodies that are finished HTML already (Steppe's own exports)."""
    text, code_blocks = convert_code(raw)
    # Code is shown as written: nothing below may read a shortcode or marker in it.
    code: list[str] = []

    def stash(match):
        code.append(match[0])
        return f"<pre wp-code-{len(code) - 1}></pre>"

    text = PRE.sub(stash, text)
    more = MORE.search(text)
    excerpt = ""
    if more:
        excerpt = plain_text(text[: more.start()])
        text = text[: more.start()] + "\n\n" + text[more.end() :]
    text, breaks = NEXTPAGE.subn("\n\n<hr>\n\n", text)
    text = CAPTION.sub(_caption, text)
    # A URL alone on its line is what the embed-card renderer takes.
    text, embeds = EMBED.subn(lambda m: f"\n\n<p>{m['url'].strip()}</p>\n\n", text)
    body = Body("", excerpt=excerpt, pages=breaks + 1, code_blocks=code_blocks)
    body.markers["embed"] += embeds
    if has_blocks(text):
        converted = convert_blocks(text, wpautop if autop else str)
        text, body.block_editor = converted.html, True
        body.blocks, body.unknown_blocks = converted.dynamic, converted.unknown
        body.markers.update(converted.markers)
    elif autop:
        text = wpautop(text)
    body.unknown = unknown_shortcodes(text)
    for number, block in enumerate(code):
        text = text.replace(f"<pre wp-code-{number}></pre>", block, 1)
    body.html = sanitize_html(mark_images(text))  # wp-image-N: blog.wxr.media_bodies
    return body


__all__ = ["Body", "convert_body", "unknown_shortcodes", "wpautop"]
