"""Checks that HTML a reader gets carries no script, handler or javascript: URL."""

import re
from html.parser import HTMLParser

# Where a URL can run script, read as a browser does (WHATWG URL): C0 controls and
# spaces trimmed from the ends, tabs and newlines dropped anywhere.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster"}
SCRIPT_URL = re.compile(r"^(?:javascript:|vbscript:|data:\s*text/html)", re.I)


def script_url(value: str | None) -> bool:
    """Whether a browser would run this URL as script."""
    url = re.sub(r"[\t\n\r]", "", (value or "").strip("\x00\x01\x02\x03\x04\x05"
        "\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f \t\n\r"))  # fmt: skip
    return bool(SCRIPT_URL.match(url))


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, list]]:
    """Every element of the page, as a browser's tokenizer reads it."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def dangers(html: str, *, allowed_scripts=("application/ld+json",)) -> list[str]:
    """What in `html` could run script: elements, handlers, URLs."""
    found = []
    for tag, attrs in elements(html):
        values = dict(attrs)
        ours = values.get("src", "").startswith("/static/")
        if tag == "script" and not (ours or values.get("type") in allowed_scripts):
            found.append(f"<script {attrs}>")
        if tag in {"object", "embed", "base", "frame"} or "srcdoc" in values:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and script_url(value):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def assert_inert(html: str) -> None:
    """Fail, naming them, if `html` holds anything that could run script."""
    found = dangers(html)
    assert not found, found
