"""Read a WordPress eXtended RSS export, item by item, without trusting it.

defusedxml's SAX parser refuses DTDs, entity declarations (billion laughs) and
external entities; the file is fed in chunks, so memory holds one item at a time
whatever the file's size. Every item and comment carries the line it starts on,
so an error can say where.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

import defusedxml.sax
from defusedxml import DefusedXmlException

CHUNK = 64 * 1024


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
    uri = uri or ""
    if uri.startswith("http://wordpress.org/export/"):
        return "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    if uri.startswith("http://purl.org/rss/1.0/modules/content"):
        return "content"
    if uri.startswith("http://purl.org/dc/elements"):
        return "dc"
    return "x" if uri else ""


class _Handler(ContentHandler):
    CHANNEL_GROUPS = {"wp:author", "wp:category", "wp:tag", "wp:term"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.channel = Channel()
        self.events: list[tuple[str, object]] = []
        self.item = self.comment = self.meta = self.group = None
        self.category = None
        self.saw_rss = self.sent_channel = False
        self.parser = None

    def line(self) -> int:
        expat = getattr(self.parser, "_parser", None)  # the locator says 0 when fed
        return expat.CurrentLineNumber if expat is not None else 0

    def startElementNS(self, name, qname, attrs):  # noqa: N802  SAX's own name
        uri, local = name
        prefix = _prefix(uri)
        key = f"{prefix}:{local}" if prefix else local
        if not self.stack and key != "rss":
            raise WxrError(
                self.line(), f"not a WordPress export: <{local}> is not <rss>"
            )
        self.saw_rss = True
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(key)
        self.text = []
        if key == "item" and parent == "channel":
            self._send_channel()
            self.item = {
                "line": self.line(),
                "categories": [],
                "meta": {},
                "comments": [],
            }
        elif self.item is not None:
            if key == "wp:comment" and parent == "item":
                self.comment = {"line": self.line(), "meta": {}}
            elif key in ("wp:postmeta", "wp:commentmeta"):
                self.meta = {}
            elif key == "category" and parent == "item":
                values = {n[1]: v for n, v in attrs.items()}
                self.category = {
                    "domain": values.get("domain", "category"),
                    "nicename": values.get("nicename", ""),
                }
        elif parent == "channel" and key in self.CHANNEL_GROUPS:
            self.group = {"kind": key.removeprefix("wp:"), "line": self.line()}

    def characters(self, content):
        self.text.append(content)

    def endElementNS(self, name, qname):  # noqa: N802  SAX's own name
        key = self.stack.pop()
        parent = self.stack[-1] if self.stack else ""
        text = "".join(self.text)
        self.text = []
        if self.item is not None:
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
        elif key == "wp:comment":
            self.item["comments"].append(self.comment)
            self.comment = None
        elif self.comment is not None and parent == "wp:comment":
            self.comment[key.removeprefix("wp:")] = text
        elif key == "category" and parent == "item":
            self.category["name"] = text.strip()
            self.item["categories"].append(self.category)
            self.category = None
        elif parent == "item":
            self.item[key] = text

    def _send_channel(self):
        if not self.sent_channel:
            self.sent_channel = True
            self.events.append(("channel", self.channel))

    def endDocument(self):  # noqa: N802  SAX's own name
        if not self.saw_rss:
            raise WxrError(None, "the file is empty")
        self._send_channel()


def read_wxr(stream, progress=None) -> Iterator[tuple[str, object]]:
    """("channel", Channel) once, then ("item", dict) for each item, in order.

    `stream` is a binary file; `progress(n)` is told of every n bytes read.
    """
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True  # WXR has none; a DTD is how entity tricks start
    parser.setFeature(feature_namespaces, True)
    handler = _Handler()
    handler.parser = parser
    parser.setContentHandler(handler)
    try:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
            if progress:
                progress(len(chunk))
            yield from handler.events
            handler.events = []
        parser.close()
    except SAXParseException as error:
        raise WxrError(
            error.getLineNumber(), f"not well-formed XML: {error.getMessage()}"
        ) from None
    except DefusedXmlException as error:
        raise WxrError(parser.getLineNumber(), f"refused: {error}") from None
    yield from handler.events
