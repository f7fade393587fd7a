"""Checks that HTML a reader gets carries no script, handler or javascript: URL."""

import re
from html.parser import HTMLParser

# Where a URL can run script, once the browser unescapes and trims it.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster"}
SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.I)


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
            if name in URL_ATTRIBUTES and SCRIPT_URL.match(
                re.sub(r"[\x00-\x20]", "", value or "")
            ):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def assert_inert(html: str) -> None:
    """Fail, naming them, if `html` holds anything that could run script."""
    found = dangers(html)
    assert not found, found
