"""Outgoing mail: queued in the database with what caused it, sent after commit.

django-mailer keeps the queue: a message is a row written in the same transaction
as the comment that caused it, so a rolled-back request sends nothing and a
committed one loses nothing. Once the transaction commits, this backend tries to
send that request's messages at once, with EMAIL_TIMEOUT; what fails stays queued
(deferred) for `manage.py retry_deferred` and `manage.py send_mail` (README,
Operations). A reader's request never fails or waits long because of mail.
"""

import logging
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from mailer import engine
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, Message, MessageLog

log = logging.getLogger(__name__)

# After a failure, this process leaves sending to the retry for a while, so that a
# hung SMTP server costs one reader EMAIL_TIMEOUT rather than every reader.
_paused_until = 0.0


class QueuedBackend(BaseEmailBackend):
    """Queue each message with the current transaction; send it after commit."""

    def send_messages(self, email_messages):
        rows = Message.objects.bulk_create([Message(email=m) for m in email_messages])
        ids = [row.pk for row in rows]
        if ids:
            transaction.on_commit(lambda: send_now(ids), robust=True)
        return len(rows)


def send_now(ids: list[int]) -> None:
    """Try to send these queued messages once; failures stay queued and logged."""
    global _paused_until
    if time.monotonic() < _paused_until:
        log.info("mail %s left for the retry: SMTP failed recently", ids)
        return
    queued = Message.objects.filter(pk__in=ids)
    try:
        engine.send_all(queued)
    except Exception:  # mail must never fail a request that has already committed
        log.exception("sending queued mail failed")
    if queued.filter(priority=PRIORITY_DEFERRED).exists():
        _paused_until = time.monotonic() + settings.MAIL_RETRY_PAUSE


def defer_and_log(connection, message, exc):
    """django-mailer's error handler: any failure defers the message, with a log."""
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=str(exc)[:1000])
    # Subject and id, no addresses: logs are kept longer than the queue.
    log.warning(
        "mail deferred, queued for the retry: message %s, “%s”: %s: %s",
        message.pk,
        message.subject,
        type(exc).__name__,
        exc,
    )
    return None, "deferred"  # None: the next message opens a new connection


def resume() -> None:
    """Forget a recent failure (tests, and after an operator fixed the server)."""
    global _paused_until
    _paused_until = 0.0
