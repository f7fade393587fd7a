"""What a reader page shows, and when it changes by itself: its surrogate keys.

Rendering code names what it shows: depends_on("posts"), depends_on("post:12").
Those names are the page's surrogate keys (blog.edge.headers), and the names a
write changes (bump) are the keys purged at the edge after commit
(blog.edge.purges). A page that changes by itself says when (expires_at, and the
horizon: the next scheduled post), which ends its s-maxage at that moment, so
no cron job is needed. Nothing is cached here: the edge keeps the pages (and
blog.sidebar_html the sidebar, cleared through on_bump).
"""

import contextvars
import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

_horizon: list[Callable[[], float]] = []


@dataclass
class Recording:
    deps: set = field(default_factory=set)
    expires_at: float = math.inf
    per_reader: bool = False
    # The next publication, when the render already read it (the sidebar does).
    horizon: float | None = None


_recording: contextvars.ContextVar[Recording | None] = contextvars.ContextVar(
    "steppe_shows", default=None
)


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
    """The page being rendered differs between anonymous readers: never shared."""
    recording = _recording.get()
    if recording is not None:
        recording.per_reader = True


_gathering: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "steppe_gathering", default=None
)


_on_bump: list[Callable[[set], None]] = []


def on_bump(function: Callable[[set], None]) -> None:
    """function(names) is called with what each write changed, in its transaction:
    for what the application itself keeps of a page (blog.sidebar_html)."""
    if function not in _on_bump:
        _on_bump.append(function)


def bump(*names: str) -> None:
    """What these names stand for changed: purge the pages showing them."""
    from blog.edge import purges

    gathering = _gathering.get()
    if gathering is not None:
        gathering.update(names)
        return
    for function in _on_bump:
        function(set(names))
    purges.queue(names)


@contextmanager
def deferred():
    """Within: bumps are gathered and queued once, on the way out, so a bulk write
    (an import saving thousands of rows) purges each name once, not once a row."""
    names: set[str] = set()
    token = _gathering.set(names)
    try:
        yield
    finally:
        _gathering.reset(token)
        if names:
            bump(*sorted(names))


def set_horizon(function: Callable[[], float]) -> None:
    """function() gives the time every page goes stale by itself."""
    _horizon[:] = [function]


def horizon_is(timestamp: float) -> None:
    """The render read the next publication: its headers need not ask again."""
    recording = _recording.get()
    if recording is not None:
        recording.horizon = timestamp


def horizon() -> float:
    """When every page goes stale by itself (Unix seconds): the next publication."""
    return _horizon[0]() if _horizon else math.inf


def reader_page(view):
    """Mark a view whose page anonymous readers can share."""
    view.reader_page = True
    return view


@contextmanager
def recording(request):
    """Record what this request's page shows, as request.steppe_shows."""
    request.steppe_shows = Recording()
    token = _recording.set(request.steppe_shows)
    try:
        yield request.steppe_shows
    finally:
        _recording.reset(token)
