"""What a Steppe export adds for Steppe's importer: old addresses, exact comments.

_steppe_redirects (post meta) lists a post's old addresses, one path a line, so a
second move keeps the first move's links working. _steppe_text (comment meta)
marks a comment posted on Steppe as plain text, exported HTML-escaped: unescaped,
it is exactly what the commenter typed, tags, line breaks and all.
"""

import html


def carried_redirects(item: dict) -> list[str]:
    return item["meta"].get("_steppe_redirects", "").splitlines()


def exact_comment_text(comment: dict) -> str | None:
    if comment.get("meta", {}).get("_steppe_text") != "1":
        return None
    return html.unescape(comment.get("comment_content", ""))[:10_000]
