"""One URL pattern reversed once a process and filled in for every row that needs it.

reverse() costs ~0.05-0.2 ms; a sidebar of ten years of months, a page of 150
comments or a feed of 20 posts would spend more on it than on its queries.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


def url_filler(name: str, *markers):
    """reverse(name, args=markers) once; a function putting real arguments in.

    Each marker is a value the route accepts, found once in its URL; arguments
    go in already in their URL form (a zero-padded month), quoted as reverse()
    quotes them. Kept per script prefix and URLconf, the inputs of reverse().
    """
    return _filler(
        name, markers, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF
    )


@functools.cache
def _filler(name, markers, prefix, urlconf, root_urlconf):
    pieces = [reverse(name, args=markers)]
    for marker in map(str, markers):
        *head, last = pieces
        split = last.split(marker)
        if len(split) != 2:  # e.g. in a script prefix: slower, still right
            return lambda *args: reverse(name, args=args)
        pieces = [*head, *split]

    def fill(*args) -> str:
        out = [pieces[0]]
        for arg, piece in zip(args, pieces[1:], strict=True):
            text = str(arg)
            if not (text.isascii() and text.isalnum()):  # those need no quoting
                text = quote(text, safe=_SAFE)
            out += [text, piece]
        return "".join(out)

    return fill
