"""Block-editor (Gutenberg) bodies as plain HTML: `<!-- wp:name {attrs} -->`.

A block post stores finished HTML between block comments, so the paragraph rules
(wpautop) must not run on it: only text outside any block (the classic editor's)
gets them. Static core blocks keep their saved HTML (the sanitizer drops the
wrappers and classes); galleries, media and embeds become what Steppe's renderers
take (`[gallery ids=…]`, `[audio src=…]`, a bare URL on its line); layout blocks
are flattened. Dynamic blocks (latest posts, search, …) are drawn by WordPress at
view time and have no HTML here: they are counted, by name, for the report.
"""

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field

# WordPress's own block grammar (wp-includes/class-wp-block-parser.php), simplified:
# attributes are JSON up to the first "} -->" or "} /-->".
DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)"
    r"\s+(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.S,
)
# Saved HTML kept as it is (the sanitizer is the last step).
STATIC = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "code",
    "preformatted", "verse", "table", "separator", "image", "html", "freeform",
    "missing", "details", "media-text", "text-columns", "shortcode", "footnotes",
    "more", "nextpage",  # their markers were handled before (blog.wxr.content)
}  # fmt: skip
FLATTENED = {"columns", "column", "group", "row", "stack", "buttons", "button"}
DROPPED = {"spacer"}  # empty space: nothing to show
# Drawn by WordPress when the page is shown; their saved HTML is an empty shell.
DYNAMIC = {
    "comments", "query", "navigation", "post-template", "query-loop",
    "comments-query-loop", "template-part", "page-list", "social-links", "block",
    "legacy-widget", "widget-group", "rss", "calendar", "archives", "categories",
    "tag-cloud", "latest-posts", "latest-comments", "search", "loginout",
}  # fmt: skip
AUDIO = re.compile(r"<audio[^>]*\ssrc=\"([^\"]+)\"", re.I)
VIDEO = re.compile(r"<video[^>]*\ssrc=\"([^\"]+)\"", re.I)
LINK = re.compile(r"<a\s[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", re.I | re.S)
IMAGE = re.compile(r"<img\s[^>]*>", re.I)
SRC = re.compile(r'\ssrc="([^"]+)"', re.I)
CAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.I | re.S)


@dataclass
class Block:
    name: str  # "paragraph" for core blocks, "jetpack/map" for others
    attrs: dict
    parts: list = field(default_factory=list)  # HTML strings and inner Blocks

    @property
    def inner_html(self) -> str:
        return "".join(part for part in self.parts if isinstance(part, str))

    @property
    def inner_blocks(self) -> list:
        return [part for part in self.parts if isinstance(part, Block)]


@dataclass
class Converted:
    html: str
    dynamic: Counter = field(default_factory=Counter)  # block name -> count
    unknown: Counter = field(default_factory=Counter)  # kept as HTML, not known
    markers: Counter = field(default_factory=Counter)  # gallery/audio/embed left


def has_blocks(text: str) -> bool:
    return "<!-- wp:" in text


def parse(text: str) -> list:
    """Top-level HTML strings (classic text) and Blocks, in order."""
    root = Block("", {})
    stack = [root]
    position = 0
    for match in DELIMITER.finditer(text):
        if match.start() > position:
            stack[-1].parts.append(text[position : match.start()])
        position = match.end()
        name = match["name"]
        if match["namespace"] and match["namespace"] != "core/":
            name = match["namespace"] + name
        if match["closer"]:
            # A closer without its opener is ignored, as WordPress does.
            if len(stack) > 1 and stack[-1].name == name:
                stack.pop()
            continue
        try:
            attrs = json.loads(match["attrs"]) if match["attrs"] else {}
        except ValueError:
            attrs = {}
        block = Block(name, attrs if isinstance(attrs, dict) else {})
        stack[-1].parts.append(block)
        if not match["void"]:
            stack.append(block)
    stack[-1].parts.append(text[position:])
    return root.parts


def convert_blocks(text: str, classic) -> Converted:
    """Block markup as HTML; `classic(text)` converts text outside any block."""
    result = Converted("")
    pieces = []
    for part in parse(text):
        if isinstance(part, str):
            pieces.append(classic(part) if part.strip() else "")
        else:
            pieces.append(_block(part, result))
    joined = "\n".join(piece.strip() for piece in pieces if piece.strip())
    result.html = re.sub(r"\n\s*\n(?:\s*\n)+", "\n\n", joined)
    return result


def _children(block: Block, result: Converted) -> str:
    """The block's own HTML with each inner block converted in its place."""
    return "".join(
        part if isinstance(part, str) else _block(part, result) for part in block.parts
    )


def _block(block: Block, result: Converted) -> str:
    name, attrs = block.name, block.attrs
    if name in STATIC:
        return _children(block, result)
    if name in FLATTENED:
        inner = "\n".join(_block(b, result) for b in block.inner_blocks)
        if name == "button":
            link = LINK.search(block.inner_html)
            return f'<p><a href="{link[1]}">{link[2]}</a></p>' if link else ""
        return inner
    if name in DROPPED:
        return ""
    if name in DYNAMIC:
        result.dynamic[name] += 1
        return ""
    if name == "gallery":
        return _gallery(block, result)
    if name == "cover":
        image = f'<figure><img src="{html.escape(attrs["url"])}" alt=""></figure>'
        inner = "\n".join(_block(b, result) for b in block.inner_blocks)
        return (image if attrs.get("url") else "") + inner
    if name == "embed" or name.startswith("core-embed/"):
        url = attrs.get("url", "").strip()
        if not url:
            return ""
        result.markers["embed"] += 1
        caption = CAPTION.search(block.inner_html)
        text = f"<p>{caption[1]}</p>" if caption else ""
        return f"\n\n<p>{html.escape(url)}</p>\n{text}\n\n"  # alone: an embed card
    if name in ("audio", "video"):
        found = (AUDIO if name == "audio" else VIDEO).search(block.inner_html)
        src = html.unescape(found[1]) if found else str(attrs.get("src", ""))
        if not src:
            return ""
        result.markers[name] += 1
        return f'\n\n<p>[{name} src="{html.escape(src)}"]</p>\n\n'
    if name == "file":
        link = LINK.search(block.inner_html)
        href = attrs.get("href") or (link[1] if link else "")
        words = (link[2] if link else "") or href.rsplit("/", 1)[-1]
        return f'<p><a href="{href}">{words}</a></p>' if href else ""
    if block.inner_html.strip() or block.inner_blocks:
        # A block Steppe does not know, with saved HTML: the HTML stays, listed.
        result.unknown[name] += 1
        return _children(block, result)
    result.dynamic[name] += 1
    return ""


def _gallery(block: Block, result: Converted) -> str:
    """[gallery ids="…"] for the gallery renderer; images as they are without IDs."""
    ids = block.attrs.get("ids") or [
        inner.attrs.get("id") for inner in block.inner_blocks if inner.attrs.get("id")
    ]
    ids = [str(i) for i in ids if str(i).isdigit()]
    if not ids:
        images = IMAGE.findall(_children(block, Converted("")))
        return "".join(f"<figure>{image}</figure>" for image in images)
    result.markers["gallery"] += 1
    columns = block.attrs.get("columns")
    extra = f' columns="{int(columns)}"' if isinstance(columns, int) else ""
    # The images' addresses, for an export without its attachments (posts only):
    # blog.wxr.media_bodies shows them as images then.
    shown = IMAGE.findall(_children(block, Converted("")))
    sources = [SRC.search(image) for image in shown]
    urls = [m[1] for m in sources if m and not re.search(r'[\s"\[\]]', m[1])]
    if urls:
        extra += f' fallback="{" ".join(urls)}"'
    return f'\n\n<p>[gallery ids="{",".join(ids)}"{extra}]</p>\n\n'


__all__ = ["Converted", "convert_blocks", "has_blocks", "parse"]
