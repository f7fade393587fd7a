"""The reader's address, the one name for it: comments, surveys, sign-in and logs.

REMOTE_ADDR is the TCP peer. Behind nginx that is nginx, for every reader, so the
address is read from X-Forwarded-For, but only through the proxies named in
TRUSTED_PROXIES (addresses or CIDR ranges) or counted by TRUSTED_PROXY_HOPS: walking
the header from the right, the first address that is not a trusted proxy is the
reader. Anything a client wrote further left is ignored, and with no proxy configured
(the default) the header is never read, so a direct client cannot spoof it.

django-ipware is not used: it never looks at the TCP peer before believing the
header (a direct client's forged header wins), matches proxies by string prefix,
and prefers any public address in the header over a private or loopback one.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 readers as ::ffff:a.b.c.d.
    return getattr(address, "ipv4_mapped", None) or address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


def _is_proxy(address: Address, hop: int) -> bool:
    """Whether the address `hop` steps from Django is a trusted proxy."""
    if hop < settings.TRUSTED_PROXY_HOPS:
        return True
    return any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def peer_is_trusted_proxy(request) -> bool:
    """Whether the TCP peer may speak for the reader (X-Forwarded-*)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    return peer is not None and _is_proxy(peer, 0)


def client_ip(request) -> str | None:
    """The reader's address: the rightmost one that is not a trusted proxy."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    hop = 0
    for entry in reversed(forwarded):
        if not _is_proxy(address, hop):
            break
        earlier = _parse(entry)
        if earlier is None:
            # Garbage or nothing left of a trusted proxy: that proxy is all we know.
            break
        address, hop = earlier, hop + 1
    return str(address)


class ForwardedProtoMiddleware:
    """Drop X-Forwarded-Proto unless a trusted proxy sent it.

    SECURE_PROXY_SSL_HEADER makes Django believe the header from anyone; a direct
    client must not make itself look like HTTPS (HSTS, secure cookies, CSRF rules).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not peer_is_trusted_proxy(request):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)
