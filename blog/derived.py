"""What is derived from a post's body when it is saved, never when it is shown."""

import html
import math

from django.utils.html import strip_tags
from django.utils.text import Truncator

# A short post is shown whole in listings; a longer one by its excerpt.
SHORT_POST_WORDS = 150
EXCERPT_WORDS = 55
WORDS_PER_MINUTE = 200


def derived_text(body: str, excerpt: str = "", protected: bool = False) -> dict:
    """What listings, feeds and meta tags show of a post, from its body once."""
    text = strip_tags(body)  # once: it parses the HTML, the slow part of a save
    words = len(text.split())
    summary = excerpt or Truncator(html.unescape(text)).words(
        EXCERPT_WORDS, truncate=" …"
    )
    return {
        # A protected post keeps no copy of its text outside the body.
        "summary_text": "" if protected else summary,
        "body_words": words,
        "reading_minutes": max(1, math.ceil(words / WORDS_PER_MINUTE)),
    }
