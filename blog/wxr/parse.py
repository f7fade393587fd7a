"""Read a WordPress eXtended RSS export, item by item, without trusting it.

Expat is told to refuse DTDs, entity declarations (billion laughs) and external
entities, raising defusedxml's exceptions as its parsers do; the file is fed in
chunks, so memory holds one item at a time whatever the file's size, and an item
larger than MAX_ITEM_CHARS is refused before it is held whole. Every item and
comment carries the line it starts on, so an error can say where. WXR 1.0, 1.1
and 1.2 are read, with http or https namespaces.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

CHUNK = 64 * 1024
# The largest real posts are a few hundred kB; 50 MB bodies are mistakes or attacks,
# and holding one costs many times its size in memory while it is converted.
MAX_ITEM_CHARS = 4 * 1024 * 1024
WXR_VERSIONS = ("1.0", "1.1", "1.2")
EXPORT_NS = re.compile(
    r"^https?://wordpress\.org/export/(?P<version>[^/]+)/?(?P<excerpt>excerpt/?)?$"
)
# Keys of an item dict the parser fills itself: an element with the same name
# (RSS has its own <comments>, a link) must not replace them.
RESERVED = {"line", "categories", "meta", "comments", "ignored"}


class WxrError(Exception):
    """A problem in the file, with the line it is on."""

    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)

    @property
    def site(self) -> str:
        """What identifies the exporting blog (re-imports match on it)."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")


def _prefix(uri: str | None) -> str:
    uri = (uri or "").replace("https://", "http://", 1)
    if match := EXPORT_NS.match(uri):
        return "excerpt" if match["excerpt"] else "wp"
    if uri.startswith("http://purl.org/rss/1.0/modules/content"):
        return "content"
    if uri.startswith("http://purl.org/dc/elements"):
        return "dc"
    return "x" if uri else ""


def _check_namespace(prefix: str | None, uri: str) -> str | None:
    """Why a namespace makes this no WordPress export WXR 1.0–1.2, or None."""
    match = EXPORT_NS.match(uri.replace("https://", "http://", 1))
    if match and match["version"] not in WXR_VERSIONS:
        return (
            f"the export namespace {uri} is WXR version {match['version']}; "
            f"Steppe reads versions {', '.join(WXR_VERSIONS)}"
        )
    if prefix in ("wp", "excerpt") and not match:
        return (
            f"the {prefix}: namespace is {uri!r}, not a WordPress export namespace "
            "(http(s)://wordpress.org/export/1.0/, 1.1/ or 1.2/)"
        )
    return None


class _Handler:
    """Expat's callbacks, straight from pyexpat: xml.sax's layer above them (a
    tuple and an attributes object per element, a call per line of text) cost
    more than the rest of the reading."""

    CHANNEL_GROUPS = {"wp:author", "wp:category", "wp:tag", "wp:term"}

    def __init__(self, parser):
        self.parser = parser
        self.stack: list[str] = []
        # Text as expat hands it over, appended by C (no Python call per piece).
        self.text: list[str] = []
        self.keys: dict[str, str] = {}  # "uri local" -> "wp:local"
        self.channel = Channel()
        self.events: list[tuple[str, object]] = []
        self.item = self.comment = self.meta = self.group = None
        self.category = None
        self.saw_rss = self.sent_channel = False
        self.saw_wp = False
        self.item_chars = 0
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text.append
        parser.StartNamespaceDeclHandler = self.namespace
        parser.StartDoctypeDeclHandler = _doctype
        parser.EntityDeclHandler = _entity
        parser.UnparsedEntityDeclHandler = _unparsed_entity
        parser.ExternalEntityRefHandler = _external

    def namespace(self, prefix, uri):
        problem = _check_namespace(prefix, uri or "")
        if problem:
            raise WxrError(self.line(), problem)
        self.saw_wp = self.saw_wp or _prefix(uri) == "wp"

    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def key(self, name: str) -> str:
        uri, _, local = name.rpartition(" ")
        prefix = _prefix(uri)
        key = self.keys[name] = f"{prefix}:{local}" if prefix else local
        return key

    def start(self, name, attrs):
        key = self.keys.get(name) or self.key(name)
        if not self.stack and key != "rss":
            local = name.rpartition(" ")[2]
            raise WxrError(
                self.line(), f"not a WordPress export: <{local}> is not <rss>"
            )
        self.saw_rss = True
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(key)
        self.text.clear()
        if key == "item" and parent == "channel":
            self._send_channel()
            if not self.saw_wp:
                raise WxrError(
                    self.line(),
                    "an item, but no WordPress export namespace (xmlns:wp): this is "
                    "an RSS feed, not a WordPress export (Tools → Export writes one)",
                )
            self.item_chars = 0
            self.item = {
                "line": self.line(),
                "categories": [],
                "meta": {},
                "comments": [],
                "ignored": set(),
            }
        elif self.item is not None:
            if key == "wp:comment" and parent == "item":
                self.comment = {"line": self.line(), "meta": {}}
            elif key in ("wp:postmeta", "wp:commentmeta"):
                self.meta = {}
            elif key == "category" and parent == "item":
                values = {n.rpartition(" ")[2]: v for n, v in attrs.items()}
                self.category = {
                    "domain": values.get("domain", "category"),
                    "nicename": values.get("nicename", ""),
                }
        elif parent == "channel" and key in self.CHANNEL_GROUPS:
            self.group = {"kind": key.removeprefix("wp:"), "line": self.line()}

    def check_size(self, pending: int = 0):
        """Refuse the item once its text passes MAX_ITEM_CHARS (with `pending`
        characters read but not yet ended)."""
        if self.item is not None and self.item_chars + pending > MAX_ITEM_CHARS:
            raise WxrError(
                self.item["line"],
                f"{describe(self.item)} holds more than {_size(MAX_ITEM_CHARS)} "
                "of text; Steppe refuses "
                "items this large (is an image pasted into the body as data?)",
            )

    def end(self, name):
        key = self.stack.pop()
        parent = self.stack[-1] if self.stack else ""
        text = "".join(self.text)
        self.text.clear()
        if self.item is not None:
            self.item_chars += len(text)
            self.check_size()
            self._end_in_item(key, parent, text)
        elif self.group is not None:
            if key in self.CHANNEL_GROUPS:
                target = (
                    self.channel.authors if key == "wp:author" else self.channel.terms
                )
                target.append(self.group)
                self.group = None
            else:
                self.group[key.removeprefix("wp:")] = text.strip()
        elif parent == "channel":
            attribute = key.removeprefix("wp:")
            if attribute in (
                "title",
                "link",
                "base_site_url",
                "base_blog_url",
                "wxr_version",
            ):
                setattr(self.channel, attribute, text.strip())

    def _end_in_item(self, key, parent, text):
        if key == "item":
            self.events.append(("item", self.item))
            self.item = None
        elif self.meta is not None and key in ("wp:meta_key", "wp:meta_value"):
            self.meta[key.removeprefix("wp:")] = text
        elif key in ("wp:postmeta", "wp:commentmeta"):
            owner = self.comment if key == "wp:commentmeta" else self.item
            if owner is not None and "meta_key" in self.meta:
                owner["meta"][self.meta["meta_key"]] = self.meta.get("meta_value", "")
            self.meta = None
        elif key == "wp:comment" and parent == "item" and self.comment is not None:
            self.item["comments"].append(self.comment)
            self.comment = None
        elif self.comment is not None and parent == "wp:comment":
            self.comment[key.removeprefix("wp:")] = text
        elif key == "category" and parent == "item":
            self.category["name"] = text.strip()
            self.item["categories"].append(self.category)
            self.category = None
        elif parent == "item" and key in RESERVED:
            self.item["ignored"].add(key)
        elif parent == "item":
            self.item[key] = text

    def _send_channel(self):
        if not self.sent_channel:
            self.sent_channel = True
            self.events.append(("channel", self.channel))

    def end_document(self):
        if not self.saw_rss:
            raise WxrError(None, "the file is empty")
        self._send_channel()


# What defusedxml's parsers do: refuse a DTD, any entity and any outside reference.
def _doctype(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _entity(name, is_parameter, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def read_wxr(stream, progress=None) -> Iterator[tuple[str, object]]:
    """("channel", Channel) once, then ("item", dict) for each item, in order.

    `stream` is a binary file; `progress(n)` is told of every n bytes read.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # Text in one piece per element, not one per line: a tenth of the pieces.
    parser.buffer_size = CHUNK
    parser.buffer_text = True
    handler = _Handler(parser)
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
            # A body still being read counts too: a 50 MB one is refused early.
            handler.check_size(sum(map(len, handler.text)))
            if progress:
                progress(len(chunk))
            yield from handler.events
            handler.events = []
        parser.Parse(b"", True)
        handler.end_document()
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        if message in ("no element found", "unclosed token"):
            message = "the file ends in the middle of the export (is it truncated?)"
        elif "invalid token" in message:
            message = (
                "a character XML does not allow (invalid bytes, or not UTF-8) "
                f"at column {error.offset + 1}"
            )
        elif message == "unbound prefix":
            message = (
                "not well-formed XML: an element's prefix (wp:, dc:, content: …) "
                "is never declared with xmlns at the top of the file"
            )
        else:
            message = f"not well-formed XML: {message}"
        if handler.item is not None:
            message = f"{message}, in {describe(handler.item)}"
        raise WxrError(error.lineno, message) from None
    except DefusedXmlException as error:
        raise WxrError(handler.line(), refusal(error)) from None
    yield from handler.events


def _size(chars: int) -> str:
    return f"{chars // 2**20} MB" if chars >= 2**20 else f"{chars:,} characters"


def describe(item: dict) -> str:
    """The item as a person finds it in the file: its line, ID and title."""
    wp_id, title = item.get("wp:post_id", "").strip(), item.get("title", "").strip()
    name = " ".join(
        part
        for part in (
            f"post {wp_id}" if wp_id else "",
            f"“{title[:80]}”" if title else "",
        )
        if part
    )
    return f"the item on line {item['line']}" + (f" ({name})" if name else "")


def refusal(error: DefusedXmlException) -> str:
    """A sentence for what defusedxml refused (its str() is a repr)."""
    if isinstance(error, DTDForbidden):
        return (
            f"refused: the file declares a document type (<!DOCTYPE {error.name}>), "
            "which a WordPress export never has and entity tricks start with"
        )
    if isinstance(error, EntitiesForbidden):
        return (
            f"refused: the file declares an entity ({error.name}), which a "
            "WordPress export never has"
        )
    if isinstance(error, ExternalReferenceForbidden):
        return (
            "refused: the file refers to an outside resource "
            f"({error.sysid or error.pubid}), which the import never fetches"
        )
    return (
        f"refused: the file uses an XML feature unsafe to read ({type(error).__name__})"
    )
