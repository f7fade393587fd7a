import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.limits import serialize
from surveys.cache import quotes_changed
from surveys.models import Answer, Quote, Response


def voter_hash(*, survey, ip: str | None) -> str:
    """An IP address, keyed and hashed: enough to rate-limit, useless to read."""
    message = f"{survey.pk}:{ip or '-'}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def over_rate_limit(*, survey, voter: str) -> bool:
    """Whether this voter used up the survey's limit.

    Call it in the transaction that stores the response (ATOMIC_REQUESTS): it
    locks this voter until then, so a response sent at the same moment counts it.
    """
    serialize(f"survey:{survey.pk}:{voter}")
    window = timezone.now() - timedelta(seconds=settings.SURVEY_RATE_WINDOW)
    recent = Response.objects.filter(
        survey=survey, voter_hash=voter, created_at__gte=window
    )
    return recent.count() >= settings.SURVEY_RATE_LIMIT


def submit_response(
    *, survey, submission_key, answers, voter: str, user=None
) -> Response:
    """Store one response; the same submission key twice stores it once."""
    existing = Response.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submission_key=submission_key,
                voter_hash=voter,
                user=user if user is not None and user.is_authenticated else None,
            )
            for question, choice_id, text in answers:
                answer = Answer.objects.create(
                    response=response, question=question, choice_id=choice_id, text=text
                )
                if text:  # free text waits for a moderator before it is shown
                    Quote.objects.create(question=question, text=text, answer=answer)
    except IntegrityError:  # a double submit that raced the check above
        return Response.objects.get(submission_key=submission_key)
    return response


@transaction.atomic
def moderate_quotes(*, quotes, moderator, approve: bool) -> int:
    status = Quote.Status.APPROVED if approve else Quote.Status.REJECTED
    quotes_changed(quotes)
    return quotes.update(status=status, decided_by=moderator, decided_at=timezone.now())
