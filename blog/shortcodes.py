"""Shortcodes in post bodies, as WordPress has them: `[name arg key="value"]`.

Apps register handlers (surveys adds `[survey_results]`); blog knows none of them.
An unknown shortcode stays as text.
"""

import re
import shlex
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

SHORTCODE = re.compile(r"\[(?P<name>[a-z_]+)(?P<args>(?:\s[^\[\]]*)?)\]")
# A shortcode alone in its paragraph may render block content: the <p> goes.
ALONE = re.compile(r"<p>\s*(?P<code>\[[a-z_]+(?:\s[^\[\]]*)?\])\s*</p>")
_handlers: dict[str, Callable[..., str]] = {}


def register(name: str, handler: Callable[..., str]) -> None:
    """handler(*args, **kwargs) returns safe HTML for one shortcode."""
    _handlers[name] = handler


def _parse(raw: str) -> tuple[list[str], dict[str, str]]:
    try:
        parts = shlex.split(raw)
    except ValueError:
        parts = raw.split()
    args = [p for p in parts if "=" not in p]
    kwargs = dict(p.split("=", 1) for p in parts if "=" in p)
    return args, kwargs


def render_shortcodes(html: str) -> SafeString:
    """Author HTML (already sanitized) with its known shortcodes rendered."""

    def render(code: str) -> str | None:
        match = SHORTCODE.fullmatch(code)
        handler = _handlers.get(match["name"]) if match else None
        if handler is None:
            return None
        args, kwargs = _parse(match["args"].replace("&quot;", '"'))
        return handler(*args, **kwargs)

    def replace(match, group=0):
        rendered = render(match[group])
        return match[0] if rendered is None else rendered

    html = ALONE.sub(lambda match: replace(match, "code"), html)
    return mark_safe(SHORTCODE.sub(replace, html))  # noqa: S308  sanitized on save
