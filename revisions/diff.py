"""A readable, word-level diff of two versions of author HTML, escaped.

Bodies are compared as the text a person reads (paragraphs, words, images by their
description), never as markup, so a diff shows what changed, not tag soup.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
    "figure", "figcaption", "tr", "table", "ul", "ol", "hr", "dt", "dd",
}  # fmt: skip
# Beyond this many token pairs, a word-level pass costs seconds: show the change
# as the old words struck and the new ones added.
WORD_PAIRS_MAX = 1_000_000
TOKEN = re.compile(r"\n+|[^\S\n]+|\x00\d+\x00|[^\s\x00]+")


@dataclass
class Image:
    attrs: dict
    missing: bool = False


@dataclass
class Text:
    """Readable text of author HTML; images stand in it as numbered markers."""

    parts: list = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


# Each checker gets every image of the texts being compared (their attributes) and
# returns the positions of those whose file or library entry no longer exists. One
# call per checker per diff, so a checker can look all of them up in one query.
_checkers: list[Callable[[list[dict]], set[int]]] = []


def register_checker(checker: Callable[[list[dict]], set[int]]) -> None:
    """Let an app (the media library) say which referenced images are gone."""
    if checker not in _checkers:
        _checkers.append(checker)


def uploaded_files_missing(images: list[dict]) -> set[int]:
    """Images whose src is one of our uploads, and the file is not in storage."""
    missing = set()
    for position, attrs in enumerate(images):
        src = attrs.get("src") or ""
        if src.startswith(settings.MEDIA_URL):
            name = src.removeprefix(settings.MEDIA_URL)
            if not name or not default_storage.exists(name):
                missing.add(position)
    return missing


register_checker(uploaded_files_missing)


class _Reader(HTMLParser):
    def __init__(self, text: Text):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.href_stack: list[str | None] = []
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in BLOCKS:
            self.text.parts.append("\n\n")
        elif tag == "br":
            self.text.parts.append("\n")
        elif tag == "img":
            self.text.images.append(Image(attrs))
            self.text.parts.append(self.text.images[-1])
        elif tag == "a":
            self.href_stack.append(attrs.get("href"))
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text.parts.append("\n\n")
        elif tag == "a" and self.href_stack:
            href = self.href_stack.pop()
            # A changed link target is a change a reader meets: show where it goes.
            if href and href.strip() != "".join(self.link_text).strip():
                self.text.parts.append(f" <{href}>")

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)  # a newline in the markup is a space
        self.text.parts.append(data)
        self.link_text.append(data)


def read(html: str) -> Text:
    text = Text()
    _Reader(text).feed(html or "")
    return text


def _check(texts: list[Text]) -> None:
    images = [image for text in texts for image in text.images]
    attrs = [image.attrs for image in images]
    for checker in _checkers:
        for position in checker(attrs):
            images[position].missing = True


def _label(image: Image) -> str:
    description = image.attrs.get("alt") or image.attrs.get("src") or "?"
    if image.missing:
        return _("[missing image: %(description)s]") % {"description": description}
    return _("[image: %(description)s]") % {"description": description}


def _tokens(text: Text) -> list[str]:
    labels, pieces = [], []
    for part in text.parts:
        if isinstance(part, Image):
            labels.append(_label(part))
            pieces.append(f" \x00{len(labels) - 1}\x00 ")
        else:
            pieces.append(part.replace("\x00", ""))
    joined = re.sub(r"[^\S\n]+", " ", "".join(pieces))
    # Paragraph breaks, however many tags made them, count as one.
    joined = re.sub(r"\s*\n\s*\n\s*", "\n\n", joined).strip()
    return [
        labels[int(token[1:-1])] if token.startswith("\x00") else token
        for token in TOKEN.findall(joined)
    ]


def _listed(items: list[str]) -> list[str]:
    tokens = []
    for item in items:
        tokens.extend([", ", item] if tokens else [item])
    return tokens


def _mark(tag: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    # Keep the mark inside the paragraph: breaks stay outside it.
    lead = text[: len(text) - len(text.lstrip("\n"))]
    trail = text[len(text.rstrip("\n")) :]
    core = text.strip("\n")
    return (
        escape(lead)
        + (f"<{tag}>{escape(core)}</{tag}>" if core else "")
        + escape(trail)
    )


def _words(old: list[str], new: list[str]) -> str:
    if len(old) * len(new) > WORD_PAIRS_MAX:  # a rewrite: shown as one
        return _mark("del", old) + _mark("ins", new)
    out = []
    # Spaces are never anchors: matching on them made long diffs quadratic.
    matcher = difflib.SequenceMatcher(str.isspace, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(new[b1:b2])))
        if op in ("delete", "replace"):
            out.append(_mark("del", old[a1:a2]))
        if op in ("insert", "replace"):
            out.append(_mark("ins", new[b1:b2]))
    return "".join(out)


def _paragraphs(tokens: list[str]) -> list[list[str]]:
    paragraphs = [[]]
    for token in tokens:
        if token == "\n\n":
            paragraphs.append([])
        else:
            paragraphs[-1].append(token)
    return paragraphs


def _joined(paragraphs: list[list[str]]) -> list[str]:
    tokens = []
    for paragraph in paragraphs:
        tokens.extend(["\n\n", *paragraph] if tokens else paragraph)
    return tokens


def word_diff(old: list[str], new: list[str]) -> SafeString:
    """Escaped text of `new`, with <del> for words gone and <ins> for words added.

    Paragraphs are matched first and words only within changed ones, so a long
    post diffs in milliseconds (one word-level pass over it is quadratic).
    """
    a, b = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(
        None, ["".join(p) for p in a], ["".join(p) for p in b], autojunk=False
    )
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(escape("".join(p)) for p in b[b1:b2])
        elif op == "delete":
            out.extend(_mark("del", p) for p in a[a1:a2])
        elif op == "insert":
            out.extend(_mark("ins", p) for p in b[b1:b2])
        elif a2 - a1 == b2 - b1:  # as many paragraphs changed: each against its own
            out.extend(_words(x, y) for x, y in zip(a[a1:a2], b[b1:b2], strict=True))
        else:
            out.append(_words(_joined(a[a1:a2]), _joined(b[b1:b2])))
    return mark_safe("\n\n".join(out))  # noqa: S308  every piece escaped above


@dataclass
class FieldDiff:
    name: str
    label: str
    changed: bool
    html: SafeString


def compare(old: dict, new: dict, labels: dict) -> tuple[list[FieldDiff], int]:
    """Per field, the diff from `old` to `new`, and how many images are missing."""
    old_body, new_body = read(old.get("body", "")), read(new.get("body", ""))
    _check([old_body, new_body])
    missing = sum(image.missing for image in old_body.images)
    diffs = []
    for name, label in labels.items():
        if name == "body":
            a, b = _tokens(old_body), _tokens(new_body)
        elif name == "tags":
            # Each tag one token: a renamed tag is one change, not its words.
            a, b = (_listed(value.get(name) or []) for value in (old, new))
        else:
            a, b = (TOKEN.findall(value.get(name) or "") for value in (old, new))
        diffs.append(FieldDiff(name, label, a != b, word_diff(a, b)))
    return diffs, missing
