"""Self-hosted spam and flood checks, in the order DESIGN.md §8 gives them."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_comments_xtd.models import XtdComment

from blog.comments.models import CommentModeration
from blog.comments.tree import approved
from blog.limits import serialize, take

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    state: str  # a CommentModeration.Verdict value
    reason: str = ""


def _senders(kind: str, *, ip: str | None, email: str) -> list[str]:
    return [f"{kind}:email:{email.lower()}"] + ([f"{kind}:ip:{ip}"] if ip else [])


def flood_wait(*, ip: str | None, email: str) -> int | None:
    """Seconds to wait before this IP or e-mail may comment again, or None.

    Call it in the transaction that stores the comment: it locks this IP and
    e-mail until then, so a comment sent at the same moment counts this one.
    """
    serialize(*_senders("comment", ip=ip, email=email))
    now = timezone.now()
    who = Q(user_email__iexact=email)
    if ip:
        who |= Q(ip_address=ip)
    recent = XtdComment.norel_objects.filter(who)
    for seconds, allowed in settings.COMMENTS_FLOOD_LIMITS:
        since = now - timedelta(seconds=seconds)
        times = list(
            recent.filter(submit_date__gte=since)
            .order_by("-submit_date")
            .values_list("submit_date", flat=True)[:allowed]
        )
        if len(times) >= allowed:
            return max(
                1, int((times[-1] + timedelta(seconds=seconds) - now).total_seconds())
            )
    return None


def confirmation_wait(*, ip: str | None, email: str) -> int | None:
    """Seconds before another confirmation mail may go to this e-mail or IP, or None.

    Nothing is stored until the link is clicked, so flood_wait sees none of these:
    each confirmation mail counts here as a comment would (COMMENTS_FLOOD_LIMITS).
    """
    return take(_senders("confirm", ip=ip, email=email), settings.COMMENTS_FLOOD_LIMITS)


def _word_found(words: list[str], text: str) -> str | None:
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            return word
    return None


def judge(*, name: str, email: str, url: str, text: str, ip: str | None) -> Verdict:
    """Spam, held or approved: the moderator stays the gate for anything doubtful."""
    Verdict_ = CommentModeration.Verdict
    everything = " ".join([name, email, url, text])
    if word := _word_found(settings.COMMENTS_DISALLOWED_WORDS, everything):
        return Verdict(Verdict_.SPAM, _("disallowed word “%(word)s”") % {"word": word})
    marked = CommentModeration.objects.filter(
        verdict=Verdict_.SPAM, decided_by__isnull=False
    )
    same_sender = Q(comment__user_email__iexact=email)
    if ip:
        same_sender |= Q(comment__ip_address=ip)
    if marked.filter(same_sender).exists():
        return Verdict(
            Verdict_.SPAM, _("earlier comment from this e-mail or IP was spam")
        )
    if word := _word_found(settings.COMMENTS_MODERATION_WORDS, everything):
        return Verdict(Verdict_.HELD, _("moderation word “%(word)s”") % {"word": word})
    links = len(LINK.findall(text))
    if links >= settings.COMMENTS_HOLD_LINKS:
        reason = ngettext("%(count)d link", "%(count)d links", links)
        return Verdict(Verdict_.HELD, reason % {"count": links})
    if settings.COMMENTS_APPROVE_RETURNING and _returning(name=name, email=email):
        if links:  # a link is what an impostor or a hijacked address is after
            return Verdict(Verdict_.HELD, _("returning commenter, with a link"))
        return Verdict(Verdict_.APPROVED, _("returning commenter"))
    return Verdict(Verdict_.HELD, _("new commenter"))


def _returning(*, name: str, email: str) -> bool:
    """Name and e-mail both match an approved comment, as in WordPress."""
    # An e-mail address is not a secret: anyone can type a regular's address.
    return (
        approved(XtdComment.norel_objects)
        .filter(user_email__iexact=email, user_name__iexact=name.strip())
        .exists()
    )


def link_count(text: str) -> int:
    return len(LINK.findall(text))
