"""Bodies as readers see them: WordPress shortcodes and other body transforms.

A shortcode is `[name arg key="value"]` (`[[name]]` shows it literally). Apps
register what they render; blog knows none of them (surveys adds
`[survey_results]`). The body is built so nothing an author typed can escape:

- it is sanitized again with the allowlist, then parsed into tags and text;
- tags are written back exactly as the allowlist left them, so shortcodes are
  found in text nodes only, never inside a tag or an attribute value;
- text is escaped again, and a shortcode's arguments reach its handler as plain
  text;
- what a handler returns is escaped unless it is a SafeString (from format_html
  or a template, which escape what they insert).

A shortcode that cannot render (unknown name, wrong arguments, a handler that
raises) stays as visible text and is logged, never an error page.

Extension points, for apps that transform bodies without editing this module:

- register(name, handler): handler(*args, **kwargs) renders `[name ...]`; alone
  in its paragraph, its output replaces the whole <p>, so it may be block content;
- register_paragraph(handler, contains=None): handler(paragraph) gets each <p>
  as a Paragraph and returns HTML to replace it (say, a bare URL alone in its
  paragraph), or None to leave it; `contains` lets bodies without that text skip
  the parse, which costs about 3 ms per 1,000 words;
- register_element(tag, handler): handler(attrs) gets each void element of that
  tag (say, <img data-image="7">) and returns HTML to replace it, or None.
"""

import inspect
import logging
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import NamedTuple

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from blog.sanitize import sanitize_html

logger = logging.getLogger(__name__)

# `[[name ...]]` is the literal text `[name ...]`, as in WordPress.
SHORTCODE = re.compile(
    r"(?P<escaped>\[)?\[(?P<name>[a-z][a-z0-9_-]*)(?P<args>(?:\s[^\[\]]*)?)\]"
    r"(?(escaped)\])"
)
# Authors document shortcodes in code samples: those stay as typed.
LITERAL_TAGS = {"code", "pre"}
VOID_TAGS = {"img", "br", "hr", "wbr"}
# Editors turn straight quotes into curly ones; arguments mean the straight ones.
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"'})

_handlers: dict[str, Callable[..., str]] = {}
_paragraph_handlers: list[Callable[["Paragraph"], str | None]] = []
_element_handlers: dict[str, list[Callable[[dict], str | None]]] = {}
# Text a body must hold for anything here to apply; a body with none of it is only
# sanitized, not parsed (most have no shortcode). None: every body is parsed.
_hints: list[str | None] = ["["]


class ShortcodeError(ValueError):
    """Raised by a handler whose arguments make no sense; the text stays."""


class Token(NamedTuple):
    kind: str  # "start", "end" or "text"
    tag: str
    text: str  # the tag as sanitized, or the text unescaped
    attrs: dict


@dataclass(frozen=True)
class Paragraph:
    """A <p> of a body, as paragraph handlers see it."""

    html: str  # the whole <p>…</p>, sanitized
    inner_html: str
    text: str  # its text content, unescaped, stripped
    elements: tuple[tuple[str, dict], ...]  # (tag, attrs) of each element inside


def register(name: str, handler: Callable[..., str]) -> None:
    """handler(*args, **kwargs) returns safe HTML for one shortcode."""
    _handlers[name] = handler


def register_paragraph(
    handler: Callable[[Paragraph], str | None], *, contains: str | None = None
) -> None:
    """handler(paragraph) returns HTML replacing that <p>, or None to leave it.

    contains: text every paragraph it replaces holds ("://" for a bare URL), so
    bodies without it skip the parse; leave it out to be offered every body."""
    _paragraph_handlers.append(handler)
    _hints.append(contains)


def register_element(tag: str, handler: Callable[[dict], str | None]) -> None:
    """handler(attrs) returns HTML replacing a void element, or None to leave it."""
    if tag not in VOID_TAGS:
        raise ValueError(f"only void elements can be replaced, not <{tag}>")
    _element_handlers.setdefault(tag, []).append(handler)
    _hints.append(f"<{tag}")


def parse_arguments(raw: str) -> tuple[list[str], dict[str, str]]:
    """Positional and key=value arguments; ValueError on an unclosed quote."""
    parts = shlex.split(raw.translate(QUOTES))
    args = [p for p in parts if "=" not in p]
    kwargs = dict(p.split("=", 1) for p in parts if "=" in p)
    return args, kwargs


def render_shortcodes(html: str) -> SafeString:
    """Author HTML with its shortcodes and body transforms rendered."""
    html = sanitize_html(html)
    if not any(hint is None or hint in html for hint in _hints):
        return mark_safe(html)  # noqa: S308  sanitized just above
    tokens = _tokenize(html)
    out: list[str] = []
    literal = 0  # depth inside <code>/<pre>
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "start" and token.tag == "p" and not literal:
            end = _paragraph_end(tokens, i)
            replaced = None if end is None else _paragraph(tokens[i : end + 1])
            if replaced is not None:
                out.append(replaced)
                i = end + 1
                continue
        if token.kind == "text":
            text = token.text
            out.append(escape(text, quote=False) if literal else _expand(text))
        elif token.kind == "start" and token.tag in _element_handlers:
            out.append(_element(token))
        else:
            out.append(token.text)
            if token.tag in LITERAL_TAGS:
                literal = max(0, literal + (1 if token.kind == "start" else -1))
        i += 1
    return mark_safe("".join(out))  # noqa: S308  built from escaped parts


class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(Token("start", tag, self.get_starttag_text(), dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tokens.append(Token("end", tag, f"</{tag}>", {}))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1].kind == "text":
            data = self.tokens.pop().text + data
        self.tokens.append(Token("text", "", data, {}))


def _tokenize(html: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _serialize(tokens: list[Token]) -> str:
    return "".join(
        escape(t.text, quote=False) if t.kind == "text" else t.text for t in tokens
    )


def _paragraph_end(tokens: list[Token], start: int) -> int | None:
    for j in range(start + 1, len(tokens)):
        if tokens[j].tag == "p":
            return j if tokens[j].kind == "end" else None
    return None


def _paragraph(tokens: list[Token]) -> str | None:
    """What replaces this <p>, or None to write it as usual."""
    inner = tokens[1:-1]
    text = "".join(t.text for t in inner if t.kind == "text").strip()
    elements = tuple((t.tag, t.attrs) for t in inner if t.kind == "start")
    alone = None if elements else SHORTCODE.fullmatch(text)
    if alone and not alone["escaped"]:
        rendered = _render(alone)
        if rendered is not None:
            return rendered
        return tokens[0].text + escape(text, quote=False) + "</p>"
    if not _paragraph_handlers:
        return None
    paragraph = Paragraph(
        html=_serialize(tokens),
        inner_html=_serialize(inner),
        text=text,
        elements=elements,
    )
    for handler in _paragraph_handlers:
        rendered = _call(handler, paragraph, what=paragraph.html)
        if rendered is not None:
            return rendered
    return None


def _element(token: Token) -> str:
    for handler in _element_handlers[token.tag]:
        rendered = _call(handler, dict(token.attrs), what=token.text)
        if rendered is not None:
            return rendered
    return token.text


def _expand(text: str) -> str:
    """Escaped text with the shortcodes in it rendered."""
    out, position = [], 0
    for match in SHORTCODE.finditer(text):
        rendered = None if match["escaped"] else _render(match)
        if rendered is None:
            rendered = escape(match[0][1:-1] if match["escaped"] else match[0])
        out += [escape(text[position : match.start()], quote=False), rendered]
        position = match.end()
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def _render(match: re.Match) -> str | None:
    """One shortcode's HTML, or None (logged) when it cannot render."""
    code, handler = match[0], _handlers.get(match["name"])
    if handler is None:
        logger.info("Unknown shortcode %s left as text", code)
        return None
    try:
        args, kwargs = parse_arguments(match["args"])
        _signature(handler).bind(*args, **kwargs)
    except (TypeError, ValueError) as error:
        logger.warning("Shortcode %s left as text: %s", code, error)
        return None
    return _call(handler, *args, what=code, **kwargs)


def _signature(handler) -> inspect.Signature:
    try:
        return inspect.signature(handler)
    except (TypeError, ValueError):  # no signature to read: accept anything
        return inspect.Signature(
            [inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL)]
            + [inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD)]
        )


def _call(handler, *args, what: str, **kwargs) -> str | None:
    """The handler's output, escaped unless safe; None (logged) if it raised."""
    try:
        rendered = handler(*args, **kwargs)
    except ShortcodeError as error:
        logger.warning("%s left as it is: %s", what, error)
        return None
    except Exception:
        # An author's typo or a handler's bug must not take the page down.
        logger.exception("%s left as it is: its handler failed", what)
        return None
    return None if rendered is None else conditional_escape(rendered)
