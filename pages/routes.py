"""Which page paths Steppe's own routes already take, read from the URLconf.

A page lives at any path no other route answers, so a page at /tag/ or /2010/
would be unreachable, or would hide the tag pages and year archives under it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from django.urls.resolvers import RoutePattern

PAGE_ROUTE = "pages:detail"


@dataclass(frozen=True)
class Route:
    segments: tuple[str, ...]  # literal text, or a converter's regex in <…>
    converters: tuple  # None for a literal segment, else the converter
    shown: str  # as written in the URLconf, "/tag/<str:slug>/"

    def takes(self, parts: list[str]) -> bool:
        """Whether this route answers this path, a path under it, or above it."""
        for part, segment, converter in zip(
            parts, self.segments, self.converters, strict=False
        ):
            if converter is None:
                if part != segment:
                    return False
            elif not converter.fullmatch(part):
                return False
        return True


def _split(route: str):
    segments, converters = [], []
    for segment in route.strip("/").split("/"):
        if not segment:
            continue
        match = re.fullmatch(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", segment)
        if match:
            converter = get_converters()[match["conv"] or "str"]
            if match["conv"] == "path":
                # A path converter takes every deeper path as well.
                converters.append(re.compile(".+"))
            else:
                converters.append(re.compile(converter.regex))
        elif "<" in segment:  # text and a converter in one segment
            converters.append(re.compile(re.sub(r"<[^>]+>", ".+", re.escape(segment))))
        else:
            converters.append(None)
        segments.append(segment)
    return tuple(segments), tuple(converters)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if not isinstance(pattern.pattern, RoutePattern) or route is None:
            # A regex route: its literal start is what can collide.
            route = pattern.pattern.regex.pattern.lstrip("^").split("(")[0]
            route = route.replace("\\", "").rstrip("$")
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + route, inner)
        elif isinstance(pattern, URLPattern):
            if f"{namespace}{pattern.name}" == PAGE_ROUTE:
                continue
            yield prefix + route


def steppe_routes() -> list[Route]:
    """Every route but the pages' own catch-all, plus static and media files."""
    return _routes(get_resolver(), settings.STATIC_URL, settings.MEDIA_URL)


@lru_cache(maxsize=8)
def _routes(resolver, *file_urls: str) -> list[Route]:
    routes = list(_walk(resolver.url_patterns))
    # Served in front of Django (nginx, whitenoise, storage), so not in the URLconf.
    for url in file_urls:
        if url and url.startswith("/"):
            routes.append(url.strip("/").split("/")[0] + "/")
    found = []
    for route in routes:
        segments, converters = _split(route)
        if segments:  # the home page ("") takes no page's path
            found.append(Route(segments, converters, f"/{route}"))
    return found


def colliding_route(path: str) -> str | None:
    """The route, as written in the URLconf, that this page path collides with."""
    parts = path.split("/")
    taken = [route for route in steppe_routes() if route.takes(parts)]
    if not taken:
        return None
    return min(taken, key=lambda route: len(route.segments)).shown
