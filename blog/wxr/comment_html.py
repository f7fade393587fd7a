"""A WordPress comment as WordPress showed it: its few inline tags, nothing else.

WordPress lets commenters write a, abbr, b, blockquote, cite, code, del, em, i, q,
s, strike and strong; an imported comment keeps its text exactly and is shown
through this allowlist (paragraphs as WordPress makes them), links marked
nofollow ugc. Comments posted on Steppe stay plain text.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe

from blog.wxr.content import wpautop

_cleaner = nh3.Cleaner(
    tags={
        "a",
        "abbr",
        "b",
        "blockquote",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "q",
        "s",
        "strike",
        "strong",
        "p",
        "br",
    },  # fmt: skip
    attributes={"a": {"href", "title"}, "abbr": {"title"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow ugc",
    strip_comments=True,
)


def comment_html(text: str) -> SafeString:
    """Allowlisted HTML for one imported comment."""
    return mark_safe(_cleaner.clean(wpautop(text or "")))  # noqa: S308  allowlisted
