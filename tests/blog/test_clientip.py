"""The reader's address through trusted proxies only (blog/clientip.py)."""

import pytest
from django.test import RequestFactory

from blog.clientip import ForwardedProtoMiddleware, client_ip

NGINX = "10.0.0.5"


def address(settings, remote, forwarded=None, proxies=(), hops=0):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_HOPS = list(proxies), hops
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_never_read(settings):
    assert address(settings, "203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_through_a_trusted_proxy_the_reader_is_its_rightmost_entry(settings):
    forged = "6.6.6.6, 198.51.100.7"  # the reader sent 6.6.6.6 itself
    assert address(settings, NGINX, forged, [NGINX]) == "198.51.100.7"


def test_an_untrusted_peer_is_the_reader_whatever_it_sends(settings):
    assert address(settings, "203.0.113.9", "198.51.100.1", [NGINX]) == "203.0.113.9"


def test_cidr_ranges_and_chains_of_proxies(settings):
    chain = "198.51.100.7, 10.1.2.3"  # reader, then a load balancer in 10/8
    assert address(settings, NGINX, chain, ["10.0.0.0/8"]) == "198.51.100.7"
    assert address(settings, NGINX, "10.9.9.9", ["10.0.0.0/8"]) == "10.9.9.9"


def test_a_hop_count_trusts_that_many_peers_from_the_right(settings):
    chain = "6.6.6.6, 198.51.100.7, 10.1.2.3"
    assert address(settings, NGINX, chain, hops=1) == "10.1.2.3"
    assert address(settings, NGINX, chain, hops=2) == "198.51.100.7"
    assert address(settings, NGINX, "198.51.100.7", hops=5) == "198.51.100.7"


def test_garbage_left_of_a_proxy_leaves_the_proxy(settings):
    assert address(settings, NGINX, "unknown", [NGINX]) == NGINX
    assert address(settings, NGINX, "", [NGINX]) == NGINX
    assert address(settings, NGINX, None, [NGINX]) == NGINX


def test_ipv6_and_mapped_ipv4(settings):
    assert address(settings, "::ffff:203.0.113.9") == "203.0.113.9"
    assert address(settings, "::1", "2001:db8::7", ["::1"]) == "2001:db8::7"
    assert address(settings, "not an address") is None


@pytest.mark.parametrize(("remote", "kept"), [(NGINX, True), ("203.0.113.9", False)])
def test_forwarded_proto_is_believed_from_a_trusted_proxy_only(settings, remote, kept):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_HOPS = [NGINX], 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https"
    )
    ForwardedProtoMiddleware(lambda r: None)(request)
    assert request.is_secure() is kept


def test_a_bad_trusted_proxy_stops_the_start(tmp_path):
    import os
    import subprocess
    import sys

    env = os.environ | {"TRUSTED_PROXIES": "10.0.0.0/33", "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr
