"""Which edge is configured, and the header it reads its keys from."""

from django.conf import settings

KEY_HEADERS = {"varnish": "xkey", "fastly": "Surrogate-Key", "cloudflare": "Cache-Tag"}
# Cloudflare has no Edge Side Includes: there the comment form stays in the page.
ESI_EDGES = {"varnish", "fastly"}


def edge() -> str:
    return settings.STEPPE_EDGE


def key_header() -> str | None:
    return KEY_HEADERS.get(edge())


def uses_esi() -> bool:
    return edge() in ESI_EDGES


def key_value(names) -> str:
    """The keys as the edge's header lists them (Cloudflare: commas)."""
    separator = "," if edge() == "cloudflare" else " "
    return separator.join(sorted(names))
