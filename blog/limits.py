"""Rate limits that hold when requests arrive at once, on PostgreSQL and SQLite.

A limit that counts rows, then inserts one, lets concurrent requests all count the
same number. Here a request first writes to a small row named after the limit and
the sender: PostgreSQL locks that row, SQLite the database, until the transaction
ends, so the next request with the same sender counts after this one committed.
Rows are named by a keyed hash, never by the address or e-mail itself.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.db.transaction import TransactionManagementError
from django.utils import timezone


class Allowance(models.Model):
    """One sender's use of one limit: a lock row, or a counter for a time window."""

    key = models.CharField(max_length=64, primary_key=True)
    window_start = models.DateTimeField(default=timezone.now)
    hits = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.hits} since {self.window_start:%Y-%m-%d %H:%M}"


def _key(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _lock(keys: list[str], **touch) -> None:
    """Create and write these rows, in one order for all (no deadlocks)."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("A limit's lock lasts for a transaction.")
    keys = sorted(set(keys))
    Allowance.objects.bulk_create(
        [Allowance(key=key) for key in keys], ignore_conflicts=True
    )
    for key in keys:  # an UPDATE locks the row even when nothing changes
        Allowance.objects.filter(key=key).update(
            **(touch or {"hits": models.F("hits")})
        )


def serialize(*names: str) -> None:
    """Until this transaction ends, others naming any of these wait here."""
    _lock([_key("lock", name) for name in names], window_start=timezone.now())


def take(names: list[str], limits) -> int | None:
    """Count one use by each name, unless a limit is reached: then seconds to wait.

    `limits` are (seconds, allowed) windows, as COMMENTS_FLOOD_LIMITS.
    """
    keyed = {_key("hits", str(s), name): (s, allowed) for name in names
             for s, allowed in limits}  # fmt: skip
    if not keyed:
        return None
    _lock(list(keyed))
    now = timezone.now()
    rows = list(Allowance.objects.filter(key__in=keyed))
    wait = 0
    for row in rows:
        seconds, allowed = keyed[row.key]
        ends = row.window_start + timedelta(seconds=seconds)
        if ends <= now:  # a new window
            row.window_start, row.hits = now, 0
        elif row.hits >= allowed:
            wait = max(wait, int((ends - now).total_seconds()) + 1)
    if wait:
        return wait
    for row in rows:
        row.hits += 1
        row.save(update_fields=["window_start", "hits"])
    return None


def used(name: str, seconds: int) -> int:
    """The uses of `name` counted in its current window of `seconds` (no lock)."""
    row = Allowance.objects.filter(key=_key("hits", str(seconds), name)).first()
    if row is None or row.window_start + timedelta(seconds=seconds) <= timezone.now():
        return 0
    return row.hits


def forget(name: str, seconds: int) -> None:
    """Start `name`'s window of `seconds` afresh."""
    Allowance.objects.filter(key=_key("hits", str(seconds), name)).delete()


def forget_stale(*, older_than: timedelta) -> int:
    """Drop rows no window still needs (run with purge_comment_ips)."""
    cutoff = timezone.now() - older_than
    return Allowance.objects.filter(window_start__lt=cutoff).delete()[0]
