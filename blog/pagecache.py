"""Pages and fragments kept until what they show changes.

Rendering code names what it shows: depends_on("posts"), depends_on("post:12").
Writes bump those names. A cached page or fragment keeps the version of every name
it saw and is used only while all of them are unchanged (one get_many a hit), so a
comment approved on one post refreshes that post and the listings showing it, and
leaves every other page cached. Versions live in the shared cache (Redis), so all
gunicorn workers see a bump at once.

Whole pages are kept for anonymous GETs of views marked @reader_page. Parts that
differ per reader (the comment form: CSRF token, signed timestamp) are live
regions: cut out when the page is stored and rendered afresh on every hit.

Entries also expire by themselves: when the next scheduled post goes live, when a
post's comments close (expires_at), and after MAX_AGE at the latest. A bump lands
at once and again at commit; a page rendered from rows read just before a commit
could still be stored under the new version, and MAX_AGE bounds that.
"""

import contextvars
import hashlib
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

MAX_AGE = 900
VERSION = "steppe:v:"
KEPT_PARAMS = ("page", "cpage")  # the only query parameters pages read
LIVE = re.compile(r"<!--live:(?P<name>[a-z-]+):(?P<arg>\d+)-->.*?<!--/live-->", re.S)
HOLE = re.compile(r"\x00live:(?P<name>[a-z-]+):(?P<arg>\d+)\x00")
MARKERS = re.compile(r"<!--live:[a-z-]+:\d+-->|<!--/live-->")

RECENT = 300  # entries each process keeps a copy of (see _entry)
_recent: OrderedDict = OrderedDict()
_recent_lock = threading.Lock()
_unsent: set[str] = set()  # version keys whose bump did not reach the cache
_live_renderers: dict[str, Callable] = {}
_horizon: list[Callable[[], float]] = []
_bump_listeners: list[Callable] = []


@dataclass
class Recording:
    deps: set = field(default_factory=set)
    expires_at: float = math.inf
    per_reader: bool = False


_recording: contextvars.ContextVar[Recording | None] = contextvars.ContextVar(
    "steppe_recording", default=None
)


def enabled() -> bool:
    return settings.STEPPE_PAGE_CACHE


def fragments_enabled() -> bool:
    return settings.STEPPE_FRAGMENT_CACHE


def depends_on(*names: str) -> None:
    """The page being rendered shows what these names stand for."""
    recording = _recording.get()
    if recording is not None:
        recording.deps.update(names)


def expires_at(timestamp: float) -> None:
    """The page being rendered changes by itself at this time (Unix seconds)."""
    recording = _recording.get()
    if recording is not None:
        recording.expires_at = min(recording.expires_at, timestamp)


def per_reader() -> None:
    """The page being rendered differs between anonymous readers: never keep it."""
    recording = _recording.get()
    if recording is not None:
        recording.per_reader = True


_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "steppe_deferred_bumps", default=None
)


@contextmanager
def deferred():
    """Within: bumps are gathered and made once, on the way out, so a bulk write
    (an import saving thousands of rows) bumps each name once, not once a row."""
    names: set[str] = set()
    token = _deferred.set(names)
    try:
        yield
    finally:
        _deferred.reset(token)
        if names:
            bump(*sorted(names))


def bump(*names: str) -> None:
    """What these names stand for changed: pages showing them are stale."""
    gathering = _deferred.get()
    if gathering is not None:
        gathering.update(names)
        return
    keys = [VERSION + name for name in names]
    _write_versions(keys)
    transaction.on_commit(lambda: _write_versions(keys))
    for listener in _bump_listeners:
        listener(names)


def on_bump(listener: Callable) -> None:
    """listener(names) is called on every bump (the edge purges those names)."""
    if listener not in _bump_listeners:
        _bump_listeners.append(listener)


def _write_versions(keys) -> None:
    """New versions for these keys; those the shared cache did not take are kept
    to send again, or pages kept before would be served as current once the cache
    is back (up to MAX_AGE)."""
    versions = {key: time.time_ns() for key in keys}
    cache.set_many(versions, None)
    stored = {} if _degraded() else cache.get_many(keys)
    # Another process may have written a newer version since: that one counts.
    missed = {key for key in keys if stored.get(key, 0) < versions[key]}
    with _recent_lock:
        _unsent.update(missed)
        _unsent.difference_update(set(keys) - missed)


def _degraded() -> bool:
    """True while the shared cache is out and a per-process stand-in answers."""
    degraded = getattr(cache, "degraded", None)
    return bool(degraded and degraded())


def _resend_versions() -> None:
    """Bumps that could not reach the shared cache, tried again before it is read."""
    if _unsent and not _degraded():
        with _recent_lock:
            keys = list(_unsent)
        _write_versions(keys)


def set_horizon(function: Callable[[], float]) -> None:
    """function() gives the time everything cached goes stale by itself."""
    _horizon[:] = [function]


def horizon() -> float:
    """When everything cached goes stale by itself (Unix seconds)."""
    return _horizon[0]() if _horizon else math.inf


def register_live(name: str, render: Callable) -> None:
    """render(request, number) gives the HTML of the live region `name`."""
    _live_renderers[name] = render


def live_region(name: str, number: int, html: str) -> SafeString:
    return mark_safe(f"<!--live:{name}:{int(number)}-->{html}<!--/live-->")  # noqa: S308


def _versions(names) -> dict:
    keys = [VERSION + name for name in names]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), None)
        found |= cache.get_many(missing)
    return {name: found.get(VERSION + name) for name in names}


def _matches(deps: dict, found: dict) -> bool:
    return all(
        version is not None and found.get(VERSION + name) == version
        for name, version in deps.items()
    )


def _fresh(entry) -> bool:
    if not entry or entry["expires_at"] <= time.time():
        return False
    deps = entry["deps"]
    return _matches(deps, cache.get_many([VERSION + name for name in deps]))


def _store(key: str, value, recording: Recording) -> None:
    now = time.time()
    expires = min(recording.expires_at, horizon(), now + MAX_AGE)
    if recording.per_reader or expires <= now + 1:
        return
    entry = {
        "value": value,
        "deps": _versions(sorted(recording.deps)),
        "expires_at": expires,
    }
    cache.set(key, entry, math.ceil(expires - now))
    _remember(key, entry)


def _entry(key: str):
    """A cached entry: this process's copy when it has one, else the shared one.

    A copy is only a shortcut: it is used, like any entry, after its versions are
    checked against the shared cache, so one round trip of small values serves a
    page instead of fetching and unpickling the whole page every time.
    """
    _resend_versions()
    entry = _recent.get(key)
    if entry is not None and entry["deps"] and _fresh(entry):
        _remember(key, entry)
        return entry
    entry = cache.get(key)
    if entry is not None and _fresh(entry):
        _remember(key, entry)
        return entry
    with _recent_lock:
        _recent.pop(key, None)
    return None


def _unconfirmed(entry) -> bool:
    """Nothing says this entry is stale: versions gone, maybe, but none changed."""
    deps = entry["deps"]
    found = cache.get_many([VERSION + name for name in deps])
    return all(found.get(VERSION + name) in (None, v) for name, v in deps.items())


def forget_copies() -> None:
    """Drop this process's copies (tests clear the shared cache between them)."""
    with _recent_lock:
        _recent.clear()
        _unsent.clear()


def _remember(key: str, entry) -> None:
    with _recent_lock:  # threaded servers (runserver, gthread) share the copies
        _recent[key] = entry
        _recent.move_to_end(key)
        while len(_recent) > RECENT:
            _recent.popitem(last=False)


def _pass_up(deps, expires: float, per_reader_: bool = False) -> None:
    outer = _recording.get()
    if outer is not None:
        outer.deps.update(deps)
        outer.expires_at = min(outer.expires_at, expires)
        outer.per_reader |= per_reader_


def fresh_fragments(names: list[str]) -> dict[str, str]:
    """Those of these fragments that are cached and current, in two round trips."""
    if not fragments_enabled() or not names:
        return {}
    _resend_versions()
    entries = cache.get_many([f"steppe:f:{name}" for name in names])
    now = time.time()
    entries = {k: e for k, e in entries.items() if e and e["expires_at"] > now}
    wanted = {VERSION + dep for entry in entries.values() for dep in entry["deps"]}
    current = cache.get_many(list(wanted)) if wanted else {}
    fresh = {}
    for key, entry in entries.items():
        deps = entry["deps"]
        if all(
            v is not None and current.get(VERSION + d) == v for d, v in deps.items()
        ):
            _pass_up(deps, entry["expires_at"])
            fresh[key.removeprefix("steppe:f:")] = entry["value"]
    return fresh


def cached(name: str, build: Callable[[], str]) -> str:
    """A fragment: kept like a page, and its names count for the page around it."""
    key = f"steppe:f:{name}"
    entry = _entry(key) if fragments_enabled() else None
    if entry is not None:
        _pass_up(entry["deps"], entry["expires_at"])
        return entry["value"]
    recording = Recording()
    token = _recording.set(recording)
    try:
        value = build()
    finally:
        _recording.reset(token)
    if fragments_enabled():
        _store(key, value, recording)
    _pass_up(recording.deps, recording.expires_at, recording.per_reader)
    return value


def reader_page(view):
    """Mark a view whose page anonymous readers can share."""
    view.reader_page = True
    return view


def page_key(request) -> str:
    params = [(k, request.GET.get(k)) for k in KEPT_PARAMS if k in request.GET]
    raw = f"{request.get_host()}{request.path}?{params}"
    return "steppe:p:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    """Serves and keeps @reader_page pages for anonymous GET requests.

    Last in MIDDLEWARE: what it returns still passes through CSRF (the live form's
    token cookie), security headers and logging on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recording = Recording()
        request.steppe_shows = recording  # what the page shows (blog.edge.headers)
        token = _recording.set(recording)
        try:
            response = self.get_response(request)
        finally:
            _recording.reset(token)
        key = getattr(request, "_page_cache_key", None)
        if key and response.status_code == 200 and not response.streaming:
            html = response.content.decode(response.charset)
            if request.method == "GET":
                stored = LIVE.sub(
                    lambda m: f"\x00live:{m['name']}:{m['arg']}\x00", html
                )
                _store(key, (stored, response["Content-Type"]), recording)
            response.content = MARKERS.sub("", html)
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (
            enabled()
            and getattr(view_func, "reader_page", False)
            and request.method in ("GET", "HEAD")
            # A session may be signed in; asking would cost a query (and fail when
            # the database is down, where cached pages should still be served).
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return None
        key = page_key(request)
        copy = _recent.get(key)
        entry = _entry(key)
        if entry is None:
            request._page_cache_key = key
            request._page_cache_copy = copy
            return None
        return self._respond(request, entry, "hit")

    def process_exception(self, request, exception):
        """The database is down and this process has a copy of the page: better
        that copy, unconfirmed, than a 503 (stale-if-error)."""
        copy = getattr(request, "_page_cache_copy", None)
        if (
            copy is None
            or not isinstance(exception, (OperationalError, InterfaceError))
            or copy["expires_at"] < time.time() - MAX_AGE  # too old even for that
            or not _unconfirmed(copy)
        ):
            return None
        request._page_cache_key = None  # not to be stored again as current
        return self._respond(request, copy, "stale")

    def _respond(self, request, entry, state: str) -> HttpResponse:
        if state == "hit":  # a stale copy is not passed on as current
            _pass_up(entry["deps"], entry["expires_at"])
        html, content_type = entry["value"]
        html = HOLE.sub(
            lambda m: _live_renderers[m["name"]](request, int(m["arg"])), html
        )
        response = HttpResponse(html, content_type=content_type)
        response["X-Page-Cache"] = state
        return response
