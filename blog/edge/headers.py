"""What a shared cache may keep, for how long, under which keys.

Reader pages (views marked @reader_page) seen by anyone without a session are the
same for every reader: `public`, a short max-age for browsers and a longer
s-maxage for the edge, cut short at the moment the page changes by itself (a
scheduled post going live, comments closing: blog.edge.surrogate's horizon).
Anything else, and any reader page that is per reader (signed in, a protected
post, a POST, a response setting a cookie), is `private, no-store`.
"""

import hashlib
import re
import time

from django.conf import settings
from django.utils.cache import patch_cache_control

from blog.edge import conf, surrogate

PRIVATE = "private, no-store"
# Every page carries this key too, so one purge can empty the edge (after a deploy).
EVERYTHING = "steppe"
# The values that differ between readers of the same page (the comment form's
# signed timestamp and hash): left out of the ETag, which names the shared page.
PER_READER = re.compile(rb'(name="(?:timestamp|security_hash)" value=")[^"]*')


def shared_lifetime(recording) -> tuple[int, bool]:
    """Seconds an edge may keep this page: s-maxage, or less if it changes sooner;
    and whether it does change by itself then (a scheduled post, comments closing)."""
    upcoming = recording.horizon
    if upcoming is None:  # the render did not read it (the sidebar does)
        upcoming = surrogate.horizon()
    changes_in = min(recording.expires_at, upcoming) - time.time()
    if changes_in < settings.STEPPE_EDGE_S_MAXAGE:
        return int(changes_in), True
    return settings.STEPPE_EDGE_S_MAXAGE, False


def weak_etag(content: bytes) -> str:
    shared = PER_READER.sub(rb"\1", content) if b"security_hash" in content else content
    return f'W/"{hashlib.md5(shared, usedforsecurity=False).hexdigest()}"'


def _shared(request, response) -> bool:
    recording = getattr(request, "steppe_shows", None)
    return (
        getattr(request, "_reader_page", False)
        and recording is not None
        and not recording.per_reader
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "Cache-Control" not in response
    )


def _public(response, recording) -> None:
    lifetime, changes_then = shared_lifetime(recording)
    if lifetime < 1:  # changes within the second: every reader asks again
        response["Cache-Control"] = "no-cache"
        return
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.STEPPE_EDGE_MAX_AGE, lifetime),
        s_maxage=lifetime,
        # Not one stale copy after a scheduled post's time (deploy/varnish.vcl).
        stale_while_revalidate=0
        if changes_then
        else settings.STEPPE_EDGE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.STEPPE_EDGE_STALE_IF_ERROR,
    )
    response["ETag"] = weak_etag(response.content)
    header = conf.key_header()
    if header:
        response[header] = conf.key_value({*recording.deps, EVERYTHING})
    if conf.uses_esi() and b"<esi:include" in response.content:
        response["Surrogate-Control"] = 'content="ESI/1.0"'


class EdgeHeadersMiddleware:
    """Cache-Control, a validator and surrogate keys on the way out.

    Before ConditionalGetMiddleware (which answers 304 from the ETag); records
    what the page shows (blog.edge.surrogate) while the view and template run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with surrogate.recording(request):
            response = self.get_response(request)
        if _shared(request, response):
            _public(response, request.steppe_shows)
        elif not response.streaming:
            # Views that set their own (admin's never_cache, protected posts) keep it.
            if "Cache-Control" not in response or request.method not in (
                "GET",
                "HEAD",
            ):
                response["Cache-Control"] = PRIVATE
            if header := conf.key_header():
                del response[header]
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._reader_page = getattr(view_func, "reader_page", False)
