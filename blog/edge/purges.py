"""Purges, delivered after commit, retried until the edge confirms them.

A bump writes one PendingPurge row per edge host in the transaction of the change
itself, so a purge is lost neither by a crash after commit nor by a host that is
down: the row stays until a drain delivers it. Drains run after each commit, on
later requests (DrainMiddleware, at most every RETRY_EVERY seconds per process)
and from `manage.py drain_purges`. A host that failed is left alone for a while,
so a down edge costs a write at most one short timeout; and every page expires
by itself after s-maxage, the bound on staleness if every purge fails.
"""

import json
import logging
import time
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from blog.edge import conf

logger = logging.getLogger("steppe")

TIMEOUT = 0.5  # seconds, connect and answer, per host
RETRY_EVERY = 15  # seconds between drains a process runs on readers' requests
LONGEST_WAIT = 300  # seconds between retries of a host that keeps failing
LATEST = timedelta(seconds=LONGEST_WAIT + 1)
_failed_until: dict[str, float] = {}  # per process: hosts to leave alone until then
_last_drain = [0.0]
# Straight to the edge host, whatever HTTP proxy the environment names.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def queue(names) -> None:
    """Purge these names at every edge host once the transaction commits."""
    urls = settings.STEPPE_EDGE_PURGE_URLS
    if conf.edge() == "none" or not urls or not names:
        return
    from blog.edge.models import PendingPurge

    keys = " ".join(sorted(set(names)))
    PendingPurge.objects.bulk_create(PendingPurge(url=url, keys=keys) for url in urls)
    # After the first of a transaction's drains the others find nothing left.
    transaction.on_commit(drain)


def drain(*, due_only: bool = True) -> int:
    """Deliver the purges that are due (or all); the number of hosts that confirmed."""
    from blog.edge.models import PendingPurge

    now = timezone.now()
    delivered = 0
    if not due_only:
        forget_failures()
    try:
        with transaction.atomic():
            # Rows another process is delivering are skipped, not waited for.
            rows = list(
                PendingPurge.objects.select_for_update(skip_locked=True).filter(
                    not_before__lte=now if due_only else timezone.now() + LATEST
                )
            )
            by_url: dict[str, list] = {}
            for row in rows:
                by_url.setdefault(row.url, []).append(row)
            for url, pending in by_url.items():
                ids = [row.pk for row in pending]
                keys = sorted({key for row in pending for key in row.keys.split()})
                if send(url, keys):
                    PendingPurge.objects.filter(pk__in=ids).delete()
                    delivered += 1
                else:
                    _postpone(ids, max(row.attempts for row in pending))
    except DatabaseError as error:  # the rows stay; the next drain delivers them
        logger.warning("edge purges not drained: %s", error.__class__.__name__)
    return delivered


def _postpone(ids, attempts: int) -> None:
    from blog.edge.models import PendingPurge

    wait = min(2 ** (attempts + 1), LONGEST_WAIT)
    PendingPurge.objects.filter(pk__in=ids).update(
        attempts=F("attempts") + 1, not_before=timezone.now() + timedelta(seconds=wait)
    )


def send(url: str, keys: list[str]) -> bool:
    """Ask one edge host to purge these keys; True once it confirmed them all."""
    if _failed_until.get(url, 0) > time.monotonic():
        return False
    # Header sizes and CDN APIs limit the keys per request (Cloudflare: 30).
    size = 30 if conf.edge() == "cloudflare" else 100
    try:
        for start in range(0, len(keys), size):
            request = _request(url, keys[start : start + size])
            with _opener.open(request, timeout=TIMEOUT) as answer:
                if not 200 <= answer.status < 300:
                    raise OSError(f"HTTP {answer.status}")
    except (OSError, ValueError) as error:  # refused, timed out, a malformed URL
        logger.warning("edge purge failed at %s: %s", url, error)
        _failed_until[url] = time.monotonic() + RETRY_EVERY
        return False
    return True


def _request(url: str, keys: list[str]) -> urllib.request.Request:
    token = settings.STEPPE_EDGE_PURGE_TOKEN
    edge = conf.edge()
    if edge == "fastly":  # POST /service/<id>/purge, keys in Surrogate-Key
        headers = {"Surrogate-Key": " ".join(keys), "Fastly-Key": token}
        return urllib.request.Request(url, method="POST", headers=headers)
    if edge == "cloudflare":  # POST /zones/<id>/purge_cache {"tags": [...]}
        return urllib.request.Request(
            url,
            method="POST",
            data=json.dumps({"tags": keys}).encode(),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
            },
        )
    # deploy/varnish.vcl: PURGE with the keys in xkey-purge, from its ACL only.
    return urllib.request.Request(
        url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
    )


def forget_failures() -> None:
    """Try every host again at once (tests, and drain_purges)."""
    _failed_until.clear()


class DrainMiddleware:
    """Retries pending purges on later requests, without a cron job or a service."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if conf.edge() != "none" and time.monotonic() - _last_drain[0] > RETRY_EVERY:
            _last_drain[0] = time.monotonic()
            drain()
        return response
